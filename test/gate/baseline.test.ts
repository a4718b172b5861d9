/**
 * Baselines through the built CLI: a plan saved with `capacity plan --format json --out plan.json` is compared with
 * the new plan per component and in total, and growth rules (USD and percent) are checked against it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tmpDir, tmpFile } from '../helpers/cli.js';
import { expectUsageError, show } from '../e2e/expect-cli.js';
import { baselineFile, budgetFile, gate, gateJson, planJson, rule, sum, usdOf } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const now = planJson(['--users', '500']); // gpt-4.1-mini, the default profile's model
const nano = planJson(['--users', '500', '--model', 'gpt-4.1-nano']);

/** The plan as it would have been with an LLM bill of `llmMicros`: the baseline of a pull request that changed it. */
function withLlm(plan: any, llmMicros: number): any {
  const copy = structuredClone(plan);
  copy.components.find((c: any) => c.role === 'llm').monthlyMicros = llmMicros;
  copy.totals.llmMonthlyMicros = llmMicros;
  copy.totals.monthlyMicros = copy.totals.infraMonthlyMicros + llmMicros;
  return copy;
}

describe('a baseline saved by capacity plan --out', () => {
  const saved = join(tmpDir(), 'main-branch', 'plan.json');
  const save = runCli(['plan', '--users', '500', '--model', 'gpt-4.1-nano', '--format', 'json', '--out', saved]);

  it('diffs every component and the total, old → new, ± USD, ± %, also when nothing fails', () => {
    expect(save.status, show(save)).toBe(0);
    const report = gateJson(['--budget', budgetFile('monthlyUsd: 150\n'), '--baseline', saved], 0);
    const d = report.diff;
    expect(d.baseline).toBe(saved);
    expect(d.users).toEqual({ old: 500, new: 500 });
    expect(d.totals.monthly).toMatchObject({ oldMicros: nano.totals.monthlyMicros, newMicros: now.totals.monthlyMicros, changeMicros: now.totals.monthlyMicros - nano.totals.monthlyMicros });
    expect(d.totals.monthly.changePercent).toBeCloseTo(((now.totals.monthlyMicros - nano.totals.monthlyMicros) / nano.totals.monthlyMicros) * 100, 9);
    // Same infrastructure; only the LLM line moves.
    expect(d.components.map((c: any) => [c.role, c.changeMicros === 0])).toEqual(now.components.map((c: any) => [c.role, c.role !== 'llm']));
    const llm = d.components.find((c: any) => c.role === 'llm');
    expect(llm.old.type).toBe('gpt-4.1-nano');
    expect(llm.new.type).toBe('gpt-4.1-mini');
    expect(sum(d.components.map((c: any) => c.changeMicros))).toBe(d.totals.monthly.changeMicros);
  });

  it('shows the change in the table with the per-component rows and the total', () => {
    const result = gate(['--budget', budgetFile('monthlyUsd: 150\n'), '--baseline', saved]);
    expect(result.status, show(result)).toBe(0);
    const change = now.totals.monthlyMicros - nano.totals.monthlyMicros; // 125,826,266 − 62,089,566 = 63,736,700
    expect(change).toBe(63_736_700);
    expect(result.stdout).toMatch(/^capacity gate: pass, 1 rule within budget; \$125\.83\/month at 500 users, \+\$63\.74 \(\+102\.7 %\) against /);
    expect(result.stdout).toMatch(/│ llm +│ openai gpt-4\.1-nano → openai gpt-4\.1-mini +│ \$21\.25 +│ \$84\.98 +│ \+\$63\.74 +│ \+300\.0 % +│/);
    expect(result.stdout).toMatch(/│ database +│ RDS PostgreSQL db\.t4g\.micro +│ \$11\.68 +│ \$11\.68 +│ \$0\.00 +│ 0\.0 % +│/);
    expect(result.stdout).toMatch(/│ total +│ +│ \$62\.09 +│ \$125\.83 +│ \+\$63\.74 +│ \+102\.7 % +│/);
  });
});

