/**
 * The model run at the load CloudWatch observed. The observed load is the ALB's peak requests per second and client
 * connections; each connection is one concurrent user (design §4: every open session holds a connection), and the
 * message rate is requests ÷ app.requestsPerMessage. The profile's think time is replaced by connections ÷ message
 * rate so that the demand reproduces both, and every other profile value is what the check puts to the test.
 *
 * The deployed shape (task size, instance type, DB class, node type) comes from the deployment section; what it does
 * not say is taken from the plan at the observed load, and the report says so.
 */
import type { Catalogue, RdsClass } from '../catalogue/schema.js';
import { ec2Options, fargateOptions, minimumCount, sizeApp, type AppOption, type AppSizing } from '../model/app.js';
import { cacheMemoryBytes, usableBytesOf } from '../model/cache.js';
import { evaluatePhase, HIGH_AVAILABILITY } from '../model/candidates.js';
import { computeDemand, peakConcurrentRatio } from '../model/demand.js';
import { planCapacity } from '../model/planner.js';
import { formatQuantity as q } from '../model/quantity.js';
import type { Demand, PhaseId } from '../model/types.js';
import type { Deployment, Profile } from '../profile/schema.js';
import type { Role } from './types.js';

const GIB = 1024 ** 3;
const MB = 1e6;

export interface ObservedInput {
  requestsPerSecond: number | null;
  clientConnections: number | null;
  /** Tasks or instances seen at the busiest period, when a metric counts them. */
  appInstances: number | null;
  /** The metric that counted them. */
  appInstancesMetric?: string;
}

export interface AppAtLoad {
  kind: 'ecs' | 'ec2';
  option: AppOption;
  count: number;
  countSource: string;
  sizing: AppSizing;
  memoryBytes: number;
  /** Bytes the metric counts beyond the app's processes: the OS share on EC2 (mem_used_percent), none on ECS. */
  outsideBytes: number;
}

export interface ModelAtLoad {
  /** The profile with the observed think time; the model's other inputs unchanged. */
  profile: Profile;
  demand: Demand | null;
  /** The profile's traffic.secondsBetweenMessages (the model runs with the observed one). */
  thinkSeconds: number;
  messagesPerSecond: number | null;
  concurrentUsers: number | null;
  app: AppAtLoad | null;
  maxConnections: number | null;
  cacheMaxmemoryBytes: number | null;
  predictions: Partial<Record<Role, number>>;
  notes: string[];
}

