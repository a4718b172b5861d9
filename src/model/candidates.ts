/** Candidate configurations of one phase: enumerate app options, size each tier, keep the cheapest that fits. */
import type { AwsSnapshot, RdsClass } from '../catalogue/schema.js';
import type { Profile } from '../profile/schema.js';
import { appDemandOf, dbConnectionsOf, redisConnectionsOf, appFits, ec2Options, fargateOptions, instancesNeeded, minimumCount, sizeApp, surplusCreditMicros, type AppContext, type AppOption, type AppSizing } from './app.js';
import { cacheAt, cheapestNodeMicros, chooseCache, type CacheChoice } from './cache.js';
import { pressure } from './constraint.js';
import { chooseDatabase, databaseConstraints, databaseFloorMicros, databaseOptions, type DatabaseChoice, type DatabaseContext, type DatabaseOption } from './database.js';
import { KeyedMemo } from './memo.js';
import { monthlyMicrosFromHourly } from './money.js';
import { albLcus, albMicros } from './network.js';
import type { Constraint, Demand, PhaseId, PolicyConstraintId } from './types.js';

export interface Candidate {
  phase: PhaseId;
  app: AppSizing;
  db: DatabaseChoice | undefined;
  cache: CacheChoice | undefined;
  constraints: Constraint[];
  /** Infrastructure that differs between candidates: app, credits, database, cache, load balancer. */
  infraMicros: number;
  feasible: boolean;
  pressure: number;
}

export interface PhaseContext {
  profile: Profile;
  aws: AwsSnapshot;
  demand: Demand;
  target: number;
  explain: boolean;
  /** Filled in by the search: the load balancer's cost at this load. */
  loadBalancerMicros?: number;
}

export interface PhaseResult {
  phase: PhaseId;
  policy?: { constraint: PolicyConstraintId; reason: string };
  best?: Candidate;
  closest?: Candidate;
}

export const HIGH_AVAILABILITY = 99.9;

/** The ECS service quota "tasks per service": a task size that needs more is not a configuration. */
export const MAX_TASKS_PER_SERVICE = 5000;

const DURABILITY_POLICY = { constraint: 'targets.durability', reason: 'durability: required, and a single instance keeps state in process memory (lost on restart)' } as const;

function policyRejection(phase: PhaseId, profile: Profile): PhaseResult['policy'] {
  const { durability, availability } = profile.targets;
  if (phase === 'single-instance' && durability === 'required') return DURABILITY_POLICY;
  if ((phase === 'single-instance' || phase === 'rds') && availability >= HIGH_AVAILABILITY) {
    return { constraint: 'targets.availability', reason: `availability ${availability} % needs at least 2 app instances and a Multi-AZ database` };
  }
  return undefined;
}

// The option lists depend only on the catalogue (and the profile's allow-lists); the breakpoint search evaluates
// phases dozens of times per plan, so build them once per catalogue.
const appOptionsMemo = new KeyedMemo<AwsSnapshot, string, AppOption[]>();
const classesMemo = new KeyedMemo<AwsSnapshot, string, [string, RdsClass][]>();

function appOptions(phase: PhaseId, aws: AwsSnapshot, profile: Profile, onFargate: boolean): AppOption[] {
  if (onFargate) return appOptionsMemo.get(aws, 'fargate', () => fargateOptions(aws));
  const burstableOnly = phase === 'single-instance';
  const allowed = profile.app.ec2Types;
  return appOptionsMemo.get(aws, `ec2:${burstableOnly}:${allowed ? allowed.join(',') : '*'}`, () => ec2Options(aws, allowed, burstableOnly));
}

function dbClasses(aws: AwsSnapshot, allowed: readonly string[] | undefined): [string, RdsClass][] {
  return classesMemo.get(aws, allowed ? allowed.join(',') : '*', () =>
    Object.entries(aws.rds.postgres)
      .filter(([name]) => !allowed || allowed.includes(name))
      .sort((a, b) => a[1].singleAzUsdPerHour - b[1].singleAzUsdPerHour)
      .map(([name, c]): [string, RdsClass] => [name, sameShape(c)]),
  );
}

