/** Candidate configurations of one phase: enumerate app options, size each tier, keep the cheapest that fits. */
import type { AwsSnapshot, RdsClass } from '../catalogue/schema.js';
import type { Profile } from '../profile/schema.js';
import { appDemandOf, dbConnectionsOf, redisConnectionsOf, appFits, ec2Options, fargateOptions, instancesNeeded, minimumCount, sizeApp, surplusCreditMicros, type AppContext, type AppOption, type AppSizing } from './app.js';
import { chooseCache, type CacheChoice } from './cache.js';
import { pressure } from './constraint.js';
import { cheapestDatabaseMicros, chooseDatabase, databaseConstraints, type DatabaseChoice, type DatabaseContext } from './database.js';
import { KeyedMemo } from './memo.js';
import { monthlyMicrosFromHourly } from './money.js';
import { albLcus, albMicros } from './network.js';
import type { Constraint, Demand, PhaseId, PolicyConstraintId } from './types.js';

export interface Candidate {
  phase: PhaseId;
  app: AppSizing;
  db?: DatabaseChoice;
  cache?: CacheChoice;
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

function policyRejection(phase: PhaseId, profile: Profile): PhaseResult['policy'] {
  const { durability, availability } = profile.targets;
  if (phase === 'single-instance' && durability === 'required') {
    return { constraint: 'targets.durability', reason: 'durability: required, and a single instance keeps state in process memory (lost on restart)' };
  }
  if ((phase === 'single-instance' || phase === 'rds') && availability >= HIGH_AVAILABILITY) {
    return { constraint: 'targets.availability', reason: `availability ${availability} % needs at least 2 app instances and a Multi-AZ database` };
  }
  return undefined;
}

// The option lists depend only on the catalogue (and the profile's allow-lists); the breakpoint search evaluates
// phases dozens of times per plan, so build them once per catalogue.
const appOptionsMemo = new KeyedMemo<AwsSnapshot, string, AppOption[]>();
const classesMemo = new KeyedMemo<AwsSnapshot, string, [string, RdsClass][]>();
const cacheFloorMemo = new KeyedMemo<AwsSnapshot, string, number>();

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
      .sort((a, b) => a[1].singleAzUsdPerHour - b[1].singleAzUsdPerHour),
  );
}

/** The least a cache tier can cost: one node of the cheapest allowed type, two under Multi-AZ (a replica per shard). */
function cacheFloor(aws: AwsSnapshot, allowed: readonly string[] | undefined, multiAz: boolean): number {
  return cacheFloorMemo.get(aws, allowed ? allowed.join(',') : '*', () => cacheFloorOf(aws, allowed)) * (multiAz ? 2 : 1);
}

function cacheFloorOf(aws: AwsSnapshot, allowed: readonly string[] | undefined): number {
  let least = Number.POSITIVE_INFINITY;
  for (const nodeType in aws.elasticache.nodes) {
    if (allowed && !allowed.includes(nodeType)) continue;
    least = Math.min(least, monthlyMicrosFromHourly(aws.elasticache.nodes[nodeType]!.usdPerHour));
  }
  return least === Number.POSITIVE_INFINITY ? 0 : least;
}

