/** Candidate configurations of one phase: enumerate app options, size each tier, keep the cheapest that fits. */
import type { AwsSnapshot, RdsClass } from '../catalogue/schema.js';
import type { Profile } from '../profile/schema.js';
import { appFits, ec2Options, fargateOptions, minimumCount, sizeApp, surplusCreditMicros, type AppOption, type AppSizing } from './app.js';
import { chooseCache, type CacheChoice } from './cache.js';
import { pressure } from './constraint.js';
import { cheapestDatabaseMicros, chooseDatabase, databaseConstraints, type DatabaseChoice, type DatabaseContext } from './database.js';
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
const fargateMemo = new WeakMap<AwsSnapshot, AppOption[]>();
const classesMemo = new WeakMap<AwsSnapshot, Map<string, [string, RdsClass][]>>();

const ec2Memo = new WeakMap<AwsSnapshot, Map<string, AppOption[]>>();

function appOptions(phase: PhaseId, aws: AwsSnapshot, profile: Profile, onFargate: boolean): AppOption[] {
  if (onFargate) {
    let options = fargateMemo.get(aws);
    if (!options) fargateMemo.set(aws, (options = fargateOptions(aws)));
    return options;
  }
  const burstableOnly = phase === 'single-instance';
  const allowed = profile.app.ec2Types;
  const key = `${burstableOnly}:${allowed ? allowed.join(',') : '*'}`;
  let byKey = ec2Memo.get(aws);
  if (!byKey) ec2Memo.set(aws, (byKey = new Map()));
  let options = byKey.get(key);
  if (!options) byKey.set(key, (options = ec2Options(aws, allowed, burstableOnly)));
  return options;
}

function dbClasses(aws: AwsSnapshot, allowed: readonly string[] | undefined): [string, RdsClass][] {
  const key = allowed ? allowed.join(',') : '*';
  let byKey = classesMemo.get(aws);
  if (!byKey) classesMemo.set(aws, (byKey = new Map()));
  let classes = byKey.get(key);
  if (!classes) {
    classes = Object.entries(aws.rds.postgres)
      .filter(([name]) => !allowed || allowed.includes(name))
      .sort((a, b) => a[1].singleAzUsdPerHour - b[1].singleAzUsdPerHour);
    byKey.set(key, classes);
  }
  return classes;
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

  // Every app option is sized first (the count has a closed form) and visited cheapest app first: once an app with
  // the cheapest database costs more than the best configuration so far, no later option can beat it.
  const sized = sizedAppOptions(phase, ctx, appCtx, onFargate, multiAz);
  const databaseFloorMicros = hasDatabase ? cheapestDatabaseMicros(classes, replicaRange[0], dbCtx) : 0;
  const searchClosest = search.closest !== false && boundMicros === Number.POSITIVE_INFINITY;

  const dbMemo = new Map<number, ReturnType<typeof chooseDatabase>>();
  const cacheMemo = new Map<number, CacheChoice>();
  let best: Candidate | undefined;
  let bestIndex = -1;
  let closest: Candidate | undefined;
  for (const { option, count, appMicros, fits, index: i } of sized) {
    const limit = best ? best.infraMicros : boundMicros;
    if (appMicros + loadBalancerMicros + databaseFloorMicros > limit && (best || !searchClosest)) break;
    if (!fits && !searchClosest) continue;
    const app = sizeApp(option, count, appCtx);
    let infraMicros = appMicros + loadBalancerMicros;
    let feasible = app.constraints.every((c) => c.ok);
    let db: DatabaseChoice | undefined;
    let cache: CacheChoice | undefined;
    if (hasDatabase) {
      // With a proxy the database does not see the app's pools, so one choice serves every app option.
      const key = dbCtx.proxy ? -1 : app.dbConnections;
      let dbResult = dbMemo.get(key);
      if (!dbResult) dbMemo.set(key, (dbResult = chooseDatabase(classes, app.dbConnections, replicaRange, dbCtx)));
      db = dbResult.choice;
      feasible &&= dbResult.feasible;
      infraMicros += db.micros;
      cache = cacheMemo.get(app.redisConnections);
      if (!cache) cacheMemo.set(app.redisConnections, (cache = chooseCache(aws, profile.redis.nodeTypes, app.redisConnections, { profile, demand, target, multiAz, explain: ctx.explain })));
      infraMicros += cache.micros;
    }
    if (feasible) {
      const beats = best ? infraMicros < best.infraMicros || (infraMicros === best.infraMicros && i < bestIndex) : infraMicros < boundMicros;
      if (!beats) continue;
      best = candidateOf(phase, app, db, cache, infraMicros, true, target);
      bestIndex = i;
    } else if (!best && searchClosest) {
      const candidate = candidateOf(phase, app, db, cache, infraMicros, false, target);
      if (!closest || candidate.pressure < closest.pressure || (candidate.pressure === closest.pressure && infraMicros < closest.infraMicros)) closest = candidate;
    }
  }
  if (best) return { phase, best };
  return { phase, ...(closest ? { closest } : {}) };
}

