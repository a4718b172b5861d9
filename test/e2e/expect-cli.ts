/** Assertions shared by the end-to-end tests: user errors are short, located, and never a stack trace. */
import { expect } from 'vitest';
import type { RunResult } from '../helpers/cli.js';

/** The text of a command run, for assertion messages. */
export function show(result: RunResult): string {
  return `exit ${result.status}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** No JavaScript stack frames, no `SomethingError:` class dumps, no "internal error" (a user error is not a bug). */
export function expectNoStackTrace(text: string): void {
  expect(text, 'stack frame in output').not.toMatch(/^\s+at\s/m);
  expect(text, 'error class dump in output').not.toMatch(/\b[A-Za-z]*Error:/);
  expect(text, 'error class name in output').not.toMatch(/\b(Type|Reference|Range|Syntax|Zod|User|Internal|Commander|Yaml)Error\b/);
  expect(text, 'user error reported as a bug').not.toMatch(/internal error|This is a bug/i);
}

/** Exit 2, nothing on stdout, a one-screen message on stderr that starts with `error:`. */
export function expectUsageError(result: RunResult): void {
  expect(result.status, show(result)).toBe(2);
  expect(result.stdout, show(result)).toBe('');
  expect(result.stderr, show(result)).toMatch(/^error: /);
  expectNoStackTrace(result.stderr);
}

export interface Detail {
  line: number;
  column: number;
  path: string;
  message: string;
}

/** The located detail lines of a profile error: `  LINE:COL: field.path: message` (path '' when there is none). */
export function located(stderr: string): Detail[] {
  const out: Detail[] = [];
  for (const m of stderr.matchAll(/^\s+(\d+):(\d+): (?:([^\s:]+): )?(.*)$/gm)) {
    out.push({ line: Number(m[1]), column: Number(m[2]), path: m[3] ?? '', message: m[4]! });
  }
  return out;
}