/** What a phase's topology implies for sizing. */
function topology(phase: PhaseId, ctx: PhaseContext) {
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

/** The candidate's constraints again, with the one-line explanations the search skips for speed. */
export function explainCandidate(candidate: Candidate, ctx: PhaseContext): Candidate {
  const { appCtx, dbCtx, multiAz } = topology(candidate.phase, { ...ctx, explain: true });
  const app = sizeApp(candidate.app.option, candidate.app.count, appCtx);
  const constraints = [...app.constraints];
  if (candidate.db) constraints.push(...databaseConstraints(candidate.db.className, candidate.db.cls, candidate.db.replicas, app.dbConnections, dbCtx));
  if (candidate.cache) {
    const cache = chooseCache(ctx.aws, [candidate.cache.nodeType], app.redisConnections, { ...ctx, multiAz, explain: true });
    constraints.push(...cache.constraints);
  }
  return { ...candidate, app, constraints };
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
  const { profile, aws, demand, target } = ctx;
  const { hasDatabase, onFargate, multiAz, appCtx, dbCtx } = topology(phase, ctx);
  const classes = dbClasses(aws, profile.database.classes);
  const replicaRange: [number, number] = phase === 'replicas' ? [1, aws.rds.maxReadReplicas] : [0, 0];
  const loadBalancerMicros = onFargate ? albMicros(aws, albLcus(aws, profile, demand)) : 0;

  // Whatever the app option, the configuration pays at least the load balancer, the cheapest database and one
  // cheapest cache node (two under Multi-AZ).
  const fixedFloorMicros = loadBalancerMicros + (hasDatabase ? cheapestDatabaseMicros(classes, replicaRange, dbCtx) + cacheFloor(aws, profile.redis.nodeTypes, multiAz) : 0);
  // App options are visited by the least each could cost (exact for EC2; for Fargate, the tasks its load needs before
  // rounding up); once that plus the fixed floor exceeds the best configuration so far (or the bound), no later
  // option can beat it. Exact counts are computed only for the options visited, and the app's limits are built only
  // for the configuration kept.
  const searchClosest = search.closest !== false && boundMicros === Number.POSITIVE_INFINITY;
  const sized = sizedAppOptions(phase, ctx, appCtx, onFargate, multiAz, searchClosest ? Number.POSITIVE_INFINITY : boundMicros - fixedFloorMicros);

  // Candidates with equal pools share a database and cache choice (created on first use: most searches need one).
  let dbMemo: Map<number, ReturnType<typeof chooseDatabase>> | undefined;
  let cacheMemo: Map<number, CacheChoice> | undefined;
  let best: Candidate | undefined;
  let bestIndex = -1;
  let closest: Candidate | undefined;
  let closestIndex = -1;
  for (let k = 0; k < sized.sizedCount; k++) {
    const i = sized.order[k]!;
    const floorMicros = sized.floorMicros[i]!;
    if (floorMicros === Number.POSITIVE_INFINITY) break; // the options no count can run sort last
    const limit = best ? best.infraMicros : boundMicros;
    if (floorMicros + fixedFloorMicros > limit && (best || !searchClosest)) break;
    const count = exactCount(sized, i, appCtx, onFargate, multiAz);
    if (count === 0) continue;
    if (!sized.fits[i] && !searchClosest) continue;
    const appMicros = sized.appMicros[i]!;
    if (appMicros + fixedFloorMicros > limit && (best || !searchClosest)) continue;
    const option = sized.options[i]!;
    const dbConnections = dbConnectionsOf(option, count, profile);
    const redisConnections = redisConnectionsOf(option, count, profile);
    let infraMicros = appMicros + loadBalancerMicros;
    let feasible = sized.fits[i] === 1;
    let db: DatabaseChoice | undefined;
    let cache: CacheChoice | undefined;
    if (hasDatabase) {
      // With a proxy the database does not see the app's pools, so one choice serves every app option.
      const key = dbCtx.proxy ? -1 : dbConnections;
      dbMemo ??= new Map();
      let dbResult = dbMemo.get(key);
      if (!dbResult) dbMemo.set(key, (dbResult = chooseDatabase(classes, dbConnections, replicaRange, dbCtx)));
      db = dbResult.choice;
      feasible &&= dbResult.feasible;
      infraMicros += db.micros;
      cacheMemo ??= new Map();
      cache = cacheMemo.get(redisConnections);
      if (!cache) cacheMemo.set(redisConnections, (cache = chooseCache(aws, profile.redis.nodeTypes, redisConnections, { profile, demand, target, multiAz, explain: ctx.explain })));
      infraMicros += cache.micros;
    }
    if (feasible) {
      const beats = best ? infraMicros < best.infraMicros || (infraMicros === best.infraMicros && i < bestIndex) : infraMicros < boundMicros;
      if (!beats) continue;
      best = candidateOf(phase, sizeApp(option, count, appCtx), db, cache, infraMicros, true, target);
      bestIndex = i;
    } else if (!best && searchClosest) {
      const candidate = candidateOf(phase, sizeApp(option, count, appCtx), db, cache, infraMicros, false, target);
      // Ties go to the catalogue's order, whatever order the options were visited in.
      const closer = !closest || candidate.pressure < closest.pressure || (candidate.pressure === closest.pressure && (infraMicros < closest.infraMicros || (infraMicros === closest.infraMicros && i < closestIndex)));
      if (closer) {
        closest = candidate;
        closestIndex = i;
      }
    }
  }
  if (best) return { phase, best };
  return { phase, ...(closest ? { closest } : {}) };
}

function candidateOf(phase: PhaseId, app: AppSizing, db: DatabaseChoice | undefined, cache: CacheChoice | undefined, infraMicros: number, feasible: boolean, target: number): Candidate {
  const constraints = [...app.constraints, ...(db ? db.constraints : []), ...(cache ? cache.constraints : [])];
  return { phase, app, ...(db ? { db } : {}), ...(cache ? { cache } : {}), constraints, infraMicros, feasible, pressure: feasible ? 0 : pressure(constraints, target) };
}

/**
 * The app options of a topology, each with the least it could cost, in that order; exact counts are filled in as the
 * search reaches them. Column arrays, refilled in place for each new context: the sampler and the sweep size 80-odd
 * options for each of thousands of plans, and the three Fargate phases share one sizing.
 */
interface SizedOptions {
  options: readonly AppOption[];
  /** Option indices by the price of one instance (then catalogue order): no option costs less than its minimum count of them. */
  byPrice: Int32Array;
  /** A lower bound on the option's app cost (infinite when no count can run it); set for the first `sizedCount` of byPrice. */
  floorMicros: Float64Array;
  sizedCount: number;
  /** The limit the floors were computed under: options whose minimum instances cost more were left out. */
  sizedLimit: number;
  /** Instances of each option: -1 until computed, 0 when none can run it (or more than the service quota needs). */
  count: Int32Array;
  appMicros: Float64Array;
  /** Whether the app tier's own limits hold (always, at a Fargate count; a single EC2 instance may not fit). */
  fits: Uint8Array;
  /** The sized options by floor; equal floors in catalogue order. */
  order: Int32Array;
  owner: PhaseContext | undefined;
}

const sizedMemo = new KeyedMemo<readonly AppOption[], string, SizedOptions>();

/**
 * The options of the topology that could cost at most `limitMicros` for the app tier, each with its floor, in floor
 * order. An option whose minimum instance count alone costs more is skipped without sizing: under a bound from a
 * lower phase, that is most Fargate task sizes.
 */
function sizedAppOptions(phase: PhaseId, ctx: PhaseContext, appCtx: AppContext, onFargate: boolean, multiAz: boolean, limitMicros: number): SizedOptions {
  const options = appOptions(phase, ctx.aws, ctx.profile, onFargate);
  // The EC2 phases differ (burstable only, with or without a database); the Fargate ones differ only in minimum tasks.
  const key = onFargate ? (multiAz ? 'fargate-multi-az' : 'fargate') : phase;
  const sized = sizedMemo.get(options, key, (): SizedOptions => {
    const n = options.length;
    const byPrice = Int32Array.from(options.keys()).sort((a, b) => options[a]!.usdPerHour - options[b]!.usdPerHour || a - b);
    return { options, byPrice, floorMicros: new Float64Array(n), sizedCount: 0, sizedLimit: -1, count: new Int32Array(n), appMicros: new Float64Array(n), fits: new Uint8Array(n), order: new Int32Array(n), owner: undefined };
  });
  if (sized.owner !== ctx) {
    sized.owner = ctx;
    sized.sizedCount = 0;
    sized.sizedLimit = -1;
  } else if (limitMicros <= sized.sizedLimit) {
    return sized;
  }
  const { floorMicros, byPrice, order } = sized;
  const minCount = onFargate && multiAz ? 2 : 1;
  const need = appDemandOf(appCtx);
  let k = sized.sizedCount;
  for (; k < byPrice.length; k++) {
    const i = byPrice[k]!;
    const option = options[i]!;
    const unitMicros = monthlyMicrosFromHourly(option.usdPerHour);
    if (unitMicros * minCount > limitMicros) break; // and so is every later, dearer option
    if (onFargate) {
      const needed = instancesNeeded(option, appCtx, need);
      // Less a float margin: a load of 3.0000000000000004 tasks is 3 tasks.
      floorMicros[i] = needed === undefined ? Number.POSITIVE_INFINITY : unitMicros * Math.max(minCount, needed * (1 - 1e-9));
      sized.count[i] = -1;
    } else {
      floorMicros[i] = appMicros(option, 1, ctx);
      sized.count[i] = 1;
      sized.appMicros[i] = floorMicros[i]!;
      sized.fits[i] = appFits(option, 1, appCtx) ? 1 : 0;
    }
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

/** The option's instance count (0 when none can run it), computed the first time the search reaches it. */
function exactCount(sized: SizedOptions, i: number, appCtx: AppContext, onFargate: boolean, multiAz: boolean): number {
  if (sized.count[i]! >= 0) return sized.count[i]!;
  const option = sized.options[i]!;
  const n = onFargate ? minimumCount(option, multiAz ? 2 : 1, appCtx) : 1;
  const valid = n !== undefined && n <= MAX_TASKS_PER_SERVICE;
  sized.count[i] = valid ? n : 0;
  sized.appMicros[i] = valid ? appMicros(option, n, sized.owner!) : Number.POSITIVE_INFINITY;
  sized.fits[i] = valid && (onFargate || appFits(option, n, appCtx)) ? 1 : 0;
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
  const classes = dbClasses(aws, profile.database.classes);
  const replicaRange: [number, number] = phase === 'replicas' ? [1, aws.rds.maxReadReplicas] : [0, 0];
  const dbFeasible = new Map<number, boolean>();
  // Catalogue order, stopping at the first fit: cheaper than sizing every option when an early one fits.
  for (const option of appOptions(phase, aws, profile, onFargate)) {
    const count = onFargate ? minimumCount(option, multiAz ? 2 : 1, appCtx) : 1;
    if (count === undefined || count > MAX_TASKS_PER_SERVICE || (!onFargate && !appFits(option, count, appCtx))) continue;
    if (!hasDatabase) return true;
    const app = sizeApp(option, count, appCtx);
    const key = dbCtx.proxy ? -1 : app.dbConnections;
    let ok = dbFeasible.get(key);
    if (ok === undefined) dbFeasible.set(key, (ok = chooseDatabase(classes, app.dbConnections, replicaRange, dbCtx).feasible));
    if (ok) return true;
  }
  return false;
}

function appMicros(option: AppOption, count: number, ctx: PhaseContext): number {
  const instances = monthlyMicrosFromHourly(option.usdPerHour) * count;
  const credits = surplusCreditMicros({ option, count }, { profile: ctx.profile, demand: ctx.demand, aws: ctx.aws })?.micros ?? 0;
  return instances + credits;
}
