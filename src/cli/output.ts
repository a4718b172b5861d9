/**
 * The one module that writes to the terminal and decides colour. Everything else returns strings or data.
 * Colour only on a TTY, never with NO_COLOR; FORCE_COLOR forces it.
 */
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

export function colorEnabled(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function createStyle(enabled: boolean): Style {
  const chalk: ChalkInstance = new Chalk({ level: enabled ? 1 : 0 });
  return { enabled, bold: chalk.bold, dim: chalk.dim, red: chalk.red, yellow: chalk.yellow, green: chalk.green, cyan: chalk.cyan };
}

export const stdoutStyle = (): Style => createStyle(colorEnabled(process.stdout));
export const stderrStyle = (): Style => createStyle(colorEnabled(process.stderr));

/** A reader that stops early (`capacity plan | head`) closes the pipe: that ends the output, it is not an error. */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw error;
    });
  }
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Progress lines for long work: only when stderr is a terminal, so logs and pipes stay clean. */
export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
}

export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
