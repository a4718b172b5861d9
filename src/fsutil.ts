import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { UserError } from './errors.js';
import { dirname, join, basename } from 'node:path';

/**
 * Write a file atomically: a temporary file beside it, then rename, so readers never see half a file. `privately`
 * makes a new directory readable by its owner only (0700) and the file too (0600), for what a user keeps for themself.
 */
export function writeFileAtomic(file: string, content: string, options: { privately?: boolean } = {}): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dirname(file), { recursive: true, ...(options.privately ? { mode: 0o700 } : {}) });
    writeFileSync(tmp, content, options.privately ? { mode: 0o600 } : {});
    renameSync(tmp, file);
  } catch (error) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The directory itself is unusable; there is no temporary file to remove.
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write ${file}${code ? `: ${code}` : ''}`, [], code === 'EISDIR' ? 'give a file name, not a directory' : undefined);
  }
}
