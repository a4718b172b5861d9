/** The pure parts of the gate: exact comparisons, component matching for the diff, and which baseline goes where. */
import { describe, expect, it } from 'vitest';
import type { Baseline, BaselinePlan } from '../../src/gate/baseline.js';
import { parseBudget } from '../../src/gate/budget.js';
import { matchComponents } from '../../src/gate/diff.js';
import { assignBaselines } from '../../src/gate/report.js';
import { evaluateRules, percentChange, percentWithin } from '../../src/gate/rules.js';
import type { Plan } from '../../src/model/plan.js';
import { UserError } from '../../src/errors.js';

describe('percentWithin: (new − old) × 100 ≤ percent × old, exactly', () => {
  it.each([
    // [old µ$, new µ$, percent, within]
    [100_000_000, 110_000_000, 10, true], // exactly +10 %
    [100_000_000, 110_000_001, 10, false], // one micro-dollar more
    [300_000_000, 330_000_000, 10, true], // 0.1 × 3 is 0.30000000000000004 in floats; exact here
    [300_000_000, 330_000_001, 10, false],
    [3, 4, 33.333333, false], // +33.3333333… %
    [3, 4, 33.333334, true],
    [100, 50, 0, true], // a decrease always passes
    [100, 100, 0, true],
    [0, 0, 0, true], // nothing to nothing: no increase
    [0, 1, 1e9, false], // from zero any increase is infinite
    // $9 million a month: the products pass 2^53, so the comparison is done in BigInt.
    [9_000_000_000_000, 9_090_000_000_000, 1, true],
    [9_000_000_000_000, 9_090_000_000_001, 1, false],
  ])('%i → %i µ$ within %d %%: %s', (oldMicros, newMicros, percent, within) => {
    expect(percentWithin(oldMicros, newMicros, percent)).toBe(within);
  });

  it('percentChange is null only for growth from zero', () => {
    expect(percentChange(0, 0)).toBe(0);
    expect(percentChange(0, 5)).toBeNull();
    expect(percentChange(200, 150)).toBe(-25);
  });
});

/** A plan with just what the rules read. */
function fakePlan(users: number, components: [string, number][]): Plan {
  const total = components.reduce((s, [, m]) => s + m, 0);
  const llm = components.filter(([r]) => r === 'llm').reduce((s, [, m]) => s + m, 0);
  return {
    demand: { users },
    components: components.map(([role, monthlyMicros]) => ({ role, service: role, type: role, count: 1, monthlyMicros })),
    totals: { monthlyMicros: total, llmMonthlyMicros: llm, infraMonthlyMicros: total - llm },
  } as unknown as Plan;
}

describe('evaluateRules', () => {
  const plan = fakePlan(3, [['app', 10_000_000], ['app', 1], ['llm', 5_000_000]]);

  it('a role limit sums the role; the per-user figure is rounded to a micro-dollar like the plan\'s', () => {
    const budget = parseBudget('components:\n  app: 10.000001\nperUserMonthlyUsd: 5.000000\n', 'b.yaml');
    const { rules } = evaluateRules({ plan, id: 'main', limits: budget });
    // 15,000,001 / 3 = 5,000,000.33 → 5,000,000
    expect(rules.map((r) => [r.rule, r.actualMicros, r.allowedMicros, r.ok])).toEqual([
      ['perUserMonthlyUsd', 5_000_000, 5_000_000, true],
      ['components.app', 10_000_001, 10_000_001, true],
    ]);
  });

  it('checkpoint rules are named by their path in the budget; growth without a baseline is skipped', () => {
    const budget = parseBudget('checkpoints:\n  - users: 3\n    monthlyUsd: 15\n    maxIncreaseUsd: 1\n', 'b.yaml');
    const { rules, skipped } = evaluateRules({ plan, id: 'checkpoints.0', limits: budget.checkpoints![0]! });
    expect(rules.map((r) => [r.rule, r.ok])).toEqual([['checkpoints.0.monthlyUsd', false]]);
    expect(skipped).toEqual([{ rule: 'checkpoints.0.maxIncreaseUsd', plan: 'checkpoints.0', users: 3, unit: 'usd', allowed: 1, reason: 'no baseline plans 3 users' }]);
  });
});

describe('matchComponents', () => {
  const side = (role: string, service: string, type: string) => ({ role, service, type, count: 1, monthlyMicros: 0, monthlyUsd: 0 });
  const label = (s: { service: string; type: string } | null) => (s ? `${s.service} ${s.type}` : null);

  it('pairs within a role by service and type first, so credits stay with credits', () => {
    const old = [side('app', 'EC2', 't3.small'), side('app', 'EC2 CPU credits', 'T3 Unlimited surplus'), side('database', 'RDS PostgreSQL', 'db.t4g.micro')];
    const now = [side('app', 'EC2 CPU credits', 'T3 Unlimited surplus'), side('app', 'EC2', 't3.medium'), side('database', 'RDS PostgreSQL Multi-AZ', 'db.t3.large')];
    expect(matchComponents(old, now).map(([o, n]) => [label(o), label(n)])).toEqual([
      ['EC2 CPU credits T3 Unlimited surplus', 'EC2 CPU credits T3 Unlimited surplus'],
      ['EC2 t3.small', 'EC2 t3.medium'],
      ['RDS PostgreSQL db.t4g.micro', 'RDS PostgreSQL Multi-AZ db.t3.large'],
    ]);
  });

  it('lists new components with no old side and removed ones with no new side', () => {
    const old = [side('app', 'EC2', 't3.small'), side('cache', 'ElastiCache Redis', 'cache.t4g.micro')];
    const now = [side('app', 'ECS Fargate', '1 vCPU'), side('load-balancer', 'Application Load Balancer', 'ALB')];
    expect(matchComponents(old, now).map(([o, n]) => [label(o), label(n)])).toEqual([
      ['EC2 t3.small', 'ECS Fargate 1 vCPU'],
      [null, 'Application Load Balancer ALB'],
      ['ElastiCache Redis cache.t4g.micro', null],
    ]);
  });
});

describe('assignBaselines', () => {
  const baseline = (file: string, users: number): Baseline => ({ file, plan: { demand: { users } } as BaselinePlan });
  const targets = [{ id: 'main', users: 500 }, { id: 'checkpoints.0', users: 500 }, { id: 'checkpoints.1', users: 5000 }];
  const ids = (m: Map<string, Baseline>) => Object.fromEntries([...m].map(([id, b]) => [id, b.file]));

  it('a baseline goes to every plan of its user count', () => {
    expect(ids(assignBaselines(targets, [baseline('a', 500), baseline('b', 5000)]))).toEqual({ main: 'a', 'checkpoints.0': 'a', 'checkpoints.1': 'b' });
  });

  it('a lone baseline of another user count goes to the main plan', () => {
    expect(ids(assignBaselines(targets, [baseline('a', 400)]))).toEqual({ main: 'a' });
  });

  it('two baselines of the same user count, or several that match nothing, are input errors', () => {
    expect(() => assignBaselines(targets, [baseline('a', 500), baseline('b', 500)])).toThrow(UserError);
    expect(() => assignBaselines(targets, [baseline('a', 400), baseline('b', 5000)])).toThrow(/baseline a plans 400 users, and no plan of this gate does/);
  });
});
