/**
 * The change from a baseline plan to a new one, per component and in total. Components are matched by role; where a
 * role has several components (the app's instances and its CPU credits), by service and type first.
 */
import type { Plan } from '../model/plan.js';
import { microsToUsd, type Micros } from '../model/money.js';
import type { Baseline } from './baseline.js';
import { percentChange } from './rules.js';

export interface ComponentSide {
  service: string;
  type: string;
  count: number;
  monthlyMicros: Micros;
  monthlyUsd: number;
}

export interface Change {
  oldMicros: Micros;
  newMicros: Micros;
  oldUsd: number;
  newUsd: number;
  changeMicros: Micros;
  changeUsd: number;
  /** Percent; null when the old figure is 0 and the new one is not. */
  changePercent: number | null;
}

export interface ComponentChange extends Change {
  role: string;
  /** null: the component is new. */
  old: ComponentSide | null;
  /** null: the component was removed. */
  new: ComponentSide | null;
}

export interface PlanDiff {
  baseline: string;
  users: { old: number; new: number };
  phase: { old: string | null; new: string };
  /** The pricing files each plan was priced with (`aws-….json, llm-….json`). */
  pricing: { old: string | null; new: string };
  components: ComponentChange[];
  totals: { monthly: Change; infra: Change; llm: Change };
}

export function change(oldMicros: Micros, newMicros: Micros): Change {
  return {
    oldMicros,
    newMicros,
    oldUsd: microsToUsd(oldMicros),
    newUsd: microsToUsd(newMicros),
    changeMicros: newMicros - oldMicros,
    changeUsd: microsToUsd(newMicros - oldMicros),
    changePercent: percentChange(oldMicros, newMicros),
  };
}

type Side = ComponentSide & { role: string };

const side = (c: { role: string; service: string; type: string; count: number; monthlyMicros: Micros }): Side => ({
  role: c.role,
  service: c.service,
  type: c.type,
  count: c.count,
  monthlyMicros: c.monthlyMicros,
  monthlyUsd: microsToUsd(c.monthlyMicros),
});

/** Pairs old and new components: same role and service and type, then same role and service, then same role. */
export function matchComponents(oldList: Side[], newList: Side[]): [Side | null, Side | null][] {
  const pairs = new Map<Side, Side>();
  const unmatchedOld = [...oldList];
  const passes: ((a: Side, b: Side) => boolean)[] = [
    (a, b) => a.role === b.role && a.service === b.service && a.type === b.type,
    (a, b) => a.role === b.role && a.service === b.service,
    (a, b) => a.role === b.role,
  ];
  for (const same of passes) {
    for (const n of newList) {
      if (pairs.has(n)) continue;
      const i = unmatchedOld.findIndex((o) => same(o, n));
      if (i >= 0) pairs.set(n, unmatchedOld.splice(i, 1)[0]!);
    }
  }
  const out: [Side | null, Side | null][] = newList.map((n) => [pairs.get(n) ?? null, n]);
  for (const o of unmatchedOld) out.push([o, null]);
  return out;
}

const pricingLabel = (aws: string, llm: string | undefined): string => (llm ? `${aws}, ${llm}` : aws);

export function diffPlans(baseline: Baseline, plan: Plan): PlanDiff {
  const old = baseline.plan;
  const components = matchComponents(old.components.map(side), plan.components.map(side)).map(([o, n]): ComponentChange => {
    const strip = (s: Side | null): ComponentSide | null => (s ? { service: s.service, type: s.type, count: s.count, monthlyMicros: s.monthlyMicros, monthlyUsd: s.monthlyUsd } : null);
    return { role: (n ?? o)!.role, old: strip(o), new: strip(n), ...change(o?.monthlyMicros ?? 0, n?.monthlyMicros ?? 0) };
  });
  return {
    baseline: baseline.file,
    users: { old: old.demand.users, new: plan.demand.users },
    phase: { old: old.phase?.id ?? null, new: plan.phase.id },
    pricing: { old: old.pricing?.snapshot ? pricingLabel(old.pricing.snapshot, old.pricing.llmCatalogue) : null, new: pricingLabel(plan.pricing.snapshot, plan.pricing.llmCatalogue) },
    components,
    totals: {
      monthly: change(old.totals.monthlyMicros, plan.totals.monthlyMicros),
      infra: change(old.totals.infraMonthlyMicros, plan.totals.infraMonthlyMicros),
      llm: change(old.totals.llmMonthlyMicros, plan.totals.llmMonthlyMicros),
    },
  };
}
