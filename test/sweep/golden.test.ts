/**
 * Golden files for `capacity sweep` with the default profile and the bundled snapshot:
 *
 *   test/golden/sweep-default.txt        --format table, 50..20000, 60 points
 *   test/golden/sweep-default-chart.txt  --format chart
 *
 * Regenerate on purpose with `UPDATE_GOLDEN=1 npx vitest run test/sweep/golden.test.ts` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { show } from '../e2e/expect-cli.js';
import { expectGolden } from '../helpers/golden.js';

const golden = (name: string, actual: string) => expectGolden(name, actual, 'test/sweep/golden.test.ts');

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
