import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { UserError } from './errors.js';
import { dirname, join, basename, resolve } from 'node:path';

let tmpCount = 0;

/**
 * Write a file atomically: a temporary file beside it, then rename, so readers never see half a file. The temporary
 * file is created exclusively (never through a file or link already there). Missing directories are created;
 * `privately` makes them readable by their owner only (0700) and the file too (0600), for what a user keeps for
 * themself.
 */
export function writeFileAtomic(file: string, content: string, options: { privately?: boolean } = {}): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.${++tmpCount}.tmp`);
  try {
    makeDirectories(dirname(file), options.privately ? 0o700 : undefined);
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
    throw new UserError(`cannot write ${file}: ${whyNot(code)}`, [], code === 'EISDIR' ? 'give a file name, not a directory' : undefined);
  }
}

/**
 * `mkdir -p`. Not Node's `mkdirSync(dir, { recursive: true })`: where a directory exists but creating a child in it
 * fails with ENOENT (anywhere under /proc, or a link to a directory that is gone), Node's loop creates the parent
 * again and retries, for ever. Here the walk goes up until a directory exists or is made, then down once, and an
 * error on the way down is final.
 */
function makeDirectories(dir: string, mode?: number): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    try {
      mkdirSync(at, mode === undefined ? {} : { mode });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') break;
      const parent = dirname(at);
      if (code !== 'ENOENT' || parent === at) throw error;
      missing.push(at);
      at = parent;
    }
  }
  for (let k = missing.length - 1; k >= 0; k--) {
    try {
      mkdirSync(missing[k]!, mode === undefined ? {} : { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** What a failed write's error code means, for the message. */
function whyNot(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'a directory on its path does not exist and cannot be created (ENOENT)';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a directory (ENOTDIR)';
    case 'EEXIST':
      return 'something already stands at its temporary name (EEXIST)';
    case 'EISDIR':
      return 'it is a directory (EISDIR)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    default:
      return code ?? 'unknown error';
  }
}
