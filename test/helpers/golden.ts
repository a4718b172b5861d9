/**
 * Golden-file comparison. With UPDATE_GOLDEN=1 the expected file is written instead of compared (review the diff
 * before committing); without it a missing golden fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './cli.js';

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';
export const GOLDEN_DIR = join(ROOT, 'test', 'golden');

export function expectGolden(name: string, actual: string, testFile: string): void {
  const file = join(GOLDEN_DIR, name);
  if (UPDATE_GOLDEN) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${file} is missing; run UPDATE_GOLDEN=1 npx vitest run ${testFile}`).toBe(true);
  expect(actual, `output differs from ${name}; if the change is intended, regenerate with UPDATE_GOLDEN=1 and review the diff`).toBe(readFileSync(file, 'utf8'));
}
