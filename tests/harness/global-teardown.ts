import fs from 'fs';
import path from 'path';
import { ROOT } from './env';

/** Throwaway SQLite files live in one folder; whatever a crashed test left there goes too. */
export default async function globalTeardown() {
  fs.rmSync(path.join(ROOT, '.tmp', 'test'), { recursive: true, force: true });
}
