/**
 * `capacity gate` limits through the built CLI: under, over and exactly at each limit, per component, per user, and
 * at several checkpoints. Every expected figure comes from the plan JSON of `capacity plan` for the same users: a
 * limit written as the plan's own micro-dollars passes, one micro-dollar less fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/cli.js';
import { show } from '../e2e/expect-cli.js';
import { budgetFile, FIXTURES, gate, gateJson, planJson, rule, sum, usdOf } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const p500 = planJson(['--users', '500']);
const t = p500.totals;
const roleMicros = (plan: any, role: string): number => sum(plan.components.filter((c: any) => c.role === role).map((c: any) => c.monthlyMicros));

describe('total monthly cost (default profile, 500 users)', () => {
  it('under the limit: exit 0, the table shows actual against allowed', () => {
    const result = gate(['--budget', budgetFile('users: 500\nmonthlyUsd: 150\n')]);
    expect(result.status, show(result)).toBe(0);
    expect(result.stdout).toMatch(/^capacity gate: pass, 1 rule within budget; \$125\.83\/month at 500 users, no baseline/);
    expect(result.stdout).toMatch(/│ monthlyUsd +│ \$125\.83 +│ \$150\.00 +│ within +│/);
    expect(t.monthlyMicros).toBe(125_826_266);
  });

  it('exactly at the limit passes: the budget is compared in whole micro-dollars', () => {
    const report = gateJson(['--budget', budgetFile(`monthlyUsd: ${usdOf(t.monthlyMicros)}\n`)], 0);
    expect(rule(report, 'monthlyUsd')).toMatchObject({ ok: true, actualMicros: t.monthlyMicros, allowedMicros: t.monthlyMicros, actual: t.monthlyUsd });
  });

  it('one micro-dollar under the total fails with exit 1, and says by how much', () => {
    const result = gate(['--budget', budgetFile(`monthlyUsd: ${usdOf(t.monthlyMicros - 1)}\n`)]);
    expect(result.status, show(result)).toBe(1);
    expect(result.stdout).toMatch(/^capacity gate: fail, 1 of 1 rules exceeded/);
    // $125.83 against $125.83 would hide the failure: both are shown to the micro-dollar.
    expect(result.stdout).toMatch(/│ monthlyUsd +│ \$125\.826266 +│ \$125\.826265 +│ over by \$0\.000001 +│/);
  });

  it('over the limit: exit 1, actual against allowed and the excess', () => {
    const result = gate(['--budget', budgetFile('monthlyUsd: 100\n')]);
    expect(result.status, show(result)).toBe(1);
    // 125.826266 − 100 = 25.826266
    expect(result.stdout).toMatch(/│ monthlyUsd +│ \$125\.83 +│ \$100\.00 +│ over by \$25\.83 +│/);
  });
});

describe('infrastructure, LLM and per-user limits', () => {
  // The plan's per-user figure is the total over the users, rounded to a micro-dollar: 125,826,266 / 500 = 251,652.53.
  const perUser = Math.round(t.monthlyMicros / 500);
  const exact = { infraMonthlyUsd: t.infraMonthlyMicros, llmMonthlyUsd: t.llmMonthlyMicros, perUserMonthlyUsd: perUser };
  const yaml = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k}: ${usdOf(v)}\n`).join('');

  it('each exactly at the plan\'s figure passes', () => {
    expect(perUser).toBe(251_653);
    expect(perUser).toBe(Math.round(t.perUserMonthlyUsd * 1e6));
    expect(t.infraMonthlyMicros + t.llmMonthlyMicros).toBe(t.monthlyMicros);
    const report = gateJson(['--budget', budgetFile(yaml(exact))], 0);
    for (const [name, micros] of Object.entries(exact)) expect(rule(report, name)).toMatchObject({ ok: true, actualMicros: micros, allowedMicros: micros });
  });

  it.each(Object.keys(exact))('%s one micro-dollar under fails that rule only', (name) => {
    const limits = { ...exact, [name]: exact[name as keyof typeof exact] - 1 };
    const report = gateJson(['--budget', budgetFile(yaml(limits))], 1);
    expect(report.rules.filter((r: any) => !r.ok).map((r: any) => r.rule)).toEqual([name]);
  });
});

describe('per-component limits', () => {
  it('a role limit is the sum of that role\'s components; exactly met passes, a micro-dollar less fails', () => {
    const database = roleMicros(p500, 'database');
    expect(database).toBe(11_680_000); // db.t4g.micro: $0.016/hour × 730 hours
    const pass = gateJson(['--budget', budgetFile(`components:\n  database: ${usdOf(database)}\n  db-proxy: 0\n`)], 0);
    expect(rule(pass, 'components.database')).toMatchObject({ ok: true, actual: 11.68, allowed: 11.68 });
    // No RDS Proxy in this plan: its cost is 0, which a limit of 0 allows.
    expect(rule(pass, 'components.db-proxy')).toMatchObject({ ok: true, actualMicros: 0 });

    const fail = gate(['--budget', budgetFile('components:\n  database: 10\n')]);
    expect(fail.status, show(fail)).toBe(1);
    expect(fail.stdout).toMatch(/│ components\.database +│ \$11\.68 +│ \$10\.00 +│ over by \$1\.68 +│/);
  });

  it('counts every component of the role: the app\'s instance and its T3 surplus credits', () => {
    const profile = join(FIXTURES, 'profiles', 'burst.yaml');
    const plan = planJson(['--profile', profile, '--users', '300']);
    const app = plan.components.filter((c: any) => c.role === 'app');
    expect(app.map((c: any) => c.service)).toEqual(['EC2', 'EC2 CPU credits']);
    const both = sum(app.map((c: any) => c.monthlyMicros));
    const budget = (usd: string) => budgetFile(`profile: ${profile}\nusers: 300\ncomponents:\n  app: ${usd}\n`);
    expect(rule(gateJson(['--budget', budget(usdOf(both))], 0), 'components.app').actualMicros).toBe(both);
    gateJson(['--budget', budget(usdOf(both - 1))], 1);
    // A limit that covers the instance alone fails: the credits count too.
    gateJson(['--budget', budget(usdOf(app[0].monthlyMicros))], 1);
  });
});

describe('checkpoints', () => {
  const p5000 = planJson(['--users', '5000']);

  it('plans each checkpoint as capacity plan --users N does, and applies its own limits to it', () => {
    const yaml = [
      'checkpoints:',
      '  - users: 500',
      `    monthlyUsd: ${usdOf(t.monthlyMicros)}`,
      '  - name: launch',
      '    users: 5000',
      `    monthlyUsd: ${usdOf(p5000.totals.monthlyMicros - 1)}`,
      `    components:\n      database: ${usdOf(roleMicros(p5000, 'database'))}`,
      '',
    ].join('\n');
    const report = gateJson(['--budget', budgetFile(yaml)], 1);
    expect(report.plans.map((p: any) => [p.id, p.users])).toEqual([['main', 500], ['checkpoints.0', 500], ['checkpoints.1', 5000]]);
    expect(report.plans[2]).toMatchObject({ name: 'launch', phase: p5000.phase.id, totals: p5000.totals });
    expect(report.plans[2].components.map((c: any) => c.monthlyMicros)).toEqual(p5000.components.map((c: any) => c.monthlyMicros));
    expect(report.rules.map((r: any) => [r.rule, r.users, r.ok])).toEqual([
      ['checkpoints.0.monthlyUsd', 500, true],
      ['checkpoints.1.monthlyUsd', 5000, false],
      ['checkpoints.1.components.database', 5000, true],
    ]);
    expect(rule(report, 'checkpoints.1.monthlyUsd')).toMatchObject({ actualMicros: p5000.totals.monthlyMicros, allowedMicros: p5000.totals.monthlyMicros - 1 });
  });

  it('top-level limits apply to the main plan only; the markdown has a section per plan', () => {
    const yaml = `monthlyUsd: 150\ncheckpoints:\n  - users: 5000\n    monthlyUsd: 1000\n`;
    const result = gate(['--budget', budgetFile(yaml), '--format', 'markdown']);
    expect(result.status, show(result)).toBe(0);
    expect(result.stdout).toContain('#### 500 users (main plan): rds, $125.83/month');
    expect(result.stdout).toContain(`#### Checkpoint 5,000 users: ${p5000.phase.id}, $984.84/month`);
    expect(result.stdout).toContain('| `checkpoints.0.monthlyUsd` | $984.84 | $1,000.00 | ✅ within |');
    expect(p5000.totals.monthlyMicros).toBe(984_836_656);
  });
});

describe('which profile and how many users', () => {
  it('--users overrides the budget\'s users for the main plan', () => {
    const file = budgetFile(`users: 500\nmonthlyUsd: ${usdOf(t.monthlyMicros)}\n`);
    gateJson(['--budget', file], 0);
    const report = gateJson(['--budget', file, '--users', '5000'], 1);
    expect(rule(report, 'monthlyUsd')).toMatchObject({ users: 5000, actual: 984.836656 });
  });

  it('a relative profile: in the budget is read from the budget file\'s directory, whatever the working directory', () => {
    const result = gate(['--budget', join(FIXTURES, 'budget-burst.yaml'), '--format', 'json'], tmpDir());
    expect(result.status, show(result)).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.profile.name).toBe('burst');
    expect(report.plans[0].users).toBe(300); // the profile's users
  });

  it('--profile overrides the budget\'s profile', () => {
    const report = gateJson(['--budget', join(FIXTURES, 'budget-burst.yaml'), '--profile', 'profiles/default.yaml'], 0);
    expect(report.profile).toEqual({ name: 'default', file: 'profiles/default.yaml' });
    expect(report.plans[0].totals.monthlyMicros).toBe(t.monthlyMicros);
  });

  it('--out writes the report atomically, prints the verdict and failing rules on stderr, and keeps exit 1', () => {
    const out = join(tmpDir(), 'reports', 'gate.md');
    const result = gate(['--budget', budgetFile('monthlyUsd: 100\n'), '--format', 'markdown', '--out', out]);
    expect(result.status, show(result)).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`wrote ${out}`);
    expect(result.stderr).toContain('monthlyUsd: $125.83 > $100.00 (over by $25.83)');
    expect(readFileSync(out, 'utf8')).toMatch(/^❌ \*\*capacity gate: fail\*\*, 1 of 1 rules exceeded; \$125\.83\/month at 500 users/);
    expect(readdirSync(join(tmpDir(), 'reports'))).toEqual(['gate.md']); // no temporary file left behind
  });
});
