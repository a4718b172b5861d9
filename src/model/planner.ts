/**
 * The planner: demand → each phase's candidates → the Plan. Pure and synchronous.
 *
 * The phase is the lowest one with a feasible configuration. The components are the cheapest feasible configuration
 * at or above that phase; usually that is the phase itself, but when a higher topology is cheaper (a proxy instead
 * of a larger database, say) the plan says so in `phase.configuredAs`. Both rules are monotone in users: the feasible
 * sets only shrink as load grows, so neither the phase nor the total can fall.
 */
import type { Catalogue } from '../catalogue/schema.js';
import type { Profile } from '../profile/schema.js';
import { appComponents } from './app.js';
import { cacheComponents } from './cache.js';
import { UserError } from '../errors.js';
import { evaluatePhase, explainCandidate, isPhaseFeasible, type Candidate, type PhaseContext, type PhaseResult } from './candidates.js';
import { appOutOfReach } from './out-of-reach.js';
import { worstConstraint } from './constraint.js';
import { FARGATE_PHASES, fargatePhasesUnderBound } from './fargate-floors.js';
import { databaseComponents } from './database.js';
import { computeDemand, emptyDemand } from './demand.js';
import { llmConstraints, llmMonthlyMicros } from './llm.js';
import { formatQuantity as q, groupThousands, wholePercent as pct } from './quantity.js';
import { exactMicros, microsToUsd, sumMicros, type Micros } from './money.js';
import { albComponent, transferComponent, transferMicros } from './network.js';
import { PLAN_SCHEMA_VERSION, type Plan } from './plan.js';
import { PHASES, PHASE_DESCRIPTIONS, type Breakpoint, type Component, type Constraint, type Demand, type PhaseId, type Rejection } from './types.js';
import { component } from './component.js';

export interface PlanOptions {
  /** Defaults to the profile's users. */
  users?: number;
  /** Fixes peak concurrent users (`--concurrent`). */
  concurrentUsers?: number;
  /** Skip the breakpoint search (used by sweeps that find breakpoints themselves). */
  skipBreakpoint?: boolean;
  /**
   * Default true. False gives the same phase, components, constraints and totals without what only a reader needs:
   * constraint details are empty and `rejected` lists each lower phase's policy or first failing limit only when
   * a policy rules it out (no closest-fit search). Sweeps plan hundreds of points this way.
   */
  explain?: boolean;
}

/** Index in PHASES of the first Fargate phase: the Fargate phases are the last ones, in FARGATE_PHASES order. */
const FIRST_FARGATE_PHASE = PHASES.indexOf(FARGATE_PHASES[0]);

/** Users beyond which the breakpoint search stops. */
export const BREAKPOINT_SEARCH_LIMIT = 100_000_000;

