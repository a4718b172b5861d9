/** Database tier: RDS PostgreSQL class, Multi-AZ, RDS Proxy and read replicas; connections, CPU, memory and cost. */
import type { AwsSnapshot, RdsClass } from '../catalogue/schema.js';
import type { Profile } from '../profile/schema.js';
import { component } from './component.js';
import { constraint, utilizationOf } from './constraint.js';
import { formatQuantity as q } from './quantity.js';
import { KeyedMemo } from './memo.js';
import { monthlyMicrosFromHourly, usdToMicros, type Micros } from './money.js';
import type { Component, Constraint, Demand } from './types.js';

const GIB = 1024 ** 3;

/** PostgreSQL's default `max_connections` on RDS: LEAST({DBInstanceClassMemory/9531392}, 5000), truncated. */
export function postgresMaxConnections(dbInstanceClassMemoryBytes: number): number {
  return Math.min(Math.floor(dbInstanceClassMemoryBytes / 9531392), 5000);
}

/**
 * DBInstanceClassMemory is the class memory less what the OS and RDS keep. Observed `SHOW max_connections` values are
 * 88–95 % of the nominal bound; 88 % (the lowest) keeps plans conservative.
 */
export const DB_INSTANCE_CLASS_MEMORY_SHARE = 0.88;

export function estimatedMaxConnections(memoryGiB: number): number {
  return postgresMaxConnections(memoryGiB * GIB * DB_INSTANCE_CLASS_MEMORY_SHARE);
}

/** PostgreSQL on RDS sets shared_buffers to {DBInstanceClassMemory/32768} 8 KB pages: a quarter of memory. */
const SHARED_BUFFERS_SHARE = 0.25;

/** A burstable class sustains only its baseline; a peak that lasts hours would drain its credits. */
export function sustainedVcpu(cls: RdsClass): number {
  return cls.baselinePerVcpu !== undefined ? cls.vcpu * cls.baselinePerVcpu : cls.vcpu;
}

export interface DatabaseChoice {
  className: string;
  cls: RdsClass;
  multiAz: boolean;
  proxy: boolean;
  replicas: number;
  constraints: Constraint[];
  micros: Micros;
}

export interface DatabaseContext {
  profile: Profile;
  demand: Demand;
  aws: AwsSnapshot;
  target: number;
  multiAz: boolean;
  proxy: boolean;
  explain: boolean;
}

/** What the primary carries: the numbers behind its limits. */
interface PrimaryLoad {
  primaryLoad: number;
  primaryCpu: number;
  connections: number;
  memoryMB: number;
  memoryRequiredMB: number;
}

/** Reads spread evenly over the primary and its replicas; writes stay on the primary. */
const onPrimary = (load: number, readShare: number, replicas: number) => load * (1 - readShare) + (load * readShare) / (replicas + 1);

function primaryLoadOf(cls: RdsClass, replicas: number, appConnections: number, ctx: DatabaseContext, out: PrimaryLoad): PrimaryLoad {
  const { demand, profile } = ctx;
  const readShare = profile.database.readShare;
  const primaryLoad = onPrimary(demand.dbQueriesInFlight, readShare, replicas);
  // Rounded up whether or not a proxy is used, so that the compiled code has seen it before the first proxy phase.
  const queriesInFlight = Math.ceil(primaryLoad);
  const connections = ctx.proxy ? queriesInFlight : appConnections;
  const memoryMB = (cls.memoryGiB * GIB) / 1e6;
  out.primaryLoad = primaryLoad;
  out.primaryCpu = onPrimary(demand.dbCpuVcpu, readShare, replicas);
  out.connections = connections;
  out.memoryMB = memoryMB;
  out.memoryRequiredMB = SHARED_BUFFERS_SHARE * memoryMB + connections * profile.database.memoryPerConnectionMB;
  return out;
}

const emptyLoad = (): PrimaryLoad => ({ primaryLoad: 0, primaryCpu: 0, connections: 0, memoryMB: 0, memoryRequiredMB: 0 });
// The search checks thousands of classes per sampled or swept plan, and each reader takes the figures at once: one
// record each is reused instead of one per call (see computeDemand on fresh records of numbers).
const worstScratch = emptyLoad();
const constraintsScratch = emptyLoad();

/** The highest utilisation of the primary's limits: databaseConstraints' verdict, without building them. */
function worstUtilization(cls: RdsClass, replicas: number, appConnections: number, ctx: DatabaseContext): number {
  const load = primaryLoadOf(cls, replicas, appConnections, ctx, worstScratch);
  return Math.max(utilizationOf(load.connections, cls.maxConnections), utilizationOf(load.primaryCpu, sustainedVcpu(cls)), utilizationOf(load.memoryRequiredMB, load.memoryMB));
}

