/** App tier: instance options, workers, memory and CPU limits, the DB pool per worker, and the tier's cost. */
import type { AwsSnapshot } from '../catalogue/schema.js';
import type { Profile } from '../profile/schema.js';
import { component } from './component.js';
import { constraint, utilizationOf } from './constraint.js';
import { formatQuantity as q } from './quantity.js';
import { monthlyMicrosFromHourly, usdToMicros, HOURS_PER_MONTH, type Micros } from './money.js';
import type { Component, Constraint, Demand } from './types.js';

const GIB = 1024 ** 3;
const MB = 1e6;

export interface AppOption {
  kind: 'ec2' | 'fargate';
  /** EC2 instance type, or `0.5vCPU-1GB` for a Fargate task size. */
  type: string;
  vcpu: number;
  memoryGiB: number;
  /** Hourly price of one instance or task. */
  usdPerHour: number;
  /** Burstable EC2 only; present (as undefined) on every option, so that all options share one object shape. */
  burst: { baselinePerVcpu: number; creditsPerHour: number } | undefined;
}

export interface AppSizing {
  option: AppOption;
  count: number;
  workersPerInstance: number;
  /** Database connections the app may open: instances × workers × (pool + overflow). */
  dbConnections: number;
  redisConnections: number;
  /** Threads each instance holds in memory. */
  threadsPerInstance: number;
  constraints: Constraint[];
}

export function ec2Options(aws: AwsSnapshot, allowed: readonly string[] | undefined, burstableOnly: boolean): AppOption[] {
  return Object.entries(aws.ec2)
    .filter(([type, spec]) => (!allowed || allowed.includes(type)) && (!burstableOnly || spec.burst))
    .map(([type, spec]) => ({ kind: 'ec2' as const, type, vcpu: spec.vcpu, memoryGiB: spec.memoryGiB, usdPerHour: spec.usdPerHour, burst: spec.burst }));
}

export function fargateOptions(aws: AwsSnapshot): AppOption[] {
  const rates = aws.fargate.x86;
  const options: AppOption[] = [];
  for (const size of aws.fargate.taskSizes) {
    for (const memoryGB of size.memoryGB) {
      options.push({
        kind: 'fargate',
        type: `${size.vcpu}vCPU-${memoryGB}GB`,
        vcpu: size.vcpu,
        // Fargate's "GB" is the binary unit of the task definition (1 GB = 1024 MiB).
        memoryGiB: memoryGB,
        usdPerHour: size.vcpu * rates.usdPerVcpuHour + memoryGB * rates.usdPerGbHour,
        burst: undefined,
      });
    }
  }
  return options;
}

export function workersPerInstance(vcpu: number, profile: Profile): number {
  return Math.max(1, Math.round(vcpu * profile.app.workersPerVcpu));
}

export interface AppContext {
  profile: Profile;
  demand: Demand;
  /** True without a database: threads created within retentionHours stay in memory. */
  holdsAllThreads: boolean;
  /** Whether the phase has a database, so the pool limit applies. */
  hasDatabase: boolean;
  target: number;
  explain: boolean;
}

/** The app tier's limits at `count` instances, as numbers: what sizeApp reports and what the search tests. */
interface AppLoad {
  workers: number;
  threadsPerInstance: number;
  memoryRequiredMB: number;
  memoryCapacityMB: number;
  cpuRequiredVcpu: number;
  cpuCapacityVcpu: number;
  dbConnections: number;
}

function appLoad(option: AppOption, count: number, ctx: AppContext, out: AppLoad): AppLoad {
  const { profile, demand } = ctx;
  const workers = workersPerInstance(option.vcpu, profile);
  const threads = ctx.holdsAllThreads ? demand.threadsHeldWithoutDatabase : demand.activeThreads;
  const threadsPerInstance = threads / count;
  const perInstanceBytes = workers * profile.app.processBaseMB * MB + threadsPerInstance * profile.conversation.threadBytes + (demand.concurrentUsers / count) * profile.app.connectionKB * 1e3;
  const capacityBytes = Math.max(0, option.memoryGiB * GIB - profile.app.systemReservedMB * MB);
  out.workers = workers;
  out.threadsPerInstance = threadsPerInstance;
  out.memoryRequiredMB = (perInstanceBytes * count) / MB;
  out.memoryCapacityMB = (capacityBytes * count) / MB;
  out.cpuRequiredVcpu = (demand.peakMessagesPerSecond * profile.app.cpuMsPerMessage) / 1000;
  out.cpuCapacityVcpu = option.vcpu * count;
  out.dbConnections = dbConnectionsOf(option, count, profile);
  return out;
}