export function planCapacity(profile: Profile, catalogue: Catalogue, options: PlanOptions = {}): Plan {
  const users = options.users ?? profile.users;
  const concurrentRatio = options.concurrentUsers !== undefined ? options.concurrentUsers / users : undefined;
  const ctx = phaseContext(profile, catalogue, users, concurrentRatio, false);
  const explain = options.explain !== false;
  const { results, lowest, cheapest } = searchPhases(ctx, explain);
  const warnings: string[] = [];

  let chosen: Candidate;
  let phaseIndex: number;
  if (lowest === -1) {
    phaseIndex = PHASES.length - 1;
    const top = results[phaseIndex]!;
    if (!top.closest) {
      const why = appOutOfReach(top.phase, ctx);
      throw new UserError(`no instance type or Fargate task size in the catalogue can run this app at ${groupThousands(users)} users`, [{ path: why.constraint, message: why.reason }], why.hint);
    }
    chosen = top.closest;
    const worst = worstConstraint(chosen.constraints.filter((c) => !c.ok));
    warnings.push(`no configuration in the catalogue keeps every limit under ${pct(profile.targets.utilization)}; the largest one still has ${worst?.id} at ${pct(worst?.utilization ?? 0)}`);
  } else {
    phaseIndex = lowest;
    chosen = cheapest!;
  }
  if (explain) chosen = explainCandidate(chosen, ctx);
  const phase = PHASES[phaseIndex]!;
  const rejected = results.slice(0, phaseIndex).filter((r) => explain || r.policy).map((r) => rejectionOf(r, ctx));

  const model = profile.llm?.model ? catalogue.llm.models[profile.llm.model] : undefined;
  const { components, warnings: componentWarnings } = componentsOf(chosen, ctx);
  warnings.push(...componentWarnings);
  const llmMicros = profile.llm ? llmMonthlyMicros(profile.llm, model, ctx.demand) : 0;
  if (profile.llm) {
    const label = profile.llm.perRequestUsd !== undefined ? `${profile.llm.provider ?? 'per-call API'}` : `${model?.provider ?? profile.llm.provider ?? ''}`;
    components.push(component('llm', label, profile.llm.model ?? 'per call', 1, llmMicros, { note: profile.llm.perRequestUsd !== undefined ? `$${profile.llm.perRequestUsd} per call` : `${q(ctx.demand.inputTokensPerMessage)} in / ${q(ctx.demand.outputTokensPerMessage)} out tokens per message` }));
  }
  const constraints = [...chosen.constraints];
  if (profile.llm) {
    const limits = llmConstraints(profile.llm, model, ctx.demand, ctx.target, explain);
    constraints.push(...limits);
    for (const c of limits.filter((l) => !l.ok)) warnings.push(`${c.id}: peak ${q(c.required)} ${c.unit} is ${pct(c.utilization)} of usage tier ${profile.llm.usageTier}'s ${q(c.capacity)}; a higher tier or a smaller prompt is needed`);
    if (model && limits.length === 0 && profile.llm.perRequestUsd === undefined) warnings.push(`no rate limits known for ${profile.llm.model} tier ${profile.llm.usageTier}: llm.tpm and llm.rpm are not checked`);
    // Settings that disagree: the plan says which one it followed.
    const { provider, perRequestUsd } = profile.llm;
    if (perRequestUsd !== undefined && profile.llm.model !== undefined) warnings.push(`llm.perRequestUsd ($${perRequestUsd} a call) prices the LLM: the token prices of ${profile.llm.model} are not used`);
    else if (model && provider !== undefined && model.provider !== provider) warnings.push(`llm.provider is "${provider}", but ${catalogue.llmFile} prices ${profile.llm.model} as ${model.provider}'s: the plan uses those prices`);
  }
  if (chosen.phase === 'single-instance') warnings.push('threads live in process memory: a restart loses every conversation (durability: ephemeral-ok)');

  for (const c of components) exactMicros(c.monthlyMicros, `the ${c.role} line (${c.service}, ${c.type}) at ${groupThousands(users)} users`);
  const infraMicros = sumMicros(components.filter((c) => c.role !== 'llm').map((c) => c.monthlyMicros));
  const totalMicros = exactMicros(infraMicros + llmMicros, `the plan at ${groupThousands(users)} users`);
  const binding = worstConstraint(constraints)?.id ?? null;
  const nextBreakpoint = options.skipBreakpoint ? null : findNextBreakpoint(profile, catalogue, users, concurrentRatio, phaseIndex);

  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    kind: 'capacity-plan',
    profile,
    pricing: { snapshot: catalogue.awsFile, region: catalogue.aws.region, date: catalogue.aws.date, llmCatalogue: catalogue.llmFile, llmDate: catalogue.llm.date },
    demand: ctx.demand,
    phase: { id: phase, description: PHASE_DESCRIPTIONS[phase], reason: phaseReason(phase, rejected, chosen, results[phaseIndex]!), configuredAs: chosen.phase },
    components,
    constraints,
    binding,
    rejected,
    totals: {
      infraMonthlyUsd: microsToUsd(infraMicros),
      llmMonthlyUsd: microsToUsd(llmMicros),
      monthlyUsd: microsToUsd(totalMicros),
      perUserMonthlyUsd: users > 0 ? microsToUsd(Math.round(totalMicros / users)) : 0,
      infraMonthlyMicros: infraMicros,
      llmMonthlyMicros: llmMicros,
      monthlyMicros: totalMicros,
    },
    nextBreakpoint,
    warnings,
  };
}

/**
 * Phases in order: the first with a feasible configuration is the phase; each higher one is searched only for a
 * configuration cheaper than the cheapest so far (a lower phase wins a tie). `explainRejections` also finds, for
 * each phase that fails, the configuration that comes closest (what the plan's `rejected` reports).
 */
