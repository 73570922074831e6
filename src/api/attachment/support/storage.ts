import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';

/**
 * Private attachment storage: a folder outside public/, named by random keys. Nothing here is
 * reachable by URL; files leave only through the authorising download routes.
 */
const KEY = /^[a-f0-9]{32}$/;

export const privateDir = (strapi: Core.Strapi) =>
  path.resolve(strapi.dirs.app.root, process.env.UPLOAD_PRIVATE_DIR ?? 'private-uploads');

export function store(strapi: Core.Strapi, sourcePath: string): { key: string; sha256: string; size: number } {
  const dir = privateDir(strapi);
  fs.mkdirSync(dir, { recursive: true });
  const key = crypto.randomBytes(16).toString('hex');
  const content = fs.readFileSync(sourcePath);
  fs.writeFileSync(path.join(dir, key), content, { mode: 0o600 });
  return { key, sha256: crypto.createHash('sha256').update(content).digest('hex'), size: content.length };
}

export function pathOf(strapi: Core.Strapi, key: string): string {
  if (!KEY.test(key)) throw new Error('invalid storage key');
  return path.join(privateDir(strapi), key);
}
