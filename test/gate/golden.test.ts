/**
 * Golden files of `capacity gate`, as a pull request would see them: the budget test/fixtures/gate/budget.yaml
 * (default profile, 500 users, a launch checkpoint at 5,000) against a baseline saved on "main" with a cheaper model.
 *
 *   test/golden/gate-fail.md    markdown, one rule over budget (the pull-request comment)
 *   test/golden/gate-fail.txt   table
 *   test/golden/gate-pass.md    markdown, every limit met, with the (zero) change against the baseline
 *
 * When the output changes on purpose, regenerate them and review the diff before committing:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/gate/golden.test.ts
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, stripAnsi, tmpDir } from '../helpers/cli.js';
import { expectGolden, GOLDEN_DIR, UPDATE_GOLDEN } from '../helpers/golden.js';
import { show } from '../e2e/expect-cli.js';
import { FIXTURES, gate } from './helpers.js';

const golden = (name: string, actual: string) => expectGolden(name, actual, 'test/gate/golden.test.ts');

/** A working directory like a CI checkout: the budget, and a baseline saved by `capacity plan` on the main branch. */
function checkout(budget: string, baselineArgs: string[]): string {
  const dir = mkdtempSync(join(tmpDir(), 'checkout-'));
  copyFileSync(join(FIXTURES, budget), join(dir, 'budget.yaml'));
  const saved = runCli(['plan', '--users', '500', ...baselineArgs, '--format', 'json', '--out', 'baseline.json'], { cwd: dir });
  expect(saved.status, show(saved)).toBe(0);
  return dir;
}

const failing = checkout('budget.yaml', ['--model', 'gpt-4.1-nano']);
const run = (dir: string, format: string, status: number): string => {
  const result = gate(['--budget', 'budget.yaml', '--baseline', 'baseline.json', '--format', format], dir);
  expect(result.status, show(result)).toBe(status);
  expect(result.stderr, show(result)).toBe('');
  return result.stdout;
};

describe('golden: capacity gate', () => {
  it('markdown, over budget (gate-fail.md)', () => {
    golden('gate-fail.md', run(failing, 'markdown', 1));
  });

  it('table, over budget (gate-fail.txt)', () => {
    golden('gate-fail.txt', stripAnsi(run(failing, 'table', 1)));
  });

  it('markdown, within budget (gate-pass.md)', () => {
    golden('gate-pass.md', run(checkout('budget-pass.yaml', []), 'markdown', 0));
  });

  it('the markdown starts with the verdict line and agrees with the JSON report', () => {
    if (UPDATE_GOLDEN) return;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = JSON.parse(run(failing, 'json', 1));
    const md = readFileSync(join(GOLDEN_DIR, 'gate-fail.md'), 'utf8');
    const lines = md.split('\n');
    const failed = json.rules.filter((r: { ok: boolean }) => !r.ok);
    expect(lines[0]).toBe(`❌ **capacity gate: fail**, ${failed.length} of ${json.rules.length} rules exceeded, ${json.skipped.length} not checked; $125.83/month at 500 users, +$63.74 (+102.7 %) against baseline.json`);
    expect(json.plans[0].totals.monthlyUsd).toBe(125.826266);
    expect(json.diff.totals.monthly.changeMicros).toBe(63_736_700);
    for (const r of json.rules) expect(md).toContain(r.ok ? `| \`${r.rule}\` |` : `| **\`${r.rule}\`** |`);
    expect(failed.map((r: { rule: string }) => r.rule)).toEqual(['components.database', 'maxIncreasePercent']);
    expect(md).toContain('| **`components.database`** | **$11.68** | $10.00 | ❌ **over by $1.68** |');
    for (const s of json.skipped) expect(md).toContain(`Not checked: \`${s.rule}\``);
    expect(lines.at(-2)).toBe('<!-- capacity-gate -->');
  });
});