function searchPhases(ctx: PhaseContext, explainRejections: boolean): { results: PhaseResult[]; lowest: number; cheapest: Candidate | undefined } {
  const results: PhaseResult[] = [];
  let lowest = -1;
  let cheapest: Candidate | undefined;
  // Indexed loops on the per-plan path: thousands of sampled plans run before the compiler optimises it, and a for-of
  // loop there goes through the iterator protocol, allocating a result for every step.
  // Under a bound, the Fargate phases whose floors could still beat it (fargatePhasesUnderBound), worked out once.
  let fargateOpen = -1;
  for (let k = 0; k < PHASES.length; k++) {
    const phase = PHASES[k]!;
    const last = k === PHASES.length - 1;
    const fargateIndex = k - FIRST_FARGATE_PHASE;
    if (cheapest && fargateIndex >= 0) {
      if (fargateOpen === -1) fargateOpen = fargatePhasesUnderBound(ctx, cheapest.infraMicros);
      if ((fargateOpen & (1 << fargateIndex)) === 0) {
        // What evaluatePhase returns for a phase that cannot beat the bound.
        results.push({ phase });
        continue;
      }
    }
    // One object shape for every call, bound or not: the compiled search then never meets a new one.
    const result = evaluatePhase(phase, ctx, { boundMicros: cheapest ? cheapest.infraMicros : Number.POSITIVE_INFINITY, closest: !cheapest && (explainRejections || last) });
    results.push(result);
    if (!result.best) continue;
    if (lowest === -1) lowest = results.length - 1;
    cheapest = result.best;
  }
  return { results, lowest, cheapest };
}

/** What a sampled plan needs, without the explanations: the phase, the monthly cost and every limit's utilisation. */
export interface PlanOutcome {
  phaseIndex: number;
  /** The configuration chosen (the closest one when nothing fits). */
  candidate: Candidate;
  infraMicros: Micros;
  llmMicros: Micros;
  /** The candidate's limits, then the LLM's (the candidate's own list when the LLM has none): read only. */
  constraints: readonly Constraint[];
}

/**
 * The figures planCapacity reports for phase, totals and constraints (a test holds them equal), computed without the
 * breakpoint search, components or explanations: what an uncertain plan repeats for each of thousands of samples.
 */
export function planOutcome(profile: Profile, catalogue: Catalogue, users: number): PlanOutcome {
  // The outcome keeps nothing of the demand, so one record serves every sampled plan (computeDemand says why).
  const ctx = phaseContext(profile, catalogue, users, undefined, false, outcomeDemand);
  const { results, lowest, cheapest } = searchPhases(ctx, false);
  const chosen = lowest === -1 ? results[PHASES.length - 1]!.closest : cheapest;
  if (!chosen) return planOutcomeError(profile, catalogue, users);
  const model = profile.llm?.model ? catalogue.llm.models[profile.llm.model] : undefined;
  const llmMicros = profile.llm ? llmMonthlyMicros(profile.llm, model, ctx.demand) : 0;
  const limits = profile.llm ? llmConstraints(profile.llm, model, ctx.demand, ctx.target, false) : [];
  const constraints = limits.length > 0 ? chosen.constraints.concat(limits) : chosen.constraints;
  const infraMicros = chosen.infraMicros + transferMicros(ctx.aws, ctx.demand.monthlyTransferGB);
  // As planCapacity checks its lines (it would name the one at fault).
  if (!Number.isSafeInteger(infraMicros + llmMicros)) planOutcomeError(profile, catalogue, users);
  return { phaseIndex: lowest === -1 ? PHASES.length - 1 : lowest, candidate: chosen, infraMicros, llmMicros, constraints };
}

const outcomeDemand = emptyDemand();

/** Nothing can run the app, or the cost is past exact sums: planCapacity's error says why. */
function planOutcomeError(profile: Profile, catalogue: Catalogue, users: number): never {
  planCapacity(profile, catalogue, { users, skipBreakpoint: true });
  throw new Error('planCapacity accepted a profile that planOutcome could not place');
}

function phaseContext(profile: Profile, catalogue: Catalogue, users: number, concurrentRatio: number | undefined, explain: boolean, demandInto?: Demand): PhaseContext {
  const demand = computeDemand(profile, concurrentRatio !== undefined ? { users, concurrentUsers: users * concurrentRatio } : { users }, demandInto);
  // Every field present from the start (the search fills in the load balancer): one object shape for the search.
  return { profile, aws: catalogue.aws, demand, target: profile.targets.utilization, explain, loadBalancerMicros: undefined };
}

/** Index of the lowest phase with a feasible configuration; the top phase when none has one. */
export function lowestFeasiblePhase(profile: Profile, catalogue: Catalogue, users: number, concurrentRatio?: number): number {
  const ctx = phaseContext(profile, catalogue, users, concurrentRatio, false);
  const index = PHASES.findIndex((phase) => isPhaseFeasible(phase, ctx));
  return index === -1 ? PHASES.length - 1 : index;
}

