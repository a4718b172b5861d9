/**
 * `capacity sweep`: the plan at each user count of a grid, and the exact user counts where the plan changes.
 * Pure and synchronous, like the model it calls.
 *
 * A breakpoint is the smallest user count `b` at which the plan differs from the plan at `b − 1`: either the phase
 * (the lowest feasible one, monotone in users) or the components (role, type and count of each, usage-priced ones
 * aside). Between two neighbouring grid points whose plans differ, an integer bisection finds `b` exactly; phase
 * breakpoints name the limit the lower phase fails at `b` (the planner's own breakpoint search), component breakpoints
 * name the limit that was binding just below, at `b − 1`.
 */
import type { Catalogue } from '../catalogue/schema.js';
import type { Plan } from '../model/plan.js';
import { candidateAt, type Candidate } from '../model/candidates.js';
import { worstConstraint } from '../model/constraint.js';
import { computeDemand } from '../model/demand.js';
import { llmConstraints, llmMonthlyMicros } from '../model/llm.js';
import { exactMicros, microsToUsd } from '../model/money.js';
import { transferMicros } from '../model/network.js';
import { findNextBreakpoint, planCapacity, planOutcome } from '../model/planner.js';
import type { Profile } from '../profile/schema.js';
import { PHASES, type Component, type ConstraintId, type PhaseId, type PolicyConstraintId } from '../model/types.js';
import { userGrid, type SweepScale, type UserRange } from './grid.js';

export const SWEEP_SCHEMA_VERSION = 1;

export interface SweepOptions extends UserRange {
  points: number;
  scale: SweepScale;
}

/** What runs at one user count, in a form two plans can be compared by. */
export interface Configuration {
  phase: PhaseId;
  /** The topology the components follow (a higher phase when it is cheaper). */
  configuredAs: PhaseId;
  /** `role: count × type`, in plan order; usage-priced components (LLM, data transfer) are left out. */
  components: string[];
}

export interface SweepPoint extends Configuration {
  users: number;
  binding: ConstraintId | null;
  bindingUtilization: number;
  infraMonthlyUsd: number;
  llmMonthlyUsd: number;
  monthlyUsd: number;
  perUserMonthlyUsd: number;
  monthlyMicros: number;
}

export interface SweepBreakpoint {
  /** The first user count with the new plan; the old plan holds at `users − 1`. */
  users: number;
  kind: 'phase' | 'component';
  constraint: ConstraintId | PolicyConstraintId | null;
  /** One sentence: what changed and why. */
  reason: string;
  before: Configuration & { monthlyUsd: number };
  after: Configuration & { monthlyUsd: number };
}

export interface PhaseBand {
  phase: PhaseId;
  fromUsers: number;
  toUsers: number;
}

export interface Sweep {
  schemaVersion: typeof SWEEP_SCHEMA_VERSION;
  kind: 'capacity-sweep';
  profile: string;
  pricing: Plan['pricing'];
  range: { from: number; to: number; points: number; scale: SweepScale };
  targetUtilization: number;
  points: SweepPoint[];
  breakpoints: SweepBreakpoint[];
  phases: PhaseBand[];
}

const USAGE_PRICED = new Set<Component['role']>(['llm', 'transfer']);

export function configurationOf(plan: Plan): Configuration {
  return {
    phase: plan.phase.id,
    configuredAs: plan.phase.configuredAs,
    components: plan.components.filter((c) => !USAGE_PRICED.has(c.role)).map((c) => `${c.role}: ${c.count} × ${c.type}`),
  };
}

export const configurationKey = (c: Configuration): string => `${c.phase}|${c.configuredAs}|${c.components.join(';')}`;