/**
 * The class with every field present in one order (the baseline is absent on classes that do not burst): the search
 * reads thousands of them, and code that sees one object shape stays optimised when a new class comes into play.
 */
function sameShape(c: RdsClass): RdsClass {
  return { vcpu: c.vcpu, memoryGiB: c.memoryGiB, singleAzUsdPerHour: c.singleAzUsdPerHour, multiAzUsdPerHour: c.multiAzUsdPerHour, maxConnections: c.maxConnections, burstable: c.burstable, baselinePerVcpu: c.baselinePerVcpu, source: c.source };
}

/** What a phase's search needs from the catalogue and the profile's allow-lists, whatever the load. */
interface PhaseInputs {
  ec2Types: readonly string[] | undefined;
  classesAllowed: readonly string[] | undefined;
  nodeTypes: readonly string[] | undefined;
  options: readonly AppOption[];
  /** Option indices by the price of one instance, then catalogue order. */
  byPrice: Int32Array;
  /** The monthly price of one instance, by option index. */
  unitMicros: Float64Array;
  classes: [string, RdsClass][];
  /** One node of the cheapest allowed cache type. */
  cacheNodeMicros: number;
}

const NO_DATABASE_OPTIONS: readonly DatabaseOption[] = [];

// One entry per option list (the key is always 0).
const byPriceMemo = new KeyedMemo<readonly AppOption[], 0, { byPrice: Int32Array; unitMicros: Float64Array }>();

// The last inputs of each phase of each catalogue, checked by identity: the planner asks for them once per phase of
// every plan, and thousands of sampled or swept plans share one catalogue and one set of allow-lists (which are never
// edited in place).
const lastInputs = new WeakMap<AwsSnapshot, Map<PhaseId, PhaseInputs>>();

export function phaseInputs(phase: PhaseId, aws: AwsSnapshot, profile: Profile, onFargate: boolean): PhaseInputs {
  let byPhase = lastInputs.get(aws);
  if (!byPhase) lastInputs.set(aws, (byPhase = new Map()));
  const last = byPhase.get(phase);
  const { ec2Types } = profile.app;
  const classesAllowed = profile.database.classes;
  const { nodeTypes } = profile.redis;
  if (last && last.ec2Types === ec2Types && last.classesAllowed === classesAllowed && last.nodeTypes === nodeTypes) return last;
  const inputs = buildPhaseInputs(phase, aws, profile, onFargate);
  byPhase.set(phase, inputs);
  return inputs;
}

// Built rarely, so kept apart from the lookup above: the search's compiled code then holds only the lookup.
function buildPhaseInputs(phase: PhaseId, aws: AwsSnapshot, profile: Profile, onFargate: boolean): PhaseInputs {
  const { ec2Types } = profile.app;
  const classesAllowed = profile.database.classes;
  const { nodeTypes } = profile.redis;
  const options = appOptions(phase, aws, profile, onFargate);
  const { byPrice, unitMicros } = byPriceMemo.get(options, 0, () => ({
    byPrice: Int32Array.from(options.keys()).sort((a, b) => options[a]!.usdPerHour - options[b]!.usdPerHour || a - b),
    unitMicros: Float64Array.from(options, (o) => monthlyMicrosFromHourly(o.usdPerHour)),
  }));
  return { ec2Types, classesAllowed, nodeTypes, options, byPrice, unitMicros, classes: dbClasses(aws, classesAllowed), cacheNodeMicros: cheapestNodeMicros(aws, nodeTypes) };
}

/** The load balancer's monthly cost at the context's load, kept on the context (three phases ask for it). */
export function loadBalancerMicrosOf(ctx: PhaseContext): number {
  return (ctx.loadBalancerMicros ??= albMicros(ctx.aws, albLcus(ctx.aws, ctx.profile, ctx.demand)));
}

/** The read replicas a phase's database may have: one up to the catalogue's most in the replicas phase, else none. */
export function replicaRangeOf(phase: PhaseId, aws: AwsSnapshot): [number, number] {
  return phase === 'replicas' ? [1, aws.rds.maxReadReplicas] : [0, 0];
}