/** The smallest user count above `users` at which the phase changes: doubling, then bisection (feasibility is monotone). */
export function findNextBreakpoint(profile: Profile, catalogue: Catalogue, users: number, concurrentRatio: number | undefined, phaseIndex: number): Breakpoint | null {
  const top = PHASES.length - 1;
  // The phase at n, or top + 1 where nothing runs at all: the top phase has not even a configuration over its limits
  // (the plan there is an error). Both only grow with users.
  const phaseAt = (n: number) => {
    const index = lowestFeasiblePhase(profile, catalogue, n, concurrentRatio);
    if (index < top) return index;
    const ctx = phaseContext(profile, catalogue, n, concurrentRatio, false);
    const result = evaluatePhase(PHASES[top]!, ctx);
    return result.best || result.closest ? top : top + 1;
  };
  let low = Math.floor(users);
  let high = Math.max(low + 1, low * 2);
  let phaseAtHigh = phaseAt(high);
  while (phaseAtHigh <= phaseIndex) {
    if (high >= BREAKPOINT_SEARCH_LIMIT) return null;
    low = high;
    high = Math.min(BREAKPOINT_SEARCH_LIMIT, high * 2);
    phaseAtHigh = phaseAt(high);
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const atMid = phaseAt(mid);
    if (atMid > phaseIndex) {
      high = mid;
      phaseAtHigh = atMid;
    } else low = mid;
  }
  // Which limit the current phase breaks at the breakpoint: its closest configuration there.
  const atHigh = phaseContext(profile, catalogue, high, concurrentRatio, false);
  const failed = rejectionOf(evaluatePhase(PHASES[phaseIndex]!, atHigh), atHigh);
  return { users: high, phase: phaseAtHigh > top ? null : PHASES[phaseAtHigh]!, constraint: failed.constraint };
}

function rejectionOf(result: PhaseResult, ctx: PhaseContext): Rejection {
  if (result.policy) return { phase: result.phase, constraint: result.policy.constraint, reason: result.policy.reason };
  const failing = worstConstraint((result.closest?.constraints ?? []).filter((c) => !c.ok));
  if (!failing) {
    const { phase, constraint, reason } = appOutOfReach(result.phase, ctx);
    return { phase, constraint, reason };
  }
  const where = result.closest?.app.option.type;
  return {
    phase: result.phase,
    constraint: failing.id,
    required: failing.required,
    capacity: failing.capacity,
    unit: failing.unit,
    utilization: failing.utilization,
    reason: `${failing.id} needs ${q(failing.required)} ${failing.unit} against ${q(failing.capacity)} (${pct(failing.utilization)}) even on the closest fit${where ? ` (${describeCandidate(result.closest!)})` : ''}`,
  };
}

function describeCandidate(c: Candidate): string {
  const parts = [`${c.app.count} × ${c.app.option.type}`];
  if (c.db) parts.push(c.db.className + (c.db.replicas ? ` + ${c.db.replicas} replicas` : ''));
  return parts.join(', ');
}

function phaseReason(phase: PhaseId, rejected: Rejection[], chosen: Candidate, result: PhaseResult): string {
  const lower = rejected.map((r) => `${r.phase} fails on ${r.constraint}`).join('; ');
  let reason = rejected.length === 0 ? `${phase} is the lowest phase and carries the load` : `${phase} is the lowest phase that carries the load (${lower})`;
  if (!result.best) reason = `no phase keeps every limit under target; ${phase} is the largest (${lower})`;
  if (chosen.phase !== phase) reason += `; the cheapest configuration is the ${chosen.phase} topology (${PHASE_DESCRIPTIONS[chosen.phase]})`;
  return reason;
}

function componentsOf(c: Candidate, ctx: PhaseContext): { components: Component[]; warnings: string[] } {
  const { components, warnings } = appComponents(c.app, ctx);
  const onFargate = c.app.option.kind === 'fargate';
  if (onFargate) components.push(albComponent(ctx.aws, ctx.profile, ctx.demand));
  if (c.db) components.push(...databaseComponents(c.db, { ...ctx, multiAz: c.db.multiAz, proxy: c.db.proxy }));
  if (c.cache) components.push(...cacheComponents(c.cache, c.cache.nodes > c.cache.shards));
  components.push(transferComponent(ctx.aws, ctx.demand));
  return { components, warnings };
}
