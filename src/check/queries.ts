/**
 * Which CloudWatch metrics a deployment has, and the GetMetricData queries that read them. Statistics follow AWS's
 * guidance for each metric (see README, "capacity check"): Average for utilisation, Maximum for connection gauges,
 * Sum for ALB and RDS Proxy counts. No query names a Unit: a unit that does not match the stored one returns nothing.
 */
import type { Deployment } from '../profile/schema.js';
import type { Dimension, MetricDataQuery, MetricSpec } from './types.js';

/** GetMetricData takes at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

const dim = (Name: string, Value: string): Dimension => ({ Name, Value });

type Base = Omit<MetricSpec, 'id' | 'role' | 'metric' | 'stat' | 'peak' | 'conversion' | 'unit' | 'missingIsZero'>;

function spec(id: string, role: MetricSpec['role'], base: Base, metric: string, stat: string, peak: MetricSpec['peak'], conversion: MetricSpec['conversion'], unit: string, missingIsZero = false): MetricSpec {
  return { id, role, ...base, metric, stat, peak, conversion, unit, missingIsZero };
}

export function metricSpecs(d: Deployment): MetricSpec[] {
  const out: MetricSpec[] = [];
  const alb = d.alb;
  if (alb?.loadBalancer) {
    const lb = dim('LoadBalancer', alb.loadBalancer);
    // Requests of the app's target group when one is named (the load balancer may serve other apps too).
    const requests: Base = alb.targetGroup
      ? { resource: `alb ${alb.targetGroup}`, namespace: 'AWS/ApplicationELB', dimensions: [dim('TargetGroup', alb.targetGroup), lb], field: 'deployment.alb.targetGroup' }
      : { resource: `alb ${alb.loadBalancer}`, namespace: 'AWS/ApplicationELB', dimensions: [lb], field: 'deployment.alb.loadBalancer' };
    out.push(spec('alb_requests', 'alb.requests', requests, 'RequestCount', 'Sum', 'max', 'per-second', 'requests/s', true));
    const lbBase: Base = { resource: `alb ${alb.loadBalancer}`, namespace: 'AWS/ApplicationELB', dimensions: [lb], field: 'deployment.alb.loadBalancer' };
    out.push(spec('alb_connections', 'alb.connections', lbBase, 'ActiveConnectionCount', 'Sum', 'max', 'per-minute-halved', 'client connections', true));
  }
  const ecs = d.ecs;
  if (ecs?.cluster && ecs.service) {
    const dims = [dim('ClusterName', ecs.cluster), dim('ServiceName', ecs.service)];
    const base: Base = { resource: `ecs ${ecs.cluster}/${ecs.service}`, namespace: 'AWS/ECS', dimensions: dims, field: 'deployment.ecs.service' };
    out.push(spec('app_cpu', 'app.cpu', base, 'CPUUtilization', 'Average', 'p99', 'value', '%'));
    out.push(spec('app_memory', 'app.memory', base, 'MemoryUtilization', 'Average', 'max', 'value', '%'));
    out.push(spec('app_tasks', 'app.tasks', { ...base, namespace: 'ECS/ContainerInsights' }, 'RunningTaskCount', 'Average', 'max', 'value', 'tasks'));
  }
  const ec2 = d.ec2;
  if (ec2?.autoScalingGroup) {
    const dims = [dim('AutoScalingGroupName', ec2.autoScalingGroup)];
    const base: Base = { resource: `asg ${ec2.autoScalingGroup}`, namespace: 'AWS/EC2', dimensions: dims, field: 'deployment.ec2.autoScalingGroup' };
    out.push(spec('app_cpu', 'app.cpu', base, 'CPUUtilization', 'Average', 'p99', 'value', '%'));
    out.push(spec('app_memory', 'app.memory', { ...base, namespace: 'CWAgent' }, 'mem_used_percent', 'Average', 'max', 'value', '%'));
    out.push(spec('app_tasks', 'app.tasks', { ...base, namespace: 'AWS/AutoScaling' }, 'GroupInServiceInstances', 'Average', 'max', 'value', 'instances'));
  }
  ec2?.instanceIds?.forEach((instanceId, i) => {
    const base: Base = { resource: `ec2 ${instanceId}`, namespace: 'AWS/EC2', dimensions: [dim('InstanceId', instanceId)], field: 'deployment.ec2.instanceIds' };
    out.push(spec(`app_cpu_${i}`, 'app.cpu', base, 'CPUUtilization', 'Average', 'p99', 'value', '%'));
    out.push(spec(`app_memory_${i}`, 'app.memory', { ...base, namespace: 'CWAgent' }, 'mem_used_percent', 'Average', 'max', 'value', '%'));
  });
  const rds = d.rds;
  if (rds?.instance) {
    const base: Base = { resource: `rds ${rds.instance}`, namespace: 'AWS/RDS', dimensions: [dim('DBInstanceIdentifier', rds.instance)], field: 'deployment.rds.instance' };
    out.push(spec('db_connections', 'db.connections', base, 'DatabaseConnections', 'Maximum', 'max', 'value', 'connections'));
    out.push(spec('db_cpu', 'db.cpu', base, 'CPUUtilization', 'Average', 'p99', 'value', '%'));
  }
  if (rds?.proxy) {
    const base: Base = { resource: `rds-proxy ${rds.proxy}`, namespace: 'AWS/RDS', dimensions: [dim('ProxyName', rds.proxy)], field: 'deployment.rds.proxy' };
    out.push(spec('proxy_clients', 'proxy.clients', base, 'ClientConnections', 'Sum', 'max', 'per-minute', 'connections'));
    out.push(spec('proxy_connections', 'proxy.connections', base, 'DatabaseConnections', 'Sum', 'max', 'per-minute', 'connections'));
  }
  const redis = d.redis;
  if (redis?.cluster) {
    // A Redis cache cluster without cluster mode is one node, and its node id is always 0001.
    const base: Base = { resource: `redis ${redis.cluster}`, namespace: 'AWS/ElastiCache', dimensions: [dim('CacheClusterId', redis.cluster), dim('CacheNodeId', '0001')], field: 'deployment.redis.cluster' };
    out.push(spec('cache_memory', 'cache.memory', base, 'DatabaseMemoryUsagePercentage', 'Maximum', 'max', 'value', '% of maxmemory'));
    out.push(spec('cache_connections', 'cache.connections', base, 'CurrConnections', 'Maximum', 'max', 'value', 'connections'));
    out.push(spec('cache_cpu', 'cache.cpu', base, 'EngineCPUUtilization', 'Average', 'p99', 'value', '%'));
  }
  return out;
}

export function metricDataQuery(s: MetricSpec, periodSeconds: number): MetricDataQuery {
  return { Id: s.id, MetricStat: { Metric: { Namespace: s.namespace, MetricName: s.metric, Dimensions: s.dimensions }, Period: periodSeconds, Stat: s.stat } };
}

/** Queries in calls of at most MAX_QUERIES_PER_CALL. */
export function batches<T>(items: readonly T[], size = MAX_QUERIES_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** CloudWatch bills GetMetricData per metric requested: $0.01 per 1,000. */
export const USD_PER_METRIC_REQUESTED = 0.01 / 1000;