/** What a phase's topology implies for sizing. */
export function topology(phase: PhaseId, ctx: PhaseContext) {
  const { profile, aws, demand, target, explain } = ctx;
  const hasDatabase = phase !== 'single-instance';
  const onFargate = phase === 'ecs' || phase === 'proxy' || phase === 'replicas';
  const multiAz = onFargate && profile.targets.availability >= HIGH_AVAILABILITY;
  return {
    hasDatabase,
    onFargate,
    multiAz,
    appCtx: { profile, demand, holdsAllThreads: !hasDatabase, hasDatabase, target, explain },
    dbCtx: { profile, demand, aws, target, multiAz, proxy: phase === 'proxy' || phase === 'replicas', explain } satisfies DatabaseContext,
  };
}

/** The candidate's configuration at `ctx`: its app sizing, database and cache with their limits computed afresh. */
function partsAt(candidate: Candidate, ctx: PhaseContext): { app: AppSizing; db: DatabaseChoice | undefined; cache: CacheChoice | undefined } {
  const { appCtx, dbCtx } = topology(candidate.phase, ctx);
  const app = sizeApp(candidate.app.option, candidate.app.count, appCtx);
  const db = candidate.db && { ...candidate.db, constraints: databaseConstraints(candidate.db.className, candidate.db.cls, candidate.db.replicas, app.dbConnections, dbCtx) };
  const cache = candidate.cache && cacheAt(ctx.aws, candidate.cache, app.redisConnections, dbCtx);
  return { app, db, cache };
}

/** Every limit of a configuration: the app tier's, then the database's, then the cache's. */
function constraintsOf(app: AppSizing, db: DatabaseChoice | undefined, cache: CacheChoice | undefined): Constraint[] {
  const constraints = app.constraints.slice();
  if (db) for (let k = 0; k < db.constraints.length; k++) constraints.push(db.constraints[k]!);
  if (cache) for (let k = 0; k < cache.constraints.length; k++) constraints.push(cache.constraints[k]!);
  return constraints;
}

/** The candidate's constraints again, with the one-line explanations the search skips for speed. */
export function explainCandidate(candidate: Candidate, ctx: PhaseContext): Candidate {
  const { app, db, cache } = partsAt(candidate, { ...ctx, explain: true });
  return { ...candidate, app, constraints: constraintsOf(app, db, cache) };
}

/**
 * The same configuration at another load (the context's): app option and count, database class and replicas, cache
 * node type and shards kept; its cost and limits computed there. A sweep costs the user counts between two plans with
 * the same configuration this way.
 */
export function candidateAt(candidate: Candidate, ctx: PhaseContext): Candidate {
  const { app, db, cache } = partsAt(candidate, ctx);
  const onFargate = candidate.app.option.kind === 'fargate';
  const infraMicros = appMicrosOf(app.option, app.count, ctx) + (onFargate ? loadBalancerMicrosOf(ctx) : 0) + (db ? db.micros : 0) + (cache ? cache.micros : 0);
  return candidateOf(candidate.phase, app, db, cache, infraMicros, undefined, ctx.target);
}

export interface PhaseSearch {
  /** The cost of the cheapest configuration of a lower phase: only a configuration strictly cheaper is returned. */
  boundMicros?: number;
  /** Whether to find `closest` when nothing fits (the rejection's reason); not done under a bound. Default true. */
  closest?: boolean;
}

/**
 * Evaluate one phase: the cheapest configuration that keeps every limit under target (`best`) or, when none does,
 * the one whose worst limit is least exceeded (`closest`).
 */