/** Primary-side limits. With a proxy the primary sees only the connections borrowed by queries in flight. */
export function databaseConstraints(className: string, cls: RdsClass, replicas: number, appConnections: number, ctx: DatabaseContext): Constraint[] {
  const { demand, profile, target, explain } = ctx;
  const readShare = profile.database.readShare;
  const { primaryLoad, primaryCpu, connections, memoryMB, memoryRequiredMB } = primaryLoadOf(cls, replicas, appConnections, ctx, constraintsScratch);
  return [
    constraint(
      'db.connections',
      connections,
      cls.maxConnections,
      'connections',
      target,
      explain
        ? ctx.proxy
          ? `RDS Proxy multiplexes: ${q(primaryLoad)} queries in flight on the primary vs max_connections of ${className}`
          : `app instances × workers × (pool + overflow) = ${q(appConnections)} vs max_connections of ${className}`
        : '',
    ),
    constraint(
      'db.cpu',
      primaryCpu,
      sustainedVcpu(cls),
      'vCPU',
      target,
      explain
        ? `${q(demand.dbCpuVcpu)} vCPU of query CPU (rate × queries × cpuMsPerQuery)${replicas > 0 ? `, ${Math.round(readShare * 100)} % reads spread over primary + ${replicas} replicas` : ''} vs ${q(sustainedVcpu(cls))} vCPU${cls.baselinePerVcpu !== undefined ? ` (burstable baseline ${Math.round(cls.baselinePerVcpu * 100)} % of ${cls.vcpu})` : ''}`
        : '',
    ),
    constraint(
      'db.memory',
      memoryRequiredMB,
      memoryMB,
      'MB',
      target,
      explain ? `shared_buffers (25 %) + ${q(connections)} connections × ${q(profile.database.memoryPerConnectionMB)} MB vs ${cls.memoryGiB} GiB` : '',
    ),
  ];
}

export function databaseMicros(cls: RdsClass, replicas: number, ctx: DatabaseContext): Micros {
  const { aws, profile, multiAz, proxy } = ctx;
  const instance = monthlyMicrosFromHourly(multiAz ? cls.multiAzUsdPerHour : cls.singleAzUsdPerHour);
  const replica = monthlyMicrosFromHourly(cls.singleAzUsdPerHour) * replicas;
  return instance + replica + storageMicros(profile, aws, multiAz, replicas) + (proxy ? proxyMicros(cls, aws) : 0);
}

function storageGB(profile: Profile, aws: AwsSnapshot): number {
  return Math.max(profile.database.storageGB, aws.rds.storage.minimumGB);
}

function storageMicros(profile: Profile, aws: AwsSnapshot, multiAz: boolean, replicas: number): Micros {
  const gb = storageGB(profile, aws);
  const primary = usdToMicros(gb * (multiAz ? aws.rds.storage.multiAzUsdPerGbMonth : aws.rds.storage.singleAzUsdPerGbMonth));
  return primary + usdToMicros(gb * aws.rds.storage.singleAzUsdPerGbMonth) * replicas;
}

/** RDS Proxy bills per vCPU-hour of the database it fronts, with a floor of two vCPUs. */
function proxyMicros(cls: RdsClass, aws: AwsSnapshot): Micros {
  return monthlyMicrosFromHourly(aws.rds.proxy.usdPerVcpuHour, Math.max(aws.rds.proxy.minimumVcpu, cls.vcpu));
}

export interface DatabaseOption {
  className: string;
  cls: RdsClass;
  replicas: number;
  micros: Micros;
  /** Position in (replicas, class) order: equal costs are taken in that order. */
  order: number;
}

const databaseOptionsMemo = new KeyedMemo<readonly [string, RdsClass][], number, { storageGB: number; options: DatabaseOption[] }>();
const unfilled = () => ({ storageGB: Number.NaN, options: [] });

/**
 * Every class at every replica count of the range, cheapest first (the order does not depend on the load); kept per
 * topology (a sampled profile may change the storage).
 */
export function databaseOptions(classes: readonly [string, RdsClass][], replicaRange: readonly [number, number], ctx: DatabaseContext): readonly DatabaseOption[] {
  const key = (replicaRange[0] * 64 + replicaRange[1]) * 4 + (ctx.multiAz ? 2 : 0) + (ctx.proxy ? 1 : 0);
  const memo = databaseOptionsMemo.get(classes, key, unfilled);
  if (memo.storageGB === ctx.profile.database.storageGB) return memo.options;
  memo.options = buildDatabaseOptions(classes, replicaRange, ctx);
  memo.storageGB = ctx.profile.database.storageGB;
  return memo.options;
}

// Built rarely, so kept apart from the lookup above: the search's compiled code then holds only the lookup.
function buildDatabaseOptions(classes: readonly [string, RdsClass][], replicaRange: readonly [number, number], ctx: DatabaseContext): DatabaseOption[] {
  const options: DatabaseOption[] = [];
  for (let replicas = replicaRange[0]; replicas <= replicaRange[1]; replicas++) {
    for (const [className, cls] of classes) options.push({ className, cls, replicas, micros: databaseMicros(cls, replicas, ctx), order: options.length });
  }
  options.sort((a, b) => a.micros - b.micros || a.order - b.order);
  return options;
}

/** Options with one replica count, in order of cost: their costs, and the most vCPU any of them up to each sustains. */
interface CpuLadder {
  replicas: number;
  micros: Float64Array;
  sustainedUpTo: Float64Array;
}