export function sweepCapacity(profile: Profile, catalogue: Catalogue, options: SweepOptions): Sweep {
  const grid = userGrid(options, options.points, options.scale);
  const cache = new Map<number, Plan>();
  const planAt = (users: number): Plan => {
    let plan = cache.get(users);
    if (!plan) cache.set(users, (plan = planCapacity(profile, catalogue, { users, skipBreakpoint: true, explain: false })));
    return plan;
  };
  const keyAt = (users: number): string => configurationKey(configurationOf(planAt(users)));

  // Full plans where the configuration changes, by halving the grid: where both ends of a stretch of grid points have
  // the same configuration, the points inside it share it (the same premise the bisection below rests on), and that
  // one configuration is costed at each of them, which is much cheaper than searching every candidate.
  const points: (SweepPoint | undefined)[] = new Array(grid.length);
  const stretches: [number, number][] = [];
  const split = (lo: number, hi: number): void => {
    if (hi - lo <= 1) return;
    if (keyAt(grid[lo]!) === keyAt(grid[hi]!)) {
      stretches.push([lo, hi]);
      return;
    }
    const mid = (lo + hi) >> 1;
    keyAt(grid[mid]!);
    split(lo, mid);
    split(mid, hi);
  };
  split(0, grid.length - 1);
  for (const [lo, hi] of stretches) {
    const reference = planAt(grid[lo]!);
    // The cheapest way: the configuration chosen at the start, costed at each user count (no search, no components,
    // no explanations), trusted only when it reproduces the planner's points at both ends of the stretch.
    const start = planOutcome(profile, catalogue, grid[lo]!).candidate;
    const configuration = configurationOf(reference);
    const costedAt = (users: number): SweepPoint => pointOfCandidate(start, profile, catalogue, users, configuration);
    const trusted = samePoint(costedAt(grid[lo]!), pointOf(reference)) && samePoint(costedAt(grid[hi]!), pointOf(planAt(grid[hi]!)));
    for (let i = lo + 1; i < hi; i++) points[i] = trusted ? costedAt(grid[i]!) : pointOf(planAt(grid[i]!), reference.phase.id);
  }

  const breakpoints: SweepBreakpoint[] = [];
  for (let i = 1; i < grid.length; i++) {
    if (points[i] !== undefined || points[i - 1] !== undefined) continue; // inside a stretch: no change
    let low = grid[i - 1]!;
    const end = grid[i]!;
    const endKey = keyAt(end);
    // Each pass finds one change in (low, end]; after it, continue from the change until the end's plan is reached.
    while (keyAt(low) !== endKey) {
      const lowKey = keyAt(low);
      let high = end;
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (keyAt(mid) === lowKey) low = mid;
        else high = mid;
      }
      breakpoints.push(breakpointAt(profile, catalogue, planAt(high - 1), planAt(high)));
      low = high;
    }
  }

  const done = grid.map((users, i) => points[i] ?? pointOf(planAt(users)));
  return {
    schemaVersion: SWEEP_SCHEMA_VERSION,
    kind: 'capacity-sweep',
    profile: profile.name,
    pricing: planAt(grid[0]!).pricing,
    range: { from: options.from, to: options.to, points: grid.length, scale: options.scale },
    targetUtilization: profile.targets.utilization,
    points: done,
    breakpoints,
    phases: phaseBands(done[0]!.phase, breakpoints, options.from, options.to),
  };
}

/**
 * The point at `users` of a configuration costed there (`candidateAt`), totalled the way the planner totals a plan;
 * its phase and components are those of the plan it was taken from.
 */
function pointOfCandidate(start: Candidate, profile: Profile, catalogue: Catalogue, users: number, configuration: Configuration): SweepPoint {
  const demand = computeDemand(profile, { users });
  const target = profile.targets.utilization;
  const candidate = candidateAt(start, { profile, aws: catalogue.aws, demand, target, explain: false, loadBalancerMicros: undefined });
  const model = profile.llm?.model ? catalogue.llm.models[profile.llm.model] : undefined;
  const llmMicros = profile.llm ? llmMonthlyMicros(profile.llm, model, demand) : 0;
  const constraints = profile.llm ? [...candidate.constraints, ...llmConstraints(profile.llm, model, demand, target, false)] : candidate.constraints;
  const worst = worstConstraint(constraints);
  const infraMicros = candidate.infraMicros + transferMicros(catalogue.aws, demand.monthlyTransferGB);
  const total = exactMicros(infraMicros + llmMicros, `the plan at ${users} users`);
  return {
    users,
    ...configuration,
    binding: worst?.id ?? null,
    bindingUtilization: worst?.utilization ?? 0,
    infraMonthlyUsd: microsToUsd(infraMicros),
    llmMonthlyUsd: microsToUsd(llmMicros),
    monthlyUsd: microsToUsd(total),
    perUserMonthlyUsd: users > 0 ? microsToUsd(Math.round(total / users)) : 0,
    monthlyMicros: total,
  };
}