export function modelAtLoad(profile: Profile, catalogue: Catalogue, d: Deployment, observed: ObservedInput): ModelAtLoad {
  const notes: string[] = [];
  const { requestsPerMessage } = profile.app;
  const thinkSeconds = profile.traffic.secondsBetweenMessages;
  const rps = observed.requestsPerSecond;
  let lambda = rps !== null && requestsPerMessage > 0 ? rps / requestsPerMessage : null;
  const connectionsSeen = observed.clientConnections !== null && observed.clientConnections > 0;
  let concurrent = connectionsSeen ? observed.clientConnections : lambda !== null ? lambda * thinkSeconds : null;
  if (!connectionsSeen && lambda !== null && concurrent !== null) {
    // Requests flow but the ALB counted no connections: the concurrency is the profile's, not the account's.
    notes.push(`the load balancer reported no client connections: concurrent users are taken as the message rate × the profile's ${q(thinkSeconds)} s between messages (${q(concurrent)}), not observed`);
  }
  if (lambda === null && concurrent !== null) lambda = concurrent / thinkSeconds;
  if (concurrent === null || lambda === null) {
    notes.push('no load observed (no deployment.alb): the model is not run, and items are held against their limits only');
    concurrent = null;
    lambda = null;
  }

  const atLoad: Profile =
    concurrent !== null && lambda !== null ? { ...profile, traffic: { ...profile.traffic, secondsBetweenMessages: lambda > 0 ? concurrent / lambda : Number.POSITIVE_INFINITY } } : profile;
  const ratio = peakConcurrentRatio(profile);
  const users = concurrent !== null ? (ratio > 0 ? concurrent / ratio : concurrent) : 0;
  const demand = concurrent !== null ? computeDemand(atLoad, { users, concurrentUsers: concurrent }) : null;

  const aws = catalogue.aws;
  const hasDatabase = Boolean(d.rds) || d.ecs !== undefined || profile.targets.durability === 'required';
  let choice: ModelChoice | null | undefined;
  const chosen = (): ModelChoice | null => {
    if (choice === undefined) choice = concurrent !== null && users > 0 && demand ? modelChoice(atLoad, catalogue, d, demand, users, hasDatabase, notes) : null;
    return choice;
  };
  // Database limit: max_connections of the class (or the parameter group's value).
  let maxConnections: number | null = d.rds?.maxConnections ?? null;
  if (maxConnections === null && (d.rds?.instance || d.rds?.proxy)) {
    let className = d.rds?.instanceClass;
    if (!className) {
      className = chosen()?.dbClass;
      if (className) notes.push(`assumed DB class ${className} (${chosen()!.source}); set deployment.rds.instanceClass`);
      else notes.push('DB class unknown: set deployment.rds.instanceClass to hold connections against max_connections');
    }
    const cls: RdsClass | undefined = className ? aws.rds.postgres[className] : undefined;
    maxConnections = cls?.maxConnections ?? null;
  }

  // Cache limit: maxmemory is the node's memory less the reserved share.
  let cacheMaxmemoryBytes: number | null = null;
  if (d.redis?.cluster) {
    let nodeType = d.redis.nodeType;
    if (!nodeType) {
      nodeType = chosen()?.nodeType;
      if (nodeType) notes.push(`assumed cache node ${nodeType} (${chosen()!.source}); set deployment.redis.nodeType`);
    }
    const node = nodeType ? aws.elasticache.nodes[nodeType] : undefined;
    if (node) cacheMaxmemoryBytes = usableBytesOf(aws, node);
  }

  const predictions: Partial<Record<Role, number>> = {};
  let app: AppAtLoad | null = null;
  if (demand && concurrent !== null && lambda !== null) {
    if (d.alb?.loadBalancer && thinkSeconds > 0) predictions['alb.requests'] = (concurrent / thinkSeconds) * requestsPerMessage;
    app = appAtLoad(atLoad, catalogue, d, demand, observed, hasDatabase, chosen, notes);
    if (app) {
      const { sizing, count, option } = app;
      const memory = sizing.constraints.find((c) => c.id === 'app.memory')!;
      const cpu = sizing.constraints.find((c) => c.id === 'app.cpu')!;
      const perInstanceBytes = (memory.required * MB) / count;
      predictions['app.memory'] = (100 * (perInstanceBytes + app.outsideBytes)) / app.memoryBytes;
      predictions['app.cpu'] = (100 * cpu.required) / (count * option.vcpu);
      if (d.rds?.proxy) predictions['proxy.clients'] = sizing.dbConnections;
      else if (d.rds?.instance) predictions['db.connections'] = sizing.dbConnections;
      if (d.redis?.cluster) predictions['cache.connections'] = sizing.redisConnections;
    }
    if (cacheMaxmemoryBytes) predictions['cache.memory'] = (100 * cacheMemoryBytes(atLoad, demand)) / cacheMaxmemoryBytes;
  }
  return { profile: atLoad, demand, thinkSeconds, messagesPerSecond: lambda, concurrentUsers: concurrent, app, maxConnections, cacheMaxmemoryBytes, predictions, notes };
}