describe('growth rules', () => {
  // A baseline total of exactly $100 makes the percent a finite decimal: (125,826,266 − 100,000,000) / 100,000,000 = 25.826266 %.
  const hundred = baselineFile(withLlm(now, 100_000_000 - now.totals.infraMonthlyMicros));
  const increase = now.totals.monthlyMicros - 100_000_000;

  it('maxIncreasePercent exactly met passes; a millionth of a percent less fails', () => {
    expect(increase).toBe(25_826_266);
    const pass = gateJson(['--budget', budgetFile('maxIncreasePercent: 25.826266\n'), '--baseline', hundred], 0);
    expect(rule(pass, 'maxIncreasePercent')).toMatchObject({ unit: 'percent', ok: true, allowed: 25.826266, baselineMicros: 100_000_000, newMicros: now.totals.monthlyMicros });
    expect(rule(pass, 'maxIncreasePercent').actual).toBeCloseTo(25.826266, 9);
    const fail = gate(['--budget', budgetFile('maxIncreasePercent: 25.826265\n'), '--baseline', hundred]);
    expect(fail.status, show(fail)).toBe(1);
    // +25.8 % would look within 25.826265 %: the actual is shown with enough digits.
    expect(fail.stdout).toMatch(/│ maxIncreasePercent +│ \+25\.826266 % +│ 25\.826265 % +│ over +│/);
  });

  it('maxIncreasePercent: 10 against +25.8 % fails with actual against allowed', () => {
    const result = gate(['--budget', budgetFile('maxIncreasePercent: 10\n'), '--baseline', hundred, '--format', 'markdown']);
    expect(result.status, show(result)).toBe(1);
    expect(result.stdout).toContain('| **`maxIncreasePercent`** | **+25.8 %** | 10 % | ❌ **over** |');
    expect(result.stdout).toContain('| **total** |  | **$100.00** | **$125.83** | **+$25.83** | **+25.8 %** |');
  });

  it('maxIncreaseUsd exactly met passes; a micro-dollar less fails', () => {
    const pass = gateJson(['--budget', budgetFile(`maxIncreaseUsd: ${usdOf(increase)}\n`), '--baseline', hundred], 0);
    expect(rule(pass, 'maxIncreaseUsd')).toMatchObject({ ok: true, actualMicros: increase, allowedMicros: increase });
    const fail = gateJson(['--budget', budgetFile(`maxIncreaseUsd: ${usdOf(increase - 1)}\n`), '--baseline', hundred], 1);
    expect(rule(fail, 'maxIncreaseUsd')).toMatchObject({ ok: false, actual: 25.826266, allowed: 25.826265 });
  });

  it('a cheaper plan passes a zero-growth budget', () => {
    const dearer = baselineFile(planJson(['--users', '500', '--model', 'gpt-4.1']));
    const report = gateJson(['--budget', budgetFile('maxIncreaseUsd: 0\nmaxIncreasePercent: 0\n'), '--baseline', dearer], 0);
    expect(rule(report, 'maxIncreaseUsd').actualMicros).toBeLessThan(0);
    expect(rule(report, 'maxIncreasePercent').actual).toBeLessThan(0);
  });

  it('from a zero baseline any increase fails a percent rule (an infinite increase), reported as null', () => {
    const zero = structuredClone(now);
    for (const c of zero.components) c.monthlyMicros = 0;
    Object.assign(zero.totals, { monthlyMicros: 0, infraMonthlyMicros: 0, llmMonthlyMicros: 0 });
    const file = baselineFile(zero);
    const report = gateJson(['--budget', budgetFile('maxIncreasePercent: 1000000\n'), '--baseline', file], 1);
    expect(rule(report, 'maxIncreasePercent')).toMatchObject({ actual: null, ok: false, baselineMicros: 0 });
    const table = gate(['--budget', budgetFile('maxIncreasePercent: 1000000\n'), '--baseline', file]);
    expect(table.stdout).toMatch(/│ maxIncreasePercent +│ \+∞ % \(from \$0\.00\) +│ 1000000 % +│ over +│/);
  });

  it('without a baseline, growth rules are listed as not checked and do not fail the gate', () => {
    const result = gate(['--budget', budgetFile('monthlyUsd: 150\nmaxIncreasePercent: 5\n')]);
    expect(result.status, show(result)).toBe(0);
    expect(result.stdout).toContain('not checked: maxIncreasePercent (at most 5 %): no baseline given (--baseline)');
    const report = gateJson(['--budget', budgetFile('monthlyUsd: 150\nmaxIncreasePercent: 5\n')], 0);
    expect(report.skipped).toEqual([{ rule: 'maxIncreasePercent', plan: 'main', users: 500, unit: 'percent', allowed: 5, reason: 'no baseline given (--baseline)' }]);
    expect(report.diff).toBeNull();
  });
});