const samePoint = (a: SweepPoint, b: SweepPoint): boolean => JSON.stringify(a) === JSON.stringify(b);

function pointOf(plan: Plan, phase: PhaseId = plan.phase.id): SweepPoint {
  const binding = plan.constraints.find((c) => c.id === plan.binding);
  return {
    users: plan.demand.users,
    ...configurationOf(plan),
    phase,
    binding: plan.binding,
    bindingUtilization: binding?.utilization ?? 0,
    infraMonthlyUsd: plan.totals.infraMonthlyUsd,
    llmMonthlyUsd: plan.totals.llmMonthlyUsd,
    monthlyUsd: plan.totals.monthlyUsd,
    perUserMonthlyUsd: plan.totals.perUserMonthlyUsd,
    monthlyMicros: plan.totals.monthlyMicros,
  };
}

function breakpointAt(profile: Profile, catalogue: Catalogue, below: Plan, at: Plan): SweepBreakpoint {
  const before = { ...configurationOf(below), monthlyUsd: below.totals.monthlyUsd };
  const after = { ...configurationOf(at), monthlyUsd: at.totals.monthlyUsd };
  const users = at.demand.users;
  if (before.phase !== after.phase) {
    // The planner's own search from just below names the limit the lower phase fails at this user count.
    const found = findNextBreakpoint(profile, catalogue, users - 1, undefined, PHASES.indexOf(before.phase));
    const constraint = found && found.users === users ? found.constraint : null;
    return { users, kind: 'phase', constraint, reason: `${before.phase} no longer carries the load${constraint ? ` (${constraint})` : ''}; the plan moves to ${after.phase}`, before, after };
  }
  const constraint = causeOf(below, before, after);
  const changed = describeChange(before, after);
  return { users, kind: 'component', constraint, reason: changed, before, after };
}

function describeChange(before: Configuration, after: Configuration): string {
  const removed = before.components.filter((c) => !after.components.includes(c));
  const added = after.components.filter((c) => !before.components.includes(c));
  const parts: string[] = [];
  if (before.configuredAs !== after.configuredAs) parts.push(`configured as ${after.configuredAs} instead of ${before.configuredAs}`);
  if (removed.length > 0 || added.length > 0) parts.push(`${removed.join(', ') || 'nothing'} → ${added.join(', ') || 'nothing'}`);
  return parts.join('; ') || 'the configuration changes';
}

function phaseBands(first: PhaseId, breakpoints: SweepBreakpoint[], start: number, to: number): PhaseBand[] {
  const bands: PhaseBand[] = [];
  let phase = first;
  let from = start;
  for (const b of breakpoints.filter((x) => x.kind === 'phase')) {
    bands.push({ phase, fromUsers: from, toUsers: b.users - 1 });
    phase = b.after.phase;
    from = b.users;
  }
  bands.push({ phase, fromUsers: from, toUsers: to });
  return bands;
}

const TIER_OF: Record<string, Component['role'][]> = {
  app: ['app', 'load-balancer'],
  db: ['database', 'read-replica', 'db-proxy', 'storage'],
  cache: ['cache'],
};

/**
 * The limit behind a component change: the highest-utilisation constraint, at `b − 1`, of a tier whose components
 * change (LLM rate limits never resize infrastructure); the plan's binding constraint when no tier matches.
 */
function causeOf(below: Plan, before: Configuration, after: Configuration): ConstraintId | null {
  const changedRoles = new Set(
    [...before.components.filter((c) => !after.components.includes(c)), ...after.components.filter((c) => !before.components.includes(c))].map((c) => c.slice(0, c.indexOf(':'))),
  );
  const candidates = below.constraints.filter((c) => (TIER_OF[c.id.slice(0, c.id.indexOf('.'))] ?? []).some((role) => changedRoles.has(role)));
  let worst = candidates[0];
  for (const c of candidates) if (c.utilization > worst!.utilization) worst = c;
  return worst?.id ?? below.binding;
}
