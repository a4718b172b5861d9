/** Candidate configurations of one phase: enumerate app options, size each tier, keep the cheapest that fits. */
import type { AwsSnapshot, RdsClass } from '../catalogue/schema.js';
import type { Profile } from '../profile/schema.js';
import { ec2Options, fargateOptions, minimumCount, sizeApp, surplusCreditMicros, type AppOption, type AppSizing } from './app.js';
import { chooseCache, type CacheChoice } from './cache.js';
import { pressure } from './constraint.js';
import { chooseDatabase, databaseConstraints, type DatabaseChoice, type DatabaseContext } from './database.js';
import { monthlyMicrosFromHourly } from './money.js';
import { albComponent } from './network.js';
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

function fargateOptionsOf(aws: AwsSnapshot): AppOption[] {
  let options = fargateMemo.get(aws);
  if (!options) fargateMemo.set(aws, (options = fargateOptions(aws)));
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

/**
 * Evaluate one phase. `first` stops at the first feasible candidate (enough to know the phase works); `cheapest`
 * searches them all. Either way, when nothing fits, `closest` is the candidate whose worst limit is least exceeded.
 */
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

export function evaluatePhase(phase: PhaseId, ctx: PhaseContext, mode: 'first' | 'cheapest'): PhaseResult {
  const policy = policyRejection(phase, ctx.profile);
  if (policy) return { phase, policy };
  const { profile, aws, demand, target } = ctx;
  const { hasDatabase, onFargate, multiAz, appCtx, dbCtx } = topology(phase, ctx);
  const options: AppOption[] = onFargate ? fargateOptionsOf(aws) : ec2Options(aws, profile.app.ec2Types, phase === 'single-instance');
  const minTasks = multiAz ? 2 : 1;
  const classes = dbClasses(aws, profile.database.classes);
  const replicaRange: [number, number] = phase === 'replicas' ? [1, aws.rds.maxReadReplicas] : [0, 0];
  const dbMemo = new Map<number, ReturnType<typeof chooseDatabase>>();
  const cacheMemo = new Map<number, CacheChoice>();
  const albMicros = onFargate ? albComponent(aws, profile, demand).monthlyMicros : 0;

  let best: Candidate | undefined;
  let closest: Candidate | undefined;
  for (const option of options) {
    const count = onFargate ? minimumCount(option, minTasks, appCtx) : 1;
    if (count === undefined || count > MAX_TASKS_PER_SERVICE) continue;
    const app = sizeApp(option, count, appCtx);
    let infraMicros = appMicros(app, ctx) + albMicros;
    const constraints = [...app.constraints];
    let db: DatabaseChoice | undefined;
    let cache: CacheChoice | undefined;
    let feasible = app.constraints.every((c) => c.ok);
    if (hasDatabase) {
      // With a proxy the database does not see the app's pools, so one choice serves every app option.
      const key = dbCtx.proxy ? -1 : app.dbConnections;
      let dbResult = dbMemo.get(key);
      if (!dbResult) {
        dbResult = chooseDatabase(classes, app.dbConnections, replicaRange, dbCtx);
        dbMemo.set(key, dbResult);
      }
      db = dbResult.choice;
      feasible &&= dbResult.feasible;
      constraints.push(...db.constraints);
      infraMicros += db.micros;
      cache = cacheMemo.get(app.redisConnections);
      if (!cache) {
        cache = chooseCache(aws, profile.redis.nodeTypes, app.redisConnections, { profile, demand, target, multiAz, explain: ctx.explain });
        cacheMemo.set(app.redisConnections, cache);
      }
      constraints.push(...cache.constraints);
      infraMicros += cache.micros;
    }
    const candidate: Candidate = { phase, app, ...(db ? { db } : {}), ...(cache ? { cache } : {}), constraints, infraMicros, feasible, pressure: feasible ? 0 : pressure(constraints, target) };
    if (feasible) {
      if (!best || infraMicros < best.infraMicros) best = candidate;
      if (mode === 'first') break;
    } else if (!closest || candidate.pressure < closest.pressure || (candidate.pressure === closest.pressure && infraMicros < closest.infraMicros)) {
      closest = candidate;
    }
  }
  return { phase, ...(best ? { best } : {}), ...(closest ? { closest } : {}) };
}

/**
 * Whether any configuration of the phase keeps every limit under target: the question the breakpoint search asks
 * dozens of times. It stops at the first fit and skips the cache, whose shard count always scales to fit.
 */
export function isPhaseFeasible(phase: PhaseId, ctx: PhaseContext): boolean {
  if (policyRejection(phase, ctx.profile)) return false;
  const { profile, aws } = ctx;
  const { hasDatabase, onFargate, multiAz, appCtx, dbCtx } = topology(phase, ctx);
  const options: AppOption[] = onFargate ? fargateOptionsOf(aws) : ec2Options(aws, profile.app.ec2Types, phase === 'single-instance');
  const classes = dbClasses(aws, profile.database.classes);
  const replicaRange: [number, number] = phase === 'replicas' ? [1, aws.rds.maxReadReplicas] : [0, 0];
  const dbFeasible = new Map<number, boolean>();
  for (const option of options) {
    const count = onFargate ? minimumCount(option, multiAz ? 2 : 1, appCtx) : 1;
    if (count === undefined || count > MAX_TASKS_PER_SERVICE) continue;
    const app = sizeApp(option, count, appCtx);
    if (!app.constraints.every((c) => c.ok)) continue;
    if (!hasDatabase) return true;
    const key = dbCtx.proxy ? -1 : app.dbConnections;
    let ok = dbFeasible.get(key);
    if (ok === undefined) dbFeasible.set(key, (ok = chooseDatabase(classes, app.dbConnections, replicaRange, dbCtx, true).feasible));
    if (ok) return true;
  }
  return false;
}

function appMicros(app: AppSizing, ctx: PhaseContext): number {
  const instances = monthlyMicrosFromHourly(app.option.usdPerHour) * app.count;
  const credits = surplusCreditMicros(app, { profile: ctx.profile, demand: ctx.demand, aws: ctx.aws })?.micros ?? 0;
  return instances + credits;
}