function appAtLoad(
  profile: Profile,
  catalogue: Catalogue,
  d: Deployment,
  demand: Demand,
  observed: ObservedInput,
  hasDatabase: boolean,
  chosen: () => ModelChoice | null,
  notes: string[],
): AppAtLoad | null {
  const kind = d.ecs ? 'ecs' : d.ec2 ? 'ec2' : null;
  if (!kind) return null;
  const options = kind === 'ecs' ? fargateOptions(catalogue.aws) : ec2Options(catalogue.aws, undefined, false);
  const pinned = kind === 'ecs' ? d.ecs?.taskSize : d.ec2?.instanceType;
  let option = pinned ? options.find((o) => o.type === pinned) : undefined;
  let plannedCount: number | undefined;
  if (!option) {
    const model = chosen();
    option = model?.app ? options.find((o) => o.type === model.app!.type) : undefined;
    const field = kind === 'ecs' ? 'deployment.ecs.taskSize' : 'deployment.ec2.instanceType';
    if (!option) {
      notes.push(`app size unknown${model?.app ? ` (${model.source} runs ${model.app.type})` : ''}: set ${field} to compare app memory and CPU with the model`);
      return null;
    }
    plannedCount = model!.app!.count;
    notes.push(`assumed ${option.type} for the app (${model!.source}); set ${field}`);
  }
  const ctx = { profile, demand, holdsAllThreads: !hasDatabase, hasDatabase, target: profile.targets.utilization, explain: false };
  let count: number | undefined;
  let countSource: string;
  if (d.ec2?.instanceIds) {
    count = d.ec2.instanceIds.length;
    countSource = 'deployment.ec2.instanceIds';
  } else if (observed.appInstances !== null && observed.appInstances > 0) {
    count = Math.max(1, Math.round(observed.appInstances));
    countSource = `${observed.appInstancesMetric ?? 'the count metric'} at the busiest period`;
  } else {
    // EC2 phases run one instance; an Auto Scaling group runs as many as the model needs.
    if (d.ec2?.autoScalingGroup) plannedCount = undefined;
    count = plannedCount ?? minimumCount(option, profile.targets.availability >= HIGH_AVAILABILITY ? 2 : 1, ctx);
    countSource = plannedCount !== undefined ? chosen()!.source : 'the fewest the model needs at the observed load';
    if (count === undefined) {
      notes.push(`one ${option.type} cannot hold even the workers' base memory; app memory and CPU are not compared`);
      return null;
    }
    notes.push(`assumed ${count} app ${kind === 'ecs' ? 'task' : 'instance'}${count === 1 ? '' : 's'} (${countSource}); the count is not observed`);
  }
  const sizing = sizeApp(option, count, ctx);
  const memoryBytes = option.memoryGiB * GIB;
  const outsideBytes = kind === 'ec2' ? profile.app.systemReservedMB * MB : 0;
  if (!hasDatabase) notes.push(`no database in the deployment: each instance holds every thread of the last ${q(profile.conversation.retentionHours)} h`);
  return { kind, option, count, countSource, sizing, memoryBytes, outsideBytes };
}

/** What the model would run at the observed load, in the deployed topology where it can tell, else as planned. */
interface ModelChoice {
  source: string;
  app?: { type: string; count: number };
  dbClass?: string;
  nodeType?: string;
}

function modelChoice(profile: Profile, catalogue: Catalogue, d: Deployment, demand: Demand, users: number, hasDatabase: boolean, notes: string[]): ModelChoice | null {
  const phase: PhaseId | null = d.ecs ? (d.rds?.proxy ? 'proxy' : 'ecs') : d.ec2 ? (hasDatabase ? 'rds' : 'single-instance') : null;
  if (phase) {
    const result = evaluatePhase(phase, { profile, aws: catalogue.aws, demand, target: profile.targets.utilization, explain: false });
    const c = result.best ?? result.closest;
    if (c) {
      return {
        source: `the model's cheapest ${phase} configuration at the observed load`,
        app: { type: c.app.option.type, count: c.app.count },
        ...(c.db ? { dbClass: c.db.className } : {}),
        ...(c.cache ? { nodeType: c.cache.nodeType } : {}),
      };
    }
    if (result.policy) notes.push(`the model rules out the ${phase} topology (${result.policy.reason}); sizes come from the plan`);
  }
  try {
    const plan = planCapacity(profile, catalogue, { users, concurrentUsers: demand.concurrentUsers, skipBreakpoint: true });
    const of = (role: string) => plan.components.find((c) => c.role === role);
    const [app, db, cache] = [of('app'), of('database'), of('cache')];
    return {
      source: `the plan at the observed load (phase ${plan.phase.id})`,
      ...(app ? { app: { type: app.type, count: app.count } } : {}),
      ...(db ? { dbClass: db.type } : {}),
      ...(cache ? { nodeType: cache.type } : {}),
    };
  } catch (error) {
    notes.push(`the plan at the observed load failed: ${(error as Error).message}`);
    return null;
  }
}