const emptyLoad = (): AppLoad => ({ workers: 0, threadsPerInstance: 0, memoryRequiredMB: 0, memoryCapacityMB: 0, cpuRequiredVcpu: 0, cpuCapacityVcpu: 0, dbConnections: 0 });
// appFits and sizeApp run for every sampled plan and read the record at once: each reuses one (a fresh record of numbers
// slows the compiled search's arrival; computeDemand says why).
const fitsScratch = emptyLoad();
const sizeScratch = emptyLoad();

/** Whether `count` instances keep memory, CPU and (with a database) the pool under target: sizeApp's verdict, without building it. */
export function appFits(option: AppOption, count: number, ctx: AppContext): boolean {
  const load = appLoad(option, count, ctx, fitsScratch);
  return (
    utilizationOf(load.memoryRequiredMB, load.memoryCapacityMB) <= ctx.target &&
    utilizationOf(load.cpuRequiredVcpu, load.cpuCapacityVcpu) <= ctx.target &&
    (!ctx.hasDatabase || utilizationOf(ctx.demand.dbQueriesInFlight, load.dbConnections) <= ctx.target)
  );
}

export function sizeApp(option: AppOption, count: number, ctx: AppContext): AppSizing {
  const { profile, demand, target, explain } = ctx;
  const load = appLoad(option, count, ctx, sizeScratch);
  const { workers, threadsPerInstance, dbConnections } = load;
  const constraints = [
    constraint(
      'app.memory',
      load.memoryRequiredMB,
      load.memoryCapacityMB,
      'MB',
      target,
      explain
        ? `${count} × (${workers} workers × ${q(profile.app.processBaseMB)} MB + ${q(threadsPerInstance)} threads × ${q(profile.conversation.threadBytes / 1e3)} KB + ${q(demand.concurrentUsers / count)} connections × ${q(profile.app.connectionKB)} KB) vs ${count} × (${option.memoryGiB} GiB − ${q(profile.app.systemReservedMB)} MB reserved)`
        : '',
    ),
    constraint(
      'app.cpu',
      load.cpuRequiredVcpu,
      load.cpuCapacityVcpu,
      'vCPU',
      target,
      explain ? `${q(demand.peakMessagesPerSecond)} msg/s × ${q(profile.app.cpuMsPerMessage)} ms vs ${count} × ${option.vcpu} vCPU` : '',
    ),
  ];
  if (ctx.hasDatabase) {
    constraints.push(
      constraint(
        'db.pool',
        demand.dbQueriesInFlight,
        dbConnections,
        'connections',
        target,
        explain
          ? `${q(demand.peakMessagesPerSecond)} msg/s × ${q(profile.database.queriesPerMessage)} queries × ${q(profile.database.queryMs)} ms in flight vs ${count} × ${workers} workers × (${profile.database.poolSizePerWorker} pool + ${profile.database.maxOverflowPerWorker} overflow)`
          : '',
      ),
    );
  }
  return { option, count, workersPerInstance: workers, dbConnections, redisConnections: redisConnectionsOf(option, count, profile), threadsPerInstance, constraints };
}

/** Database connections `count` instances may open: instances × workers × (pool + overflow). */
export function dbConnectionsOf(option: AppOption, count: number, profile: Profile): number {
  return count * workersPerInstance(option.vcpu, profile) * (profile.database.poolSizePerWorker + profile.database.maxOverflowPerWorker);
}

/** Redis connections `count` instances may open: instances × workers × the Redis pool. */
export function redisConnectionsOf(option: AppOption, count: number, profile: Profile): number {
  return count * workersPerInstance(option.vcpu, profile) * profile.redis.poolSizePerWorker;
}

/** What the app tier must hold at target, whatever the instance size. */
export interface AppDemand {
  /** Thread and connection memory, spread over the instances. */
  variableBytes: number;
  cpuVcpuAtTarget: number;
  /** DB queries in flight over the target share of the pool; 0 without a database. */
  poolConnectionsAtTarget: number;
}

export function appDemandOf(ctx: AppContext): AppDemand {
  const { profile, demand, target } = ctx;
  const threads = ctx.holdsAllThreads ? demand.threadsHeldWithoutDatabase : demand.activeThreads;
  return {
    variableBytes: threads * profile.conversation.threadBytes + demand.concurrentUsers * profile.app.connectionKB * 1e3,
    cpuVcpuAtTarget: (demand.peakMessagesPerSecond * profile.app.cpuMsPerMessage) / 1000 / target,
    poolConnectionsAtTarget: ctx.hasDatabase ? demand.dbQueriesInFlight / target : 0,
  };
}