export function evaluatePhase(phase: PhaseId, ctx: PhaseContext, search: PhaseSearch = {}): PhaseResult {
  const boundMicros = search.boundMicros ?? Number.POSITIVE_INFINITY;
  const policy = policyRejection(phase, ctx.profile);
  if (policy) return { phase, policy };
  const { profile, aws, target } = ctx;
  const { hasDatabase, onFargate, multiAz, appCtx, dbCtx } = topology(phase, ctx);
  const proxy = dbCtx.proxy;
  const minCount = onFargate && multiAz ? 2 : 1;
  const inputs = phaseInputs(phase, aws, profile, onFargate);
  const { options } = inputs;
  const replicaRange = replicaRangeOf(phase, aws);
  const loadBalancerMicros = onFargate ? loadBalancerMicrosOf(ctx) : 0;

  const searchClosest = search.closest !== false && boundMicros === Number.POSITIVE_INFINITY;

  // Whatever the app option, the configuration pays at least the load balancer, the cheapest database that carries
  // the primary's CPU and one cheapest cache node (two under Multi-AZ), and at least its minimum count of the cheapest
  // instance.
  const cacheFloorMicros = hasDatabase ? inputs.cacheNodeMicros * (multiAz ? 2 : 1) : 0;
  const dbOptions = hasDatabase ? databaseOptions(inputs.classes, replicaRange, dbCtx) : NO_DATABASE_OPTIONS;
  let fixedFloorMicros = loadBalancerMicros + (hasDatabase ? databaseFloorMicros(dbOptions, dbCtx) + cacheFloorMicros : 0);
  const cheapestUnitMicros = options.length > 0 ? inputs.unitMicros[inputs.byPrice[0]!]! : Number.POSITIVE_INFINITY;
  // Under a bound from a lower phase, a phase that cannot beat it is done before anything is sized.
  if (!searchClosest && fixedFloorMicros + cheapestUnitMicros * minCount >= boundMicros) return { phase };

  // Options are visited by the least each could cost: for EC2 (one instance) its price, in price order; for Fargate,
  // the tasks its load needs before rounding up, sized first. Once that plus the fixed floor exceeds the best
  // configuration so far (or the bound), no later option can beat it. Exact counts and costs are computed only for
  // the options visited, and the configuration's limits are built only for the one kept.
  const sized = onFargate ? sizedFargateOptions(inputs, ctx, appCtx, multiAz, searchClosest ? Number.POSITIVE_INFINITY : boundMicros - fixedFloorMicros) : undefined;
  const visitCount = sized ? sized.sizedCount : options.length;
  // The least the app tier costs: on Fargate the cheapest sized task floor, which weighs the load (checked against the
  // bound again, before any database is chosen).
  const appFloorMicros = !sized ? cheapestUnitMicros * minCount : visitCount > 0 ? sized.floorMicros[sized.order[0]!]! : Number.POSITIVE_INFINITY;
  if (sized && !searchClosest && fixedFloorMicros + appFloorMicros >= boundMicros) return { phase };

  // Candidates with equal pools share a database choice, and equal Redis pools a cache choice (databaseFor).
  // Maps, read on every visit: a lookup that only indexes on a hit would leave the compiled search to learn that
  // path the first time a rare load takes it.
  const dbChoices = new Map<number, DatabaseResult>();
  const cacheChoices = new Map<number, CacheChoice>();
  if (hasDatabase && proxy) {
    // With a proxy the database sees the queries in flight, not the app's pools: one choice serves every app
    // option, and its cost replaces the database floor.
    const proxyDb = databaseFor(dbChoices, -1, 0, dbOptions, dbCtx);
    if (!proxyDb.feasible && !searchClosest) return { phase };
    fixedFloorMicros = loadBalancerMicros + proxyDb.choice.micros + cacheFloorMicros;
    if (!searchClosest && fixedFloorMicros + appFloorMicros >= boundMicros) return { phase };
  } else if (sized && !searchClosest && hasDatabase) {
    // Without a proxy, the database must hold the pools of the fewest connections any sized option opens (at its
    // floor count), and its cost only grows with the connections: with the cheapest task floor, a floor for the phase.
    let fewestConnections = Number.POSITIVE_INFINITY;
    for (let k = 0; k < visitCount; k++) {
      const i = sized.order[k]!;
      if (sized.floorMicros[i] === Number.POSITIVE_INFINITY) break;
      fewestConnections = Math.min(fewestConnections, dbConnectionsOf(options[i]!, sized.floorCount[i]!, profile));
    }
    const atFewest = databaseFor(dbChoices, fewestConnections, fewestConnections, dbOptions, dbCtx);
    if (!atFewest.feasible || appFloorMicros + loadBalancerMicros + atFewest.choice.micros + cacheFloorMicros >= boundMicros) return { phase };
  }

  let bestIndex = -1;
  let bestCount = 0;
  let bestMicros = Number.POSITIVE_INFINITY;
  let bestDb: DatabaseChoice | undefined;
  let bestCache: CacheChoice | undefined;
  let closest: Candidate | undefined;
  let closestIndex = -1;
  for (let k = 0; k < visitCount; k++) {
    const i = sized ? sized.order[k]! : inputs.byPrice[k]!;
    const floorMicros = sized ? sized.floorMicros[i]! : inputs.unitMicros[i]!;
    if (floorMicros === Number.POSITIVE_INFINITY) break; // the options no count can run sort last
    const found = bestIndex >= 0;
    const limit = found ? bestMicros : boundMicros;
    // Once a configuration fits (or under a bound), only a feasible one that costs at most the limit matters; until
    // then, a search for the closest fit weighs every option.
    const onlyFeasible = found || !searchClosest;
    if (floorMicros + fixedFloorMicros > limit && onlyFeasible) break;
    const option = options[i]!;
    let count: number;
    let fits: boolean;
    let appMicros: number;
    if (sized) {
      // The tasks' floor count is at most the exact count, and the database's cost grows with the connections (the
      // classes that fit only shrink): a database too dear or unfit for the floor's pools rules the option out
      // before its exact count is worked out. (With a proxy the database does not depend on the app option.)
      if (onlyFeasible && hasDatabase && !proxy) {
        const floorConnections = dbConnectionsOf(option, sized.floorCount[i]!, profile);
        const atFloor = databaseFor(dbChoices, floorConnections, floorConnections, dbOptions, dbCtx);
        if (!atFloor.feasible || floorMicros + loadBalancerMicros + atFloor.choice.micros + cacheFloorMicros > limit) continue;
      }
      count = exactCount(sized, i, appCtx, multiAz);
      if (count === 0) continue;
      fits = sized.fits[i] === 1;
      appMicros = sized.appMicros[i]!;
    } else {
      count = 1;
      fits = appFits(option, 1, appCtx);
      if (!fits && onlyFeasible) continue;
      appMicros = appMicrosOf(option, 1, ctx);
    }
    if (onlyFeasible && (!fits || appMicros + fixedFloorMicros > limit)) continue;
    const dbConnections = dbConnectionsOf(option, count, profile);
    const redisConnections = redisConnectionsOf(option, count, profile);
    let infraMicros = appMicros + loadBalancerMicros;
    let feasible = fits;
    let db: DatabaseChoice | undefined;
    let cache: CacheChoice | undefined;
    if (hasDatabase) {
      // With a proxy the database does not see the app's pools, so one choice serves every app option.
      const dbResult = databaseFor(dbChoices, proxy ? -1 : dbConnections, dbConnections, dbOptions, dbCtx);
      db = dbResult.choice;
      feasible &&= dbResult.feasible;
      infraMicros += db.micros;
      // The cache costs at least its floor: skip choosing it when the rest already rules the option out.
      if (onlyFeasible && (!feasible || infraMicros + cacheFloorMicros > limit)) continue;
      cache = cacheChoices.get(redisConnections);
      if (cache === undefined) cacheChoices.set(redisConnections, (cache = chooseCache(aws, profile.redis.nodeTypes, redisConnections, dbCtx)));
      infraMicros += cache.micros;
    }
    if (feasible) {
      // The cheapest; on equal cost, the first in catalogue order, whatever order the options were visited in.
      const beats = found ? infraMicros < bestMicros || (infraMicros === bestMicros && i < bestIndex) : infraMicros < boundMicros;
      if (!beats) continue;
      bestIndex = i;
      bestCount = count;
      bestMicros = infraMicros;
      bestDb = db;
      bestCache = cache;
    } else if (!found && searchClosest) {
      const candidate = candidateOf(phase, sizeApp(option, count, appCtx), db, cache, infraMicros, false, target);
      const closer = !closest || candidate.pressure < closest.pressure || (candidate.pressure === closest.pressure && (infraMicros < closest.infraMicros || (infraMicros === closest.infraMicros && i < closestIndex)));
      if (closer) {
        closest = candidate;
        closestIndex = i;
      }
    }
  }
  if (bestIndex >= 0) return { phase, best: candidateOf(phase, sizeApp(options[bestIndex]!, bestCount, appCtx), bestDb, bestCache, bestMicros, true, target) };
  return { phase, ...(closest ? { closest } : {}) };
}

