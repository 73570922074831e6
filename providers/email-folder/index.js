'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

/**
 * Writes every message to `<dir>/<timestamp>-<id>.eml` instead of sending it: a complete RFC 5322
 * message (UTF-8, base64) that any mail client opens. Used by the demo and the tests; production
 * sets EMAIL_PROVIDER=nodemailer and talks SMTP.
 */
const encodedWord = (text) => `=?UTF-8?B?${Buffer.from(String(text), 'utf8').toString('base64')}?=`;
const base64Lines = (text) => Buffer.from(String(text), 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
const addresses = (value) => (Array.isArray(value) ? value.join(', ') : value);

function toEml(message, id) {
  const headers = [
    ['From', message.from],
    ['Reply-To', message.replyTo],
    ['To', addresses(message.to)],
    ['Cc', addresses(message.cc)],
    ['Subject', encodedWord(message.subject ?? '')],
    ['Date', message.date.toUTCString()],
    ['Message-ID', `<${id}@shenbao.local>`],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
    ['Content-Transfer-Encoding', 'base64'],
  ].filter(([, value]) => value);
  return `${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${base64Lines(message.text ?? '')}\r\n`;
}

module.exports = {
  init(providerOptions = {}, settings = {}) {
    const dir = path.resolve(providerOptions.dir || '.tmp/mail');
    return {
      // Asynchronous, so that a burst of notices never holds up the requests being served.
      async send(options) {
        const date = new Date();
        const id = crypto.randomUUID();
        const message = { ...options, from: options.from || settings.defaultFrom, replyTo: options.replyTo || settings.defaultReplyTo, date };
        const file = path.join(dir, `${date.toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
        try {
          await fs.promises.writeFile(file, toEml(message, id));
        } catch (error) {
          // The folder is made on the first message, and again should someone clear it away.
          if (error.code !== 'ENOENT') throw error;
          await fs.promises.mkdir(dir, { recursive: true });
          await fs.promises.writeFile(file, toEml(message, id));
        }
      },
    };
  },
};
