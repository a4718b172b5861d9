/**
 * Golden files for `capacity sweep` with the default profile and the bundled snapshot:
 *
 *   test/golden/sweep-default.txt        --format table, 50..20000, 60 points
 *   test/golden/sweep-default-chart.txt  --format chart
 *
 * Regenerate on purpose with `UPDATE_GOLDEN=1 npx vitest run test/sweep/golden.test.ts` and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { show } from '../e2e/expect-cli.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const file = join(ROOT, 'test', 'golden', name);
  if (UPDATE) return writeFileSync(file, actual);
  expect(existsSync(file), `${file} is missing; run UPDATE_GOLDEN=1 npx vitest run test/sweep/golden.test.ts`).toBe(true);
  expect(actual, `output differs from ${name}; if intended, regenerate with UPDATE_GOLDEN=1 and review the diff`).toBe(readFileSync(file, 'utf8'));
}

describe('golden: capacity sweep --users 50..20000', () => {
  it.each([
    ['sweep-default.txt', 'table'],
    ['sweep-default-chart.txt', 'chart'],
  ])('%s', (name, format) => {
    const r = runCli(['sweep', '--users', '50..20000', '--format', format]);
    expect(r.status, show(r)).toBe(0);
    expect(r.stderr).toBe('');
    golden(name, r.stdout);
  });
});
