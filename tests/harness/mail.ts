import fs from 'fs';
import path from 'path';

/** The development mail folder's .eml files, read back: recipient, subject and text, oldest first. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

const decodeWord = (value: string) => value.replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));

export function readMailFolder(dir: string): Mail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => {
      const raw = fs.readFileSync(path.join(dir, name), 'utf8');
      const [head, ...rest] = raw.split('\r\n\r\n');
      const headers = Object.fromEntries(head.split('\r\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      return { to: headers.to, subject: decodeWord(headers.subject ?? ''), text: Buffer.from(rest.join('\r\n\r\n').replace(/\r\n/g, ''), 'base64').toString('utf8') };
    });
}

/** Waits until a message in the folder matches (it is sent after the commit), and returns it. */
export async function waitForMail(dir: string, matches: (mail: Mail, all: Mail[]) => boolean, timeoutMs = 15_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = readMailFolder(dir);
    const found = mails.find((mail) => matches(mail, mails));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching mail in ${dir}: ${mails.map((m) => m.subject).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
