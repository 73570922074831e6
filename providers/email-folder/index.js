'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

/**
 * Writes every message to `<dir>/<timestamp>-<id>.json` instead of sending it. Used by the demo
 * and the tests; production sets EMAIL_PROVIDER=nodemailer and talks SMTP.
 */
module.exports = {
  init(providerOptions = {}, settings = {}) {
    const dir = path.resolve(providerOptions.dir || '.tmp/mail');
    return {
      async send(options) {
        fs.mkdirSync(dir, { recursive: true });
        const message = {
          from: options.from || settings.defaultFrom,
          replyTo: options.replyTo || settings.defaultReplyTo,
          to: options.to,
          cc: options.cc,
          bcc: options.bcc,
          subject: options.subject,
          text: options.text,
          html: options.html,
          date: new Date().toISOString(),
        };
        const name = `${message.date.replace(/[:.]/g, '-')}-${crypto.randomUUID()}.json`;
        fs.writeFileSync(path.join(dir, name), JSON.stringify(message, null, 2));
      },
    };
  },
};
