/**
 * One verdict per metric: the observed peak against its limit (warn above the profile's target utilisation, breach
 * at AWS's recommended alarm level or at the limit itself) and against the model's prediction at the observed load
 * (drift beyond the tolerance). Order of precedence: breach, drift, warn, ok; no datapoints is no-data.
 */
import { impliedValueHint } from './hints.js';
import type { ModelAtLoad } from './model-at-load.js';
import type { CheckItem, MetricSpec, Role, Status } from './types.js';
import { wholePercent as pct } from '../model/quantity.js';

/** AWS's recommended alarm levels (CloudWatch "recommended alarms"), as a share of the limit. */
export const AWS_ALARM_LEVELS: Partial<Record<Role, number>> = {
  'app.cpu': 0.8, // ECS CPUUtilization > 80 %, EC2 CPUUtilization > 80 %
  'app.memory': 0.8, // ECS MemoryUtilization > 80 % (used for the CloudWatch agent's mem_used_percent too)
  'db.connections': 0.9, // RDS DatabaseConnections > 90 % of max_connections
  'proxy.connections': 0.9,
  'db.cpu': 0.9, // RDS CPUUtilization > 90 %
  'cache.cpu': 0.9, // ElastiCache EngineCPUUtilization > 90 %
};

/** Roles whose prediction is a ceiling (what the pools may open), so only an observation above it drifts. */
const CEILINGS: ReadonlySet<Role> = new Set(['db.connections', 'proxy.clients', 'cache.connections']);

export interface ItemContext {
  model: ModelAtLoad;
  target: number;
  tolerance: number;
  maxClientsPerNode: number;
}

export function limitOf(role: Role, ctx: ItemContext): number | null {
  switch (role) {
    case 'app.cpu':
    case 'app.memory':
    case 'db.cpu':
    case 'cache.cpu':
    case 'cache.memory':
      return 100;
    case 'db.connections':
    case 'proxy.connections':
      return ctx.model.maxConnections;
    case 'cache.connections':
      return ctx.maxClientsPerNode;
    default:
      return null;
  }
}

export function buildItem(spec: MetricSpec, observed: number | null, ctx: ItemContext, noDataHint: string): CheckItem {
  const limit = limitOf(spec.role, ctx);
  const hasLimit = limit !== null && limit > 0;
  const predicted = ctx.model.predictions[spec.role] ?? null;
  const ceiling = CEILINGS.has(spec.role);
  const utilization = observed !== null && hasLimit ? observed / limit : null;
  const relativeError = observed !== null && predicted !== null && predicted > 0 ? (observed - predicted) / predicted : observed === 0 && predicted === 0 ? 0 : null;
  const breachAt = hasLimit ? (AWS_ALARM_LEVELS[spec.role] ?? 1) : null;
  const warnAt = hasLimit ? ctx.target : null;

  let status: Status = 'ok';
  const hints: string[] = [];
  if (observed === null) {
    status = 'no-data';
    hints.push(noDataHint);
  } else {
    // A prediction or an error that is not a finite number (a load past what the arithmetic holds) never passes.
    const unpredictable = (predicted !== null && !Number.isFinite(predicted)) || Number.isNaN(relativeError) || !Number.isFinite(observed);
    const drifted = unpredictable || (relativeError !== null && (ceiling ? relativeError > ctx.tolerance : Math.abs(relativeError) > ctx.tolerance));
    if (utilization !== null && breachAt !== null && utilization >= breachAt) {
      status = 'breach';
      hints.push(breachAt < 1 ? `at or above AWS's recommended alarm level (${pct(breachAt)} of ${describeLimit(spec.role)})` : `at or above ${describeLimit(spec.role)}`);
    } else if (drifted) status = 'drift';
    else if (utilization !== null && warnAt !== null && utilization > warnAt) status = 'warn';
    if (status !== 'breach' && utilization !== null && warnAt !== null && utilization > warnAt) hints.push(`above targets.utilization (${pct(warnAt)})`);
    if (unpredictable) hints.push('the observed load is past what the model computes in finite numbers: check the metrics');
    else if (drifted) hints.push(impliedValueHint(spec, observed, predicted!, ctx.model));
  }
  return {
    resource: spec.resource,
    namespace: spec.namespace,
    metric: spec.metric,
    stat: spec.stat,
    peak: spec.peak,
    unit: spec.unit,
    observed,
    limit: hasLimit ? limit : null,
    utilization,
    warnAt,
    breachAt,
    predicted,
    relativeError,
    predictedIsCeiling: ceiling && predicted !== null,
    status,
    hint: hints.length > 0 ? hints.join('; ') : null,
  };
}

function describeLimit(role: Role): string {
  if (role === 'db.connections' || role === 'proxy.connections') return 'max_connections';
  if (role === 'cache.connections') return 'maxclients';
  if (role === 'cache.memory') return 'maxmemory';
  return 'capacity';
}