type DatabaseResult = ReturnType<typeof chooseDatabase>;

/**
 * The database choice for `connections`, kept under `key` in a search's memo (the pool size; with a proxy one key,
 * -1): candidates with equal pools share a choice, and a search meets only a few pool sizes.
 */
function databaseFor(memo: Map<number, DatabaseResult>, key: number, connections: number, options: readonly DatabaseOption[], dbCtx: DatabaseContext): DatabaseResult {
  let result = memo.get(key);
  if (result === undefined) memo.set(key, (result = chooseDatabase(options, connections, dbCtx)));
  return result;
}

/** A configuration with its limits; `feasible` when the search already knows, else whether every limit holds. */
function candidateOf(phase: PhaseId, app: AppSizing, db: DatabaseChoice | undefined, cache: CacheChoice | undefined, infraMicros: number, feasible: boolean | undefined, target: number): Candidate {
  const constraints = constraintsOf(app, db, cache);
  const fits = feasible ?? constraints.every((c) => c.ok);
  // One object shape whatever the tiers (db and cache are undefined when absent): thousands are built per sweep or
  // uncertain plan.
  return { phase, app, db, cache, constraints, infraMicros, feasible: fits, pressure: fits ? 0 : pressure(constraints, target) };
}

/**
 * The Fargate task sizes, each with the least its tasks could cost, in that order; exact counts are filled in as the
 * search reaches them. Column arrays, refilled in place for each new context: the sampler and the sweep size 80-odd
 * task sizes for each of thousands of plans, and the three Fargate phases share one sizing.
 */
