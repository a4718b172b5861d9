/**
 * The one module that writes to the terminal and decides colour. Everything else returns strings or data.
 * Colour only on a TTY, never with NO_COLOR; FORCE_COLOR forces it.
 */
import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Chalk, type ChalkInstance } from 'chalk';

export interface Style {
  enabled: boolean;
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  cyan: (s: string) => string;
}

const requireBuiltin = createRequire(import.meta.url);
/** Windows: output goes through process.stdout and process.stderr, which translate for the console (see writeRaw). */
const useStreams = process.platform === 'win32';

/**
 * Whether `fd` is a terminal. A terminal is a character device, so a pipe or a file (what scripts and CI give) is
 * told apart by fstat alone; node:tty, which brings the stream stack with it (about 5 ms), is loaded only for a
 * character device, which may be a terminal or something else such as /dev/null. Not on Windows, whose console
 * fstat does not always describe, and where the output streams load node:tty anyway.
 */
function isTerminal(fd: 1 | 2): boolean {
  if (!useStreams) {
    try {
      if (!fstatSync(fd).isCharacterDevice()) return false;
    } catch {
      return false; // a closed descriptor, which isatty calls no terminal either
    }
  }
  return (requireBuiltin('node:tty') as typeof import('node:tty')).isatty(fd);
}

export function colorEnabled(fd: 1 | 2 = 1, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return env.TERM !== 'dumb' && isTerminal(fd);
}

export function createStyle(enabled: boolean): Style {
  const chalk: ChalkInstance = new Chalk({ level: enabled ? 1 : 0 });
  return { enabled, bold: chalk.bold, dim: chalk.dim, red: chalk.red, yellow: chalk.yellow, green: chalk.green, cyan: chalk.cyan };
}

/** The style for stdout; JSON never carries colour, so for it the terminal is not even asked. */
export const stdoutStyle = (format?: string): Style => createStyle(format !== 'json' && colorEnabled(1));

// Output is written to the file descriptors synchronously, as one whole text per call. process.stdout and
// process.stderr are never created: making them costs milliseconds per run (for a pipe, the net and stream modules),
// and a write that returns has reached the pipe, file or terminal, so the process may exit at once. On Windows the
// streams are used, since they translate for the console.
let sleepCell: Int32Array | undefined;
let streamsGuarded = false;

/** A closed pipe (EPIPE) ends the output quietly, not with an error. */
function endQuietly(): never {
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
}

/**
 * Writes all of `text` to `fd`. A reader that stops early (`capacity plan | head`) closes the pipe: that ends the
 * output, it is not an error, and the process exits quietly. A descriptor left non-blocking by the parent may refuse
 * a write for a moment (EAGAIN): the write waits a millisecond and goes on.
 */
export function writeRaw(fd: 1 | 2, text: string): void {
  if (useStreams) {
    if (!streamsGuarded) {
      streamsGuarded = true;
      for (const stream of [process.stdout, process.stderr]) {
        stream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'EPIPE') endQuietly();
          throw error;
        });
      }
    }
    (fd === 1 ? process.stdout : process.stderr).write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') endQuietly();
      if (code !== 'EAGAIN') throw error;
      Atomics.wait((sleepCell ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
    }
  }
}

/**
 * Whether an --out names standard output: `-` or /dev/stdout, which are written as stdout is (opened by name, the
 * latter fails on a socket, as a parent process's pipe may be).
 */
export function isStandardOutput(out: string): boolean {
  return out === '-' || out === '/dev/stdout';
}

export function writeOut(text: string): void {
  writeRaw(1, text.endsWith('\n') ? text : `${text}\n`);
}

export function writeErr(text: string): void {
  writeRaw(2, text.endsWith('\n') ? text : `${text}\n`);
}

/** Progress lines for long work: only when stderr is a terminal, so logs and pipes stay clean. */
export function progress(text: string): void {
  if (isTerminal(2)) writeRaw(2, `\r\x1b[2K${text}`);
}

export function progressDone(): void {
  if (isTerminal(2)) writeRaw(2, '\r\x1b[2K');
}
