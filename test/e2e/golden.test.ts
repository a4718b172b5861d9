/**
 * Golden files: the exact output of `capacity plan --users 500` with the default profile and the bundled snapshot.
 *
 *   test/golden/plan-default-500.txt   table format, colour stripped
 *   test/golden/plan-default-500.md    markdown format
 *
 * When the output changes on purpose, regenerate them and review the diff before committing:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/e2e/golden.test.ts
 *
 * With UPDATE_GOLDEN=1 the tests write the files instead of comparing; without it a missing golden fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, stripAnsi } from '../helpers/cli.js';
import { expectGolden, GOLDEN_DIR, UPDATE_GOLDEN } from '../helpers/golden.js';
import { show } from './expect-cli.js';

const golden = (name: string, actual: string) => expectGolden(name, actual, 'test/e2e/golden.test.ts');

function plan(args: string[], env: Record<string, string | undefined> = {}): string {
  const result = runCli(['plan', '--users', '500', ...args], { env });
  expect(result.status, show(result)).toBe(0);
  expect(result.stderr, show(result)).toBe('');
  return result.stdout;
}

const money = (usd: number): string => `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describe('golden: capacity plan --users 500', () => {
  it('table (plan-default-500.txt)', () => {
    golden('plan-default-500.txt', stripAnsi(plan([])));
  });

  it('table with colour forced is the same text once colour is stripped', () => {
    const coloured = plan([], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    // eslint-disable-next-line no-control-regex
    expect(coloured).toMatch(/\x1b\[/);
    expect(stripAnsi(coloured)).toBe(plan([]));
    if (!UPDATE_GOLDEN) expect(stripAnsi(coloured)).toBe(readFileSync(join(GOLDEN_DIR, 'plan-default-500.txt'), 'utf8'));
  });

  it('markdown (plan-default-500.md)', () => {
    golden('plan-default-500.md', plan(['--format', 'markdown']));
  });

  it('the goldens agree with the JSON plan', () => {
    if (UPDATE_GOLDEN) return;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = JSON.parse(plan(['--format', 'json']));
    const txt = readFileSync(join(GOLDEN_DIR, 'plan-default-500.txt'), 'utf8');
    const md = readFileSync(join(GOLDEN_DIR, 'plan-default-500.md'), 'utf8');
    expect(txt).toContain(`${json.binding} (binding)`);
    expect(md).toContain(`**${json.binding}** (binding)`);
    for (const text of [txt, md]) {
      expect(text).toContain(json.phase.id);
      expect(text).toContain(json.pricing.snapshot);
      expect(text).toContain(`total ${money(json.totals.monthlyUsd)}`);
      expect(text).toContain(money(json.totals.infraMonthlyUsd));
      expect(text).toContain(money(json.totals.llmMonthlyUsd));
      for (const c of json.components) {
        expect(text).toContain(c.type);
        expect(text).toContain(money(c.monthlyUsd));
      }
      for (const c of json.constraints) expect(text).toContain(c.id);
      if (json.nextBreakpoint) expect(text).toContain(json.nextBreakpoint.users.toLocaleString('en-US'));
      for (const w of json.warnings) expect(text).toContain(w);
    }
  });
});