interface SizedOptions {
  options: readonly AppOption[];
  /** A lower bound on the option's app cost (infinite when no count can run it); set for the first `sizedCount` by price. */
  floorMicros: Float64Array;
  sizedCount: number;
  /** The limit the floors were computed under: options whose minimum tasks cost more were left out. */
  sizedLimit: number;
  /** The whole tasks the floor counts: at most the exact count. */
  floorCount: Float64Array;
  /** Tasks of each option's load, unrounded (NaN when no count can run it). */
  needed: Float64Array;
  /** Tasks of each option: -1 until computed, 0 when none can run it (or more than the service quota allows). */
  count: Int32Array;
  appMicros: Float64Array;
  /** Whether the app tier's own limits hold at that count. */
  fits: Uint8Array;
  /** The sized options by floor; equal floors in catalogue order. */
  order: Int32Array;
  owner: PhaseContext | undefined;
}

// Keyed by the minimum task count: two under Multi-AZ, one otherwise.
const sizedMemo = new KeyedMemo<readonly AppOption[], number, SizedOptions>();

/** Empty columns for a list of task sizes, filled in by sizedFargateOptions. */
function unsized(options: readonly AppOption[]): SizedOptions {
  const n = options.length;
  return { options, floorMicros: new Float64Array(n), floorCount: new Float64Array(n), sizedCount: 0, sizedLimit: -1, needed: new Float64Array(n), count: new Int32Array(n), appMicros: new Float64Array(n), fits: new Uint8Array(n), order: new Int32Array(n), owner: undefined };
}

/**
 * The task sizes whose minimum tasks could cost at most `limitMicros`, each with its floor, in floor order. A task size
 * whose minimum count alone costs more is skipped without sizing: under a bound from a lower phase, that is most.
 */
