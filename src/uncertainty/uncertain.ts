/**
 * The uncertain plan: sample every ranged profile field, plan each sample, and summarise: percentiles of cost and of
 * each limit's utilisation, the probability that each phase is needed, and the phase that minimises expected regret.
 * Pure: the samples come from the seed alone.
 */
import type { Catalogue } from '../catalogue/schema.js';
import { planOutcome, type PlanOutcome } from '../model/planner.js';
import { microsToUsd } from '../model/money.js';
import { PHASES, type ConstraintId, type PhaseId } from '../model/types.js';
import type { RangeField } from '../profile/load.js';
import type { Profile } from '../profile/schema.js';
import { fitPert, quantile, samplePert, seededRng } from './pert.js';
import { fieldDomain } from './domain.js';
import { UserError } from '../errors.js';

export const UNCERTAIN_SCHEMA_VERSION = 1;
export const DEFAULT_SAMPLES = 1000;
export const DEFAULT_SEED = 1;
/** Under-provisioning (the plan fails its limits) weighs three times over-provisioning (paying early). */
export const DEFAULT_REGRET_WEIGHTS = { under: 3, over: 1 } as const;

/** Fields whose values are whole numbers: their samples are rounded. */
const WHOLE_FIELDS = new Set(['llm.historyTurnsSent', 'llm.usageTier', 'database.poolSizePerWorker', 'database.maxOverflowPerWorker', 'redis.poolSizePerWorker']);

export interface UncertainOptions {
  samples: number;
  seed: number;
  weights: { under: number; over: number };
  users?: number;
  /** The profile's JSON Schema (`profileJsonSchema()`, or the shipped profiles/profile.schema.json), where each field's domain is read. */
  profileJsonSchema: Record<string, unknown>;
}

export interface Percentiles {
  p10: number;
  p50: number;
  p90: number;
}

export interface UncertainPlan {
  schemaVersion: typeof UNCERTAIN_SCHEMA_VERSION;
  kind: 'capacity-uncertain-plan';
  profile: string;
  users: number;
  samples: number;
  seed: number;
  distribution: string;
  ranges: { field: string; low: number; mid: number; high: number }[];
  /** The plan with every range at its mid value. */
  atMid: { phase: PhaseId; monthlyUsd: number };
  totals: { monthlyUsd: Percentiles; infraMonthlyUsd: Percentiles; llmMonthlyUsd: Percentiles; perUserMonthlyUsd: Percentiles };
  constraints: { id: ConstraintId; utilization: Percentiles; probabilityOverTarget: number; samples: number }[];
  phases: { phase: PhaseId; probability: number }[];
  regret: {
    weights: { under: number; over: number };
    byPhase: { phase: PhaseId; expectedRegret: number }[];
    /** The phase with the lowest expected regret (the lower one on a tie). */
    recommendation: PhaseId;
    /** under / (under + over): the cost quantile that minimises the expected weighted shortfall and surplus. */
    budgetQuantile: number;
    monthlyBudgetUsd: number;
  };
  targetUtilization: number;
}

/** The object holding the field at `path`, and the field's key. */
function slotAt(profile: Profile, path: string[]): { parent: Record<string, unknown>; key: string } {
  let parent = profile as unknown as Record<string, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  return { parent, key: path[path.length - 1]! };
}