function candidateOf(phase: PhaseId, app: AppSizing, db: DatabaseChoice | undefined, cache: CacheChoice | undefined, infraMicros: number, feasible: boolean, target: number): Candidate {
  const constraints = [...app.constraints, ...(db ? db.constraints : []), ...(cache ? cache.constraints : [])];
  return { phase, app, ...(db ? { db } : {}), ...(cache ? { cache } : {}), constraints, infraMicros, feasible, pressure: feasible ? 0 : pressure(constraints, target) };
}

/** An app option at the fewest instances that fit it, and what those cost. */
interface SizedOption {
  option: AppOption;
  count: number;
  appMicros: number;
  /** Whether the app tier's own limits hold (always, for a Fargate count; a single EC2 instance may not fit). */
  fits: boolean;
  /** Position in the catalogue's order, which breaks ties between equally cheap configurations. */
  index: number;
}

// The sizing depends on the topology's app context only: the three Fargate phases share it, and the breakpoint
// search and the sampler ask for it once per context.
const sizedMemo = new WeakMap<PhaseContext, Map<string, SizedOption[]>>();

/** Each app option at the fewest instances that fit it (one EC2 instance; Fargate tasks up to the service quota), cheapest first. */
function sizedAppOptions(phase: PhaseId, ctx: PhaseContext, appCtx: ReturnType<typeof topology>['appCtx'], onFargate: boolean, multiAz: boolean): SizedOption[] {
  const key = onFargate ? `fargate:${multiAz}` : phase;
  let byKey = sizedMemo.get(ctx);
  if (!byKey) sizedMemo.set(ctx, (byKey = new Map()));
  const memo = byKey.get(key);
  if (memo) return memo;
  const sized: SizedOption[] = [];
  appOptions(phase, ctx.aws, ctx.profile, onFargate).forEach((option, index) => {
    const count = onFargate ? minimumCount(option, multiAz ? 2 : 1, appCtx) : 1;
    if (count === undefined || count > MAX_TASKS_PER_SERVICE) return;
    sized.push({ option, count, appMicros: appMicros(option, count, ctx), fits: onFargate || appFits(option, count, appCtx), index });
  });
  sized.sort((a, b) => a.appMicros - b.appMicros || a.index - b.index);
  byKey.set(key, sized);
  return sized;
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
    if (ok === undefined) dbFeasible.set(key, (ok = chooseDatabase(classes, app.dbConnections, replicaRange, dbCtx, true).feasible));
    if (ok) return true;
  }
  return false;
}

function appMicros(option: AppOption, count: number, ctx: PhaseContext): number {
  const instances = monthlyMicrosFromHourly(option.usdPerHour) * count;
  const credits = surplusCreditMicros({ option, count }, { profile: ctx.profile, demand: ctx.demand, aws: ctx.aws })?.micros ?? 0;
  return instances + credits;
}