function sizedFargateOptions(inputs: PhaseInputs, ctx: PhaseContext, appCtx: AppContext, multiAz: boolean, limitMicros: number): SizedOptions {
  const { options, byPrice, unitMicros } = inputs;
  const minCount = multiAz ? 2 : 1;
  const sized = sizedMemo.get(options, minCount, unsized);
  if (sized.owner !== ctx) {
    sized.owner = ctx;
    sized.sizedCount = 0;
    sized.sizedLimit = -1;
  } else if (limitMicros <= sized.sizedLimit) {
    return sized;
  }
  const { floorMicros, order } = sized;
  const need = appDemandOf(appCtx);
  let k = sized.sizedCount;
  for (; k < byPrice.length; k++) {
    const i = byPrice[k]!;
    const unit = unitMicros[i]!;
    if (unit * minCount > limitMicros) break; // and so is every later, dearer option
    const needed = instancesNeeded(options[i]!, appCtx, need);
    sized.needed[i] = needed ?? Number.NaN;
    // Whole tasks, less a float margin first: a load of 3.0000000000000004 tasks is 3 tasks.
    const floorCount = needed === undefined ? 0 : Math.max(minCount, Math.ceil(needed * (1 - 1e-9)));
    sized.floorCount[i] = floorCount;
    floorMicros[i] = needed === undefined ? Number.POSITIVE_INFINITY : unit * floorCount;
    sized.count[i] = -1;
    // Insertion into the floor order (ties in catalogue order).
    let j = k - 1;
    while (j >= 0 && (floorMicros[order[j]!]! > floorMicros[i]! || (floorMicros[order[j]!]! === floorMicros[i]! && order[j]! > i))) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = i;
  }
  sized.sizedCount = k;
  sized.sizedLimit = k === byPrice.length ? Number.POSITIVE_INFINITY : limitMicros;
  return sized;
}

/** The task size's count (0 when none can run it), computed the first time the search reaches it. */
function exactCount(sized: SizedOptions, i: number, appCtx: AppContext, multiAz: boolean): number {
  if (sized.count[i]! >= 0) return sized.count[i]!;
  const option = sized.options[i]!;
  const needed = sized.needed[i]!;
  const n = minimumCount(option, multiAz ? 2 : 1, appCtx, Number.isNaN(needed) ? undefined : needed);
  const valid = n !== undefined && n <= MAX_TASKS_PER_SERVICE;
  sized.count[i] = valid ? n : 0;
  sized.appMicros[i] = valid ? appMicrosOf(option, n, sized.owner!) : Number.POSITIVE_INFINITY;
  sized.fits[i] = valid ? 1 : 0;
  return sized.count[i]!;
}

/**
 * Whether any configuration of the phase keeps every limit under target: the question the breakpoint search asks
 * dozens of times. It stops at the first fit and skips the cache, whose shard count always scales to fit.
 */
export function isPhaseFeasible(phase: PhaseId, ctx: PhaseContext): boolean {
  if (policyRejection(phase, ctx.profile)) return false;
  const { profile, aws } = ctx;
  const { hasDatabase, onFargate, multiAz, appCtx, dbCtx } = topology(phase, ctx);
  const { classes, options } = phaseInputs(phase, aws, profile, onFargate);
  const replicaRange = replicaRangeOf(phase, aws);
  const dbFeasible = new Map<number, boolean>();
  // Catalogue order, stopping at the first fit: cheaper than sizing every option when an early one fits.
  for (const option of options) {
    const count = onFargate ? minimumCount(option, multiAz ? 2 : 1, appCtx) : 1;
    if (count === undefined || count > MAX_TASKS_PER_SERVICE || (!onFargate && !appFits(option, count, appCtx))) continue;
    if (!hasDatabase) return true;
    const dbConnections = dbConnectionsOf(option, count, profile);
    const key = dbCtx.proxy ? -1 : dbConnections;
    let ok = dbFeasible.get(key);
    if (ok === undefined) dbFeasible.set(key, (ok = chooseDatabase(databaseOptions(classes, replicaRange, dbCtx), dbConnections, dbCtx).feasible));
    if (ok) return true;
  }
  return false;
}

function appMicrosOf(option: AppOption, count: number, ctx: PhaseContext): number {
  const instances = monthlyMicrosFromHourly(option.usdPerHour) * count;
  const credits = option.burst ? (surplusCreditMicros({ option, count }, ctx)?.micros ?? 0) : 0;
  return instances + credits;
}