describe('which plan a baseline applies to', () => {
  it('one baseline per checkpoint, matched by user count', () => {
    const b500 = baselineFile(nano, 'b500.json');
    const nano5000 = planJson(['--users', '5000', '--model', 'gpt-4.1-nano']);
    const now5000 = planJson(['--users', '5000']);
    const b5000 = baselineFile(nano5000, 'b5000.json');
    const yaml = 'checkpoints:\n  - users: 500\n    maxIncreasePercent: 200\n  - users: 5000\n    maxIncreasePercent: 50\n';
    const report = gateJson(['--budget', budgetFile(yaml), '--baseline', b5000, '--baseline', b500], 1);
    const pct = (a: any, b: any) => ((b.totals.monthlyMicros - a.totals.monthlyMicros) / a.totals.monthlyMicros) * 100;
    expect(rule(report, 'checkpoints.0.maxIncreasePercent')).toMatchObject({ ok: true, baselineMicros: nano.totals.monthlyMicros });
    expect(rule(report, 'checkpoints.0.maxIncreasePercent').actual).toBeCloseTo(pct(nano, now), 9);
    expect(rule(report, 'checkpoints.1.maxIncreasePercent')).toMatchObject({ ok: false, baselineMicros: nano5000.totals.monthlyMicros, newMicros: now5000.totals.monthlyMicros });
    expect(report.plans.map((p: any) => p.diff?.baseline)).toEqual([b500, b500, b5000]);
  });

  it('a single baseline of another user count is compared with the main plan (the pull request changed the users)', () => {
    const b400 = baselineFile(planJson(['--users', '400']));
    const report = gateJson(['--budget', budgetFile('monthlyUsd: 150\n'), '--baseline', b400], 0);
    expect(report.diff.users).toEqual({ old: 400, new: 500 });
  });

  it('several baselines that match no plan: exit 2', () => {
    const b400 = baselineFile(planJson(['--users', '400']), 'b400.json');
    const b600 = baselineFile(planJson(['--users', '600']), 'b600.json');
    const result = gate(['--budget', budgetFile('monthlyUsd: 150\n'), '--baseline', b400, '--baseline', b600]);
    expectUsageError(result);
    expect(result.stderr).toContain('plans 400 users, and no plan of this gate does');
  });
});

describe('a baseline that is not a plan: exit 2, naming what is wrong', () => {
  const budget = budgetFile('monthlyUsd: 150\n');
  it.each([
    ['not JSON', 'monthlyUsd: 150\n', /is not JSON/],
    ['a list', '[1, 2]\n', /is not a capacity plan: it has no schemaVersion/],
    ['another schema version', '{"schemaVersion": 2}\n', /schemaVersion 2; this capacity reads schemaVersion 1/],
    ['totals missing', JSON.stringify({ ...now, totals: undefined }), /is not a capacity plan\n {2}totals: required field is missing \(expected object\)/],
    ['fractional micro-dollars', JSON.stringify({ ...now, totals: { ...now.totals, monthlyMicros: 1.5 } }), /totals\.monthlyMicros: expected a whole number of micro-dollars, got 1\.5/],
    ['a component without a role', JSON.stringify({ ...now, components: [{ ...now.components[0], role: undefined }] }), /components\.0\.role: required field is missing/],
  ])('%s', (_, content, message) => {
    const result = gate(['--budget', budget, '--baseline', tmpFile('baseline.json', content)]);
    expectUsageError(result);
    expect(result.stderr).toMatch(message);
  });

  it('a gate report given as the baseline', () => {
    const report = gate(['--budget', budget, '--format', 'json']).stdout;
    const result = gate(['--budget', budget, '--baseline', tmpFile('gate.json', report)]);
    expectUsageError(result);
    expect(result.stderr).toMatch(/is a capacity-gate, not a capacity plan\nhint: a baseline is the JSON of a plan: capacity plan --format json --out plan\.json/);
  });

  it('an uncertain plan (a profile with ranges) given as the baseline: the hint says how to save one at mid values', () => {
    const uncertain = runCli(['plan', '--profile', 'profiles/uncertain.yaml', '--samples', '20', '--format', 'json']).stdout;
    const result = gate(['--budget', budget, '--profile', 'profiles/uncertain.yaml', '--baseline', tmpFile('u.json', uncertain)]);
    expectUsageError(result);
    expect(result.stderr).toContain('is an uncertain plan (a profile with ranges)');
    expect(result.stderr).toContain('hint: save the baseline with capacity plan --at-mid --format json --out plan.json');
    // Saved that way, it is the plan the gate makes of the same profile: no change against it.
    const atMid = runCli(['plan', '--profile', 'profiles/uncertain.yaml', '--at-mid', '--format', 'json']);
    expect(JSON.parse(atMid.stdout)).toMatchObject({ kind: 'capacity-plan', profile: { name: 'uncertain', conversation: { threadBytes: 100_000 } } });
    const passed = gate(['--budget', budget, '--profile', 'profiles/uncertain.yaml', '--baseline', tmpFile('mid.json', atMid.stdout), '--format', 'json']);
    expect(passed.status, show(passed)).toBe(0);
  });

  it('a missing baseline file', () => {
    const result = gate(['--budget', budget, '--baseline', join(tmpDir(), 'nope.json')]);
    expectUsageError(result);
    expect(result.stderr).toMatch(/cannot read baseline .*nope\.json: no such file/);
  });
});
