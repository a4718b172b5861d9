/** Runs the built `capacity` binary the way a user would, with a clean, AWS-free environment. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'capacity.cjs');

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * A minimal environment: no AWS settings of the machine leak in, and the cache directory (validated profiles) is the
 * tests' own, not the user's; `undefined` in `extra` removes a variable.
 */
function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    CAPACITY_CACHE_DIR: join(tmpDir(), 'cache'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(tmpDir(), 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpDir(), 'aws-credentials'),
    ...extra,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

export function runCli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; input?: string; bin?: string; timeoutMs?: number } = {}): RunResult {
  const env = cliEnv(options.env);
  // A run killed at the time limit has no status: it reports -1.
  const result = spawnSync(process.execPath, [options.bin ?? BIN, ...args], { cwd: options.cwd ?? ROOT, env, encoding: 'utf8', input: options.input ?? '', timeout: options.timeoutMs ?? 60_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

let dir: string | undefined;
export function tmpDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'capacity-test-'));
  return dir;
}

/** Writes `content` to a fresh temporary file and returns its path. */
export function tmpFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpDir(), 'f-')), name);
  writeFileSync(file, content);
  return file;
}

/** Strips ANSI colour codes, for golden comparisons. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Like runCli, without blocking the event loop: for tests whose local servers must answer the CLI. */
export function runCliAsync(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<RunResult> {
  const env = cliEnv(options.env);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ status: code ?? -1, stdout, stderr });
    });
  });
}
