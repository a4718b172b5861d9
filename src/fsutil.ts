import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { UserError } from './errors.js';
import { dirname, join, basename } from 'node:path';

let tmpCount = 0;

/**
 * Write a file atomically: a temporary file beside it, then rename, so readers never see half a file. The temporary
 * file is created exclusively (never through a file or link already there). `privately` makes the directories it
 * creates readable by their owner only (0700) and the file too (0600), for what a user keeps for themself.
 */
export function writeFileAtomic(file: string, content: string, options: { privately?: boolean } = {}): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.${++tmpCount}.tmp`);
  try {
    mkdirSync(dirname(file), { recursive: true, ...(options.privately ? { mode: 0o700 } : {}) });
    writeFileSync(tmp, content, { flag: 'wx', ...(options.privately ? { mode: 0o600 } : {}) });
    renameSync(tmp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    try {
      // EEXIST: what is at that name was there before, and is not this write's to remove.
      if (code !== 'EEXIST') rmSync(tmp, { force: true });
    } catch {
      // The directory itself is unusable; the temporary file cannot be removed.
    }
    throw new UserError(`cannot write ${file}${code ? `: ${code}` : ''}`, [], code === 'EISDIR' ? 'give a file name, not a directory' : undefined);
  }
}