// By options list (memoised by databaseOptions, so one per topology): one ladder per replica count in it.
const cpuLadders = new WeakMap<readonly DatabaseOption[], CpuLadder[]>();

/**
 * A floor under the cost of any option that fits: for each replica count, the cost of the first option, in order of
 * cost, whose class (or a cheaper one's) sustains the primary's CPU at target with that many replicas; the least of
 * these. The CPU does not depend on the app's pools. Infinite when no option can carry it.
 */
export function databaseFloorMicros(options: readonly DatabaseOption[], ctx: Pick<DatabaseContext, 'demand' | 'profile' | 'target'>): number {
  let ladders = cpuLadders.get(options);
  if (!ladders) cpuLadders.set(options, (ladders = cpuLaddersOf(options)));
  let floor = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ladders.length; r++) {
    const { replicas, micros, sustainedUpTo } = ladders[r]!;
    // A utilisation passes at target once rounded to 12 decimals: up to target + 1e-12.
    const needed = onPrimary(ctx.demand.dbCpuVcpu, ctx.profile.database.readShare, replicas) / (ctx.target + 1e-12);
    let lo = 0;
    let hi = micros.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sustainedUpTo[mid]! >= needed) hi = mid;
      else lo = mid + 1;
    }
    if (lo < micros.length) floor = Math.min(floor, micros[lo]!);
  }
  return floor;
}

function cpuLaddersOf(options: readonly DatabaseOption[]): CpuLadder[] {
  const byReplicas = new Map<number, DatabaseOption[]>();
  for (const option of options) {
    const list = byReplicas.get(option.replicas);
    if (list) list.push(option);
    else byReplicas.set(option.replicas, [option]);
  }
  return [...byReplicas].map(([replicas, list]) => {
    let most = 0;
    return { replicas, micros: Float64Array.from(list, (o) => o.micros), sustainedUpTo: Float64Array.from(list, (o) => (most = Math.max(most, sustainedVcpu(o.cls)))) };
  });
}

/**
 * The cheapest class (and replica count, when replicas are allowed) that keeps every database limit under target;
 * when none does, the choice that comes closest, so the phase's rejection can name the limit.
 */
export function chooseDatabase(options: readonly DatabaseOption[], appConnections: number, ctx: DatabaseContext): { choice: DatabaseChoice; feasible: boolean } {
  // `options` (from databaseOptions) are in order of cost: the first that fits is the cheapest. Limits are checked as
  // numbers; constraint records are built only for the choice returned.
  let best: DatabaseOption | undefined;
  let closest: { option: DatabaseOption; pressure: number } | undefined;
  for (let k = 0; k < options.length; k++) {
    const option = options[k]!;
    const worst = worstUtilization(option.cls, option.replicas, appConnections, ctx);
    if (worst <= ctx.target) {
      best = option;
      break;
    }
    // Nothing fits (so far): the closest is the least pressure, then the cheapest, then the first in class order.
    const p = worst / ctx.target; // as pressure() computes it
    const c = closest?.option;
    if (!closest || !c || p < closest.pressure || (p === closest.pressure && (option.micros < c.micros || (option.micros === c.micros && option.order < c.order)))) closest = { option, pressure: p };
  }
  const chosen = best ?? closest?.option;
  if (!chosen) throw new Error('no database classes in the catalogue');
  const { className, cls, replicas, micros } = chosen;
  const choice: DatabaseChoice = { className, cls, multiAz: ctx.multiAz, proxy: ctx.proxy, replicas, constraints: databaseConstraints(className, cls, replicas, appConnections, ctx), micros };
  return { choice, feasible: best !== undefined };
}

export function databaseComponents(choice: DatabaseChoice, ctx: DatabaseContext): Component[] {
  const { cls, className, multiAz, replicas, proxy } = choice;
  const { aws, profile } = ctx;
  const out: Component[] = [
    component('database', multiAz ? 'RDS PostgreSQL Multi-AZ' : 'RDS PostgreSQL', className, 1, monthlyMicrosFromHourly(multiAz ? cls.multiAzUsdPerHour : cls.singleAzUsdPerHour), {
      vcpu: cls.vcpu,
      memoryGiB: cls.memoryGiB,
      note: `max_connections ${cls.maxConnections}`,
    }),
  ];
  if (replicas > 0) {
    out.push(component('read-replica', 'RDS PostgreSQL read replica', className, replicas, monthlyMicrosFromHourly(cls.singleAzUsdPerHour), { vcpu: cls.vcpu, memoryGiB: cls.memoryGiB }));
  }
  if (proxy) {
    out.push(component('db-proxy', 'RDS Proxy', `${Math.max(aws.rds.proxy.minimumVcpu, cls.vcpu)} vCPU`, 1, proxyMicros(cls, aws)));
  }
  const gb = storageGB(profile, aws);
  out.push(
    component('storage', 'RDS gp3 storage', `${q(gb)} GB${multiAz ? ' Multi-AZ' : ''}${replicas > 0 ? ` + ${replicas} replica${replicas > 1 ? 's' : ''}` : ''}`, 1, storageMicros(profile, aws, multiAz, replicas)),
  );
  return out;
}
