import crypto from 'crypto';
import fs from 'fs';
import { pipeline } from 'stream/promises';
import zlib from 'zlib';
import * as tar from 'tar';

/**
 * A backup archive: a directory, tarred, gzipped and sealed with AES-256-GCM under a key derived
 * from a passphrase (scrypt). Strapi's own `strapi export --key` uses AES-128-ECB, which shows
 * repeated blocks and has no integrity check; GCM refuses a wrong key and any changed byte.
 *
 * Layout: one line of magic, one line of JSON header (authenticated as associated data), the
 * ciphertext, and the 16-byte tag at the end.
 */
const MAGIC = 'SHENBAO-BACKUP 1\n';
const TAG_BYTES = 16;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

interface Header {
  kdf: 'scrypt';
  salt: string;
  iv: string;
  createdAt: string;
}

export class ArchiveError extends Error {}

const deriveKey = (passphrase: string, salt: Buffer) => crypto.scryptSync(passphrase, salt, 32, SCRYPT);

export async function sealDirectory(dir: string, file: string, passphrase: string): Promise<void> {
  const header: Header = { kdf: 'scrypt', salt: crypto.randomBytes(16).toString('base64'), iv: crypto.randomBytes(12).toString('base64'), createdAt: new Date().toISOString() };
  const headerLine = `${JSON.stringify(header)}\n`;
  const cipher = crypto.createCipheriv('aes-256-gcm', deriveKey(passphrase, Buffer.from(header.salt, 'base64')), Buffer.from(header.iv, 'base64'));
  cipher.setAAD(Buffer.from(MAGIC + headerLine));
  const partial = `${file}.partial`;
  const out = fs.createWriteStream(partial, { mode: 0o600 });
  out.write(MAGIC + headerLine);
  await pipeline(tar.c({ cwd: dir, portable: true }, ['.']), zlib.createGzip(), cipher, out);
  fs.appendFileSync(partial, cipher.getAuthTag());
  // a backup interrupted half-way must never be mistaken for a whole one
  fs.renameSync(partial, file);
}

function readHeader(file: string): { header: Header; prefix: Buffer; size: number } {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 1024));
    fs.readSync(fd, head, 0, head.length, 0);
    const text = head.toString('utf8');
    const end = text.indexOf('\n', MAGIC.length);
    if (!text.startsWith(MAGIC) || end === -1) throw new ArchiveError('不是申报系统的备份文件');
    const header = JSON.parse(text.slice(MAGIC.length, end)) as Header;
    return { header, prefix: head.subarray(0, Buffer.byteLength(text.slice(0, end + 1))), size };
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError('备份文件头无法读取，文件可能已损坏');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens an archive into `dir`. Nothing in `dir` may be used unless this resolves: GCM checks the
 * tag only at the end, so a wrong key or a changed byte rejects after extraction, and the caller
 * then discards the directory.
 */
export async function openArchive(file: string, passphrase: string, dir: string): Promise<{ createdAt: string }> {
  if (!fs.existsSync(file)) throw new ArchiveError(`备份文件不存在：${file}`);
  const { header, prefix, size } = readHeader(file);
  const start = prefix.length;
  if (size < start + TAG_BYTES) throw new ArchiveError('备份文件不完整');
  const tag = Buffer.alloc(TAG_BYTES);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  fs.closeSync(fd);
  const decipher = crypto.createDecipheriv('aes-256-gcm', deriveKey(passphrase, Buffer.from(header.salt, 'base64')), Buffer.from(header.iv, 'base64'));
  decipher.setAAD(prefix);
  decipher.setAuthTag(tag);
  fs.mkdirSync(dir, { recursive: true });
  try {
    await pipeline(fs.createReadStream(file, { start, end: size - TAG_BYTES - 1 }), decipher, zlib.createGunzip(), tar.x({ cwd: dir, strict: true }));
  } catch {
    throw new ArchiveError('备份密钥不正确，或备份文件已被改动或损坏');
  }
  return { createdAt: header.createdAt };
}