/** The percentiles of `sorted`, which is in ascending order (a typed array sorts numerically, without a comparator). */
const percentiles = (sorted: Float64Array): Percentiles => ({ p10: quantile(sorted, 0.1), p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) });

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * Draws `options.samples` profiles from the ranges (seeded) and plans each at `users`, handing each sample and its
 * outcome to `visit`. The sample is one private copy written in place (thousands of fresh copies would cost more
 * than planning them), so `visit` must not keep it; a test holds each outcome equal to planning a fresh copy.
 * Returns the outcome at the mid values (the profile's own), planned on that copy too: the compiled search has only
 * seen the copy's objects, and the profile's own would throw its code away (two dozen deoptimisations) for one plan.
 */
export function sampleOutcomes(profile: Profile, ranges: readonly RangeField[], catalogue: Catalogue, options: Pick<UncertainOptions, 'samples' | 'seed' | 'profileJsonSchema'> & { users: number }, visit: (sample: Readonly<Profile>, outcome: PlanOutcome) => void): PlanOutcome {
  const rng = seededRng(options.seed);
  // Each range's distribution is fitted once (low/high as its 5th/95th percentiles, clamped to the field's domain).
  const fitted = new Map(ranges.map((r) => [r, fitPert(r.low, r.mid, r.high, fieldDomain(r.path, options.profileJsonSchema))] as const));
  const sample = structuredClone(profile);
  const slots = ranges.map((r) => ({ ...slotAt(sample, r.path), whole: WHOLE_FIELDS.has(r.path.join('.')), distribution: fitted.get(r)! }));
  let s = 0;
  try {
    for (; s < options.samples; s++) {
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[k]!;
        const v = samplePert(slot.distribution, rng);
        slot.parent[slot.key] = slot.whole ? Math.round(v) : v;
      }
      // The figures planCapacity would report for this sample, without its explanations (a test holds them equal).
      visit(sample, planOutcome(sample, catalogue, options.users));
    }
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // The profile at its mid values may plan well: say that a sampled world failed, and with which values.
    const drawn = slots.map((slot, k) => `${ranges[k]!.path.join('.')} = ${slot.parent[slot.key]}`).join(', ');
    throw new UserError(`sample ${s + 1} of ${options.samples} (seed ${options.seed}) cannot be planned: ${drawn}`, [{ message: error.message }, ...error.details], error.hint);
  }
  for (let k = 0; k < slots.length; k++) slots[k]!.parent[slots[k]!.key] = ranges[k]!.mid;
  return planOutcome(sample, catalogue, options.users);
}