/**
 * How many instances of one size the load needs, as a real number (memory, CPU and the DB pool each divided by what
 * one instance offers under target), or undefined when no count can run it (a task whose workers alone fill it).
 */
export function instancesNeeded(option: AppOption, ctx: AppContext, need: AppDemand = appDemandOf(ctx)): number | undefined {
  const { profile, target } = ctx;
  const workers = workersPerInstance(option.vcpu, profile);
  const spareBytes = target * (option.memoryGiB * GIB - profile.app.systemReservedMB * MB) - workers * profile.app.processBaseMB * MB;
  if (spareBytes <= 0) return undefined;
  let needed = Math.max(need.variableBytes / spareBytes, need.cpuVcpuAtTarget / option.vcpu);
  if (need.poolConnectionsAtTarget > 0) {
    const poolPerInstance = workers * (profile.database.poolSizePerWorker + profile.database.maxOverflowPerWorker);
    if (poolPerInstance === 0) return undefined;
    needed = Math.max(needed, need.poolConnectionsAtTarget / poolPerInstance);
  }
  return needed;
}

/**
 * The fewest tasks of one size that keep memory, CPU and the DB pool under target, or undefined when no count can.
 * Each limit is linear in 1/count, so the count has a closed form.
 */
export function minimumCount(option: AppOption, minCount: number, ctx: AppContext, needed = instancesNeeded(option, ctx)): number | undefined {
  if (needed === undefined) return undefined;
  let count = Math.max(1, minCount, ceilFloat(needed));
  // Guard against float rounding at the boundary.
  while (!appFits(option, count, ctx)) count += 1;
  return count;
}

/** Ceiling that treats a value within 12 significant digits of a whole number as that number (3.0000000000000004 → 3). */
function ceilFloat(x: number): number {
  const nearest = Math.round(x);
  return Math.abs(x - nearest) <= Math.abs(x) * 5e-12 ? nearest : Math.ceil(x);
}

/** Instances (or tasks) and, on burstable EC2, the surplus CPU credits the average load would be charged. */
export function appComponents(sizing: AppSizing, ctx: { profile: Profile; demand: Demand; aws: AwsSnapshot }): { components: Component[]; warnings: string[] } {
  const { option, count } = sizing;
  const unit = monthlyMicrosFromHourly(option.usdPerHour);
  const components: Component[] = [
    component('app', option.kind === 'ec2' ? 'EC2' : 'ECS Fargate', option.type, count, unit, { vcpu: option.vcpu, memoryGiB: option.memoryGiB }),
  ];
  const warnings: string[] = [];
  const surplus = surplusCreditMicros(sizing, ctx);
  if (surplus) {
    components.push(component('app', 'EC2 CPU credits', 'T3 Unlimited surplus', 1, surplus.micros, { note: `${q(surplus.vcpuHours)} vCPU-hours above baseline` }));
    warnings.push(
      `${option.type} averages ${Math.round(surplus.averageShare * 100)} % CPU against a ${Math.round(option.burst!.baselinePerVcpu * 100)} % baseline: surplus credits add $${(surplus.micros / 1e6).toFixed(2)}/month`,
    );
  }
  return { components, warnings };
}

/** Average CPU above a burstable instance's baseline is billed per vCPU-hour (T3 Unlimited). */
export function surplusCreditMicros(sizing: Pick<AppSizing, 'option' | 'count'>, ctx: { profile: Profile; demand: Demand; aws: AwsSnapshot }): { micros: Micros; vcpuHours: number; averageShare: number } | undefined {
  const burst = sizing.option.burst;
  if (!burst) return undefined;
  const averageRate = Math.min(ctx.demand.averageMessagesPerSecond, ctx.demand.peakMessagesPerSecond);
  const averageVcpu = (averageRate * ctx.profile.app.cpuMsPerMessage) / 1000 / sizing.count;
  const baselineVcpu = burst.baselinePerVcpu * sizing.option.vcpu;
  const surplusVcpu = averageVcpu - baselineVcpu;
  if (surplusVcpu <= 0) return undefined;
  const vcpuHours = surplusVcpu * HOURS_PER_MONTH * sizing.count;
  return { micros: usdToMicros(vcpuHours * ctx.aws.t3SurplusCreditUsdPerVcpuHour.value), vcpuHours, averageShare: averageVcpu / sizing.option.vcpu };
}
