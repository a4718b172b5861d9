/**
 * Budget rules against one plan. Money is compared in integer micro-dollars (a limit of `usd` is
 * `Math.round(usd × 1e6)` µ$), so a limit exactly met passes and one micro-dollar over fails.
 *
 * Percent growth is compared exactly too: `(new − old) × 100 ≤ percent × old`, in BigInt. From a zero baseline, no
 * growth (0 → 0) passes and any growth (0 → anything) fails a percent rule: it is an infinite increase.
 */
import type { Plan } from '../model/plan.js';
import { microsToUsd, usdToMicros, type Micros } from '../model/money.js';
import { groupThousands } from '../model/quantity.js';
import type { BaselinePlan } from './baseline.js';
import { COMPONENT_ROLES, type Limits } from './budget.js';

export interface RuleResult {
  /** The limit's path in the budget file: `monthlyUsd`, `components.database`, `checkpoints.1.maxIncreasePercent`. */
  rule: string;
  /** `main`, or the checkpoint's path (`checkpoints.1`). */
  plan: string;
  users: number;
  unit: 'usd' | 'percent';
  /** USD per month, or percent; null for a percent increase from a zero baseline. */
  actual: number | null;
  allowed: number;
  ok: boolean;
  /** For USD rules: the exact figures compared. */
  actualMicros?: Micros;
  allowedMicros?: Micros;
  /** For growth rules: the baseline and new totals. */
  baselineMicros?: Micros;
  newMicros?: Micros;
}

export interface SkippedRule {
  rule: string;
  plan: string;
  users: number;
  unit: 'usd' | 'percent';
  allowed: number;
  reason: string;
}

export interface RuleTarget {
  plan: Plan;
  /** `main` or `checkpoints.N`. */
  id: string;
  limits: Limits;
  baseline?: BaselinePlan;
}

/** Evaluates every limit of `target`; growth limits without a baseline are returned as skipped. */
export function evaluateRules({ plan, id, limits, baseline }: RuleTarget): { rules: RuleResult[]; skipped: SkippedRule[] } {
  const prefix = id === 'main' ? '' : `${id}.`;
  const users = plan.demand.users;
  const t = plan.totals;
  const rules: RuleResult[] = [];
  const skipped: SkippedRule[] = [];
  const money = (name: string, actualMicros: Micros, allowedUsd: number | undefined) => {
    if (allowedUsd === undefined) return;
    const allowedMicros = usdToMicros(allowedUsd);
    rules.push({ rule: prefix + name, plan: id, users, unit: 'usd', actual: microsToUsd(actualMicros), allowed: allowedUsd, ok: actualMicros <= allowedMicros, actualMicros, allowedMicros });
  };

  money('monthlyUsd', t.monthlyMicros, limits.monthlyUsd);
  money('infraMonthlyUsd', t.infraMonthlyMicros, limits.infraMonthlyUsd);
  money('llmMonthlyUsd', t.llmMonthlyMicros, limits.llmMonthlyUsd);
  // The same rounding as the plan's perUserMonthlyUsd.
  money('perUserMonthlyUsd', Math.round(t.monthlyMicros / users), limits.perUserMonthlyUsd);
  for (const role of COMPONENT_ROLES) {
    money(`components.${role}`, roleMicros(plan, role), limits.components?.[role]);
  }

  const growth: [string, 'usd' | 'percent', number | undefined][] = [
    ['maxIncreaseUsd', 'usd', limits.maxIncreaseUsd],
    ['maxIncreasePercent', 'percent', limits.maxIncreasePercent],
  ];
  for (const [name, unit, allowed] of growth) {
    if (allowed === undefined) continue;
    if (!baseline) {
      skipped.push({ rule: prefix + name, plan: id, users, unit, allowed, reason: id === 'main' ? 'no baseline given (--baseline)' : `no baseline plans ${groupThousands(users)} users` });
      continue;
    }
    const oldMicros = baseline.totals.monthlyMicros;
    const newMicros = t.monthlyMicros;
    if (unit === 'usd') {
      const allowedMicros = usdToMicros(allowed);
      const increase = newMicros - oldMicros;
      rules.push({ rule: prefix + name, plan: id, users, unit, actual: microsToUsd(increase), allowed, ok: increase <= allowedMicros, actualMicros: increase, allowedMicros, baselineMicros: oldMicros, newMicros });
    } else {
      rules.push({ rule: prefix + name, plan: id, users, unit, actual: percentChange(oldMicros, newMicros), allowed, ok: percentWithin(oldMicros, newMicros, allowed), baselineMicros: oldMicros, newMicros });
    }
  }
  return { rules, skipped };
}

/** The monthly cost of every component with `role`, together (the app's EC2 instances and its CPU credits, say). */
export function roleMicros(plan: { components: readonly { role: string; monthlyMicros: Micros }[] }, role: string): Micros {
  return plan.components.filter((c) => c.role === role).reduce((sum, c) => sum + c.monthlyMicros, 0);
}

/** (new − old) / old in percent; null when old is 0 (undefined growth). */
export function percentChange(oldMicros: Micros, newMicros: Micros): number | null {
  if (oldMicros === 0) return newMicros === 0 ? 0 : null;
  return ((newMicros - oldMicros) / oldMicros) * 100;
}

/** Exactly: (new − old) × 100 ≤ percent × old, with the percent taken to a millionth of a percent. */
export function percentWithin(oldMicros: Micros, newMicros: Micros, percent: number): boolean {
  if (newMicros <= oldMicros) return true;
  if (oldMicros === 0) return false;
  const scaledPercent = BigInt(Math.round(percent * 1e6));
  return BigInt(newMicros - oldMicros) * 100n * 1_000_000n <= scaledPercent * BigInt(oldMicros);
}