/** A list of numbers that grows by doubling: one per sample, without boxing each (exported for its tests). */
export class NumberList {
  values: Float64Array;
  length = 0;
  /** Whether every value so far equals the first (a limit no range moves, such as a fixed pool): no sort needed. */
  allEqual = true;
  /** Whether every value so far is at least 0 (so not NaN): see `sorted`. */
  nonNegative = true;
  /** Values over their own sample's target (a ranged targets.utilization moves it), counted by the caller. */
  overTarget = 0;
  constructor(capacity = 64) {
    this.values = new Float64Array(capacity);
  }
  push(x: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(Math.max(64, this.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    // Equal as the sort tells them apart: 0 and -0 (whose reciprocals differ) are not, nor is NaN with anything.
    if (this.length > 0 && (x !== this.values[0] || 1 / x !== 1 / this.values[0]!)) this.allEqual = false;
    if (!(x >= 0)) this.nonNegative = false;
    this.values[this.length++] = x;
  }
  /** The values in ascending order, as Float64Array sort orders them (the list is sorted in place). */
  sorted(): Float64Array {
    const values = this.values.subarray(0, this.length);
    if (this.allEqual) return values;
    // Doubles at least 0 order as their IEEE 754 bit patterns do, read as signed 64-bit integers, and -0 (the sign bit
    // alone) reads as the least, as the float sort places it: sorting the bits sorts the numbers. V8 sorts 10,000 of
    // them that way in about 60 % of the time of a Float64Array sort, whose comparator must also place NaN and -0, and
    // an uncertain plan sorts a dozen such lists.
    if (this.nonNegative) new BigInt64Array(values.buffer, values.byteOffset, values.length).sort();
    else values.sort();
    return values;
  }
}

export function planUncertain(profile: Profile, ranges: readonly RangeField[], catalogue: Catalogue, options: UncertainOptions): UncertainPlan {
  const users = options.users ?? profile.users;
  const n = options.samples;
  const totals = { monthly: new NumberList(n), infra: new NumberList(n), llm: new NumberList(n) };
  const utilization = new Map<ConstraintId, NumberList>();
  // Samples per phase: the phase probabilities and the regret are sums over these five counts.
  const phaseCounts = new Float64Array(PHASES.length);
  const target = profile.targets.utilization;
  // Samples mostly report the same limits in the same order: the previous sample's list at each position is tried first.
  const recentIds: ConstraintId[] = [];
  const recentLists: NumberList[] = [];
  const mid = sampleOutcomes(profile, ranges, catalogue, { ...options, users }, (_, outcome) => {
    const monthlyMicros = outcome.infraMicros + outcome.llmMicros;
    totals.monthly.push(monthlyMicros);
    totals.infra.push(outcome.infraMicros);
    totals.llm.push(outcome.llmMicros);
    phaseCounts[outcome.phaseIndex]!++;
    const constraints = outcome.constraints;
    for (let j = 0; j < constraints.length; j++) {
      const c = constraints[j]!;
      let list = recentIds[j] === c.id ? recentLists[j] : utilization.get(c.id);
      if (!list) utilization.set(c.id, (list = new NumberList()));
      recentIds[j] = c.id;
      recentLists[j] = list;
      list.push(c.utilization);
      if (!c.ok) list.overTarget++;
    }
  });
  const usd = (p: Percentiles): Percentiles => ({ p10: microsToUsd(Math.round(p.p10)), p50: microsToUsd(Math.round(p.p50)), p90: microsToUsd(Math.round(p.p90)) });
  const { under, over } = options.weights;
  // A sample that needs phase `needed` costs under × (needed − k) when the plan is phase k below it, over × (k − needed)
  // when above.
  const byPhase = PHASES.map((phase, k) => {
    let sum = 0;
    for (let needed = 0; needed < PHASES.length; needed++) sum += phaseCounts[needed]! * (needed > k ? under * (needed - k) : over * (k - needed));
    return { phase, expectedRegret: round6(sum / n) };
  });
  let best = byPhase[0]!;
  for (const r of byPhase) if (r.expectedRegret < best.expectedRegret) best = r;
  const budgetQuantile = under / (under + over);
  const monthlySorted = totals.monthly.sorted();
  // Dividing by the user count keeps the order (float division by a positive number is monotone), so the per-user
  // costs in order are the sorted totals each divided by it.
  const perUserSorted = monthlySorted.map((micros) => micros / users);
  return {
    schemaVersion: UNCERTAIN_SCHEMA_VERSION,
    kind: 'capacity-uncertain-plan',
    profile: profile.name,
    users,
    samples: n,
    seed: options.seed,
    distribution: 'Beta-PERT (λ = 4) with mid the most likely value and low/high the 5th/95th percentiles (bounds clamped to the field\'s domain)',
    ranges: ranges.map((r) => ({ field: r.path.join('.'), low: r.low, mid: r.mid, high: r.high })),
    atMid: { phase: PHASES[mid.phaseIndex]!, monthlyUsd: microsToUsd(mid.infraMicros + mid.llmMicros) },
    totals: {
      monthlyUsd: usd(percentiles(monthlySorted)),
      infraMonthlyUsd: usd(percentiles(totals.infra.sorted())),
      llmMonthlyUsd: usd(percentiles(totals.llm.sorted())),
      perUserMonthlyUsd: usd(percentiles(perUserSorted)),
    },
    constraints: [...utilization.entries()].map(([id, list]) => {
      const values = list.sorted();
      const p = percentiles(values);
      // Each sample's limit against that sample's own target (its `ok`), which a ranged targets.utilization moves.
      return { id, utilization: { p10: round6(p.p10), p50: round6(p.p50), p90: round6(p.p90) }, probabilityOverTarget: round6(list.overTarget / values.length), samples: values.length };
    }),
    phases: PHASES.map((phase, k) => ({ phase, probability: round6(phaseCounts[k]! / n) })),
    regret: {
      weights: { under, over },
      byPhase,
      recommendation: best.phase,
      budgetQuantile: round6(budgetQuantile),
      monthlyBudgetUsd: microsToUsd(Math.round(quantile(monthlySorted, budgetQuantile))),
    },
    targetUtilization: target,
  };
}
