import { lstatSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { UserError } from './errors.js';
import { basename, dirname, sep } from 'node:path';

let tmpCount = 0;

/**
 * Write a file atomically: a temporary file beside it, then rename, so readers never see half a file. The temporary
 * file is created exclusively (never through a file or link already there). Missing directories are created;
 * `privately` makes them readable by their owner only (0700) and the file too (0600), for what a user keeps for
 * themself.
 */
export function writeFileAtomic(given: string, content: string, options: { privately?: boolean } = {}): void {
  let file = given;
  try {
    // What the user named may be a link (written through, to what it points at) or not a file at all (/dev/stdout, a
    // FIFO: written to as it is, since a rename would put a file in its place). Not so for a private file, where a
    // link planted by someone else is replaced, never followed.
    if (!options.privately) {
      const stat = statSync(given);
      if (!stat.isFile() && !stat.isDirectory()) return writeFileSync(given, content);
      if (stat.isFile() && lstatSync(given).isSymbolicLink()) file = realpathSync(given);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`cannot write ${given}: ${whyNot((error as NodeJS.ErrnoException).code)}`);
  }
  // Beside the file, by the path as given (join would read `link/..` as text, not as the system does).
  const tmp = `${dirname(file)}${sep}.${basename(file)}.${process.pid}.${Date.now()}.${++tmpCount}.tmp`;
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
    throw new UserError(`cannot write ${given}: ${whyNot(code)}`, [], code === 'EISDIR' ? 'give a file name, not a directory' : undefined);
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
  // The path as given, not resolved: `link/../x` is x beside what the link points at, as the system reads it.
  let at = dir;
  for (;;) {
    try {
      mkdirSync(at, mode === undefined ? {} : { mode });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || isDirectory(at)) break; // a drive root on Windows, or a read-only parent, says EPERM
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

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** What a failed read's error code means, for the message. */
export function whyNotRead(code: string | undefined): string {
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory, not a file (EISDIR)' : whyNot(code);
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
