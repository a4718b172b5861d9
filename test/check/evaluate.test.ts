/**
 * Verdicts in-process, from metric data built by hand: thresholds (targets.utilization, AWS's recommended alarm levels,
 * the limits), the model's predictions at the observed load, and the profile values a drift implies. Figures follow
 * test/check/fixtures/chat.yaml through the model's formulas (design §4); see scenario.ts for the base case.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCheck } from '../../src/check/evaluate.js';
import { mergeResults } from '../../src/check/metrics-file.js';
import { metricSpecs } from '../../src/check/queries.js';
import type { CheckItem } from '../../src/check/types.js';
import type { Deployment } from '../../src/profile/schema.js';
import { chatProfile, PREDICTED, usEast1 } from './scenario.js';

/** Four 15-minute periods. */
const W = { startSeconds: 1_795_000_000 - (1_795_000_000 % 900), endSeconds: 1_795_000_000 - (1_795_000_000 % 900) + 3600, periodSeconds: 900 };
const T = [0, 900, 1800, 2700].map((o) => W.startSeconds + o);

const ALB = { loadBalancer: 'app/chat-alb/50dc6c495c0c9188' };
const ECS = { cluster: 'chat', service: 'chat-api', taskSize: '1vCPU-2GB' };
const CHAT: Deployment = { ecs: ECS, alb: ALB, rds: { instance: 'chat-db', instanceClass: 'db.t4g.medium' }, redis: { cluster: 'chat-redis-001', nodeType: 'cache.t4g.small' } };

/** ALB load as CloudWatch reports it in 900 s periods: Sum of requests; one-minute sums of both sides' connections. */
const load = (rps: number, clients: number) => ({ alb_requests: rps * 900, alb_connections: 2 * clients * 15 });

function run(deployment: Deployment, values: Record<string, number | undefined>, tolerance = 0.3) {
  const specs = metricSpecs(deployment);
  const results = Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([Id, v]) => ({ Id, Timestamps: T, Values: T.map(() => v!) }));
  return evaluateCheck({ profile: chatProfile(deployment), catalogue: usEast1(), deployment, specs, data: mergeResults(results), window: W, tolerance, source: { mode: 'file', file: 'test' } });
}
const byId = (items: CheckItem[], metric: string, resource = '') => items.find((i) => i.metric === metric && i.resource.startsWith(resource))!;

describe('thresholds', () => {
  it('CPU above targets.utilization warns; at AWS\'s 80 % it breaches', () => {
    // 150 requests/s from 1,500 connections: 50 msg/s × 30 ms = 1.5 vCPU of 2 tasks × 1 vCPU = 75 % predicted.
    const warn = run({ ecs: ECS, alb: ALB }, { ...load(150, 1500), app_tasks: 2, app_cpu: 75 });
    const cpu = byId(warn.items, 'CPUUtilization');
    expect(cpu).toMatchObject({ status: 'warn', observed: 75, limit: 100, warnAt: 0.7, breachAt: 0.8, hint: 'above targets.utilization (70 %)' });
    expect(cpu.predicted).toBeCloseTo(75, 9);
    expect(warn.verdict).toBe('pass');

    const breach = run({ ecs: ECS, alb: ALB }, { ...load(150, 1500), app_tasks: 2, app_cpu: 85 });
    expect(byId(breach.items, 'CPUUtilization')).toMatchObject({ status: 'breach', hint: "at or above AWS's recommended alarm level (80 % of capacity)" });
    expect(breach.verdict).toBe('fail');
  });

  it('p99 of the periods: one hot period in four is the peak (⌈3.96⌉ = 4th of 4)', () => {
    const specs = metricSpecs({ ecs: ECS });
    const data = mergeResults([{ Id: 'app_cpu', Timestamps: T, Values: [10, 95, 10, 10] }]);
    const report = evaluateCheck({ profile: chatProfile({ ecs: ECS }), catalogue: usEast1(), deployment: { ecs: ECS }, specs, data, window: W, tolerance: 0.3, source: { mode: 'file', file: 't' } });
    expect(byId(report.items, 'CPUUtilization')).toMatchObject({ observed: 95, status: 'breach' });
  });

  it('Redis memory and connections breach only at the limit itself (AWS recommends no level for them)', () => {
    const r = run({ redis: { cluster: 'chat-redis-001', nodeType: 'cache.t4g.small' } }, { cache_memory: 99, cache_connections: 65_000, cache_cpu: 91 });
    expect(byId(r.items, 'DatabaseMemoryUsagePercentage')).toMatchObject({ status: 'warn', breachAt: 1 });
    expect(byId(r.items, 'CurrConnections')).toMatchObject({ status: 'breach', utilization: 1, hint: 'at or above maxclients' });
    expect(byId(r.items, 'EngineCPUUtilization')).toMatchObject({ status: 'breach', breachAt: 0.9 });
  });

  it('without a load balancer, limits are still held: DB connections at 93 % of max_connections breach', () => {
    const r = run({ rds: { instance: 'chat-db', instanceClass: 'db.t4g.medium' } }, { db_connections: 370, db_cpu: 30 });
    expect(byId(r.items, 'DatabaseConnections')).toMatchObject({ status: 'breach', limit: 396, predicted: null });
    expect(r.load).toMatchObject({ requestsPerSecond: null, messagesPerSecond: null });
    expect(r.notes.join('\n')).toContain('no load observed');
  });

  it('a parameter group\'s max_connections replaces the class\'s; an unknown class leaves the item without a limit', () => {
    const set = run({ rds: { instance: 'chat-db', instanceClass: 'db.t4g.medium', maxConnections: 1000 } }, { db_connections: 370 });
    expect(byId(set.items, 'DatabaseConnections')).toMatchObject({ status: 'ok', limit: 1000, utilization: 0.37 });
    const unknown = run({ rds: { instance: 'chat-db' } }, { db_connections: 10_000 });
    expect(byId(unknown.items, 'DatabaseConnections')).toMatchObject({ status: 'ok', limit: null, utilization: null });
    expect(unknown.notes.join('\n')).toContain('set deployment.rds.instanceClass');
  });

  it('requests without client connections: the concurrency is the profile\'s, and the report says it was not observed', () => {
    // 150 requests/s = 50 msg/s at 3 requests a message; × 30 s between messages (the profile's) = 1,500 users.
    for (const connections of [0, undefined]) {
      const r = run({ ecs: ECS, alb: ALB }, { alb_requests: 150 * 900, alb_connections: connections, app_tasks: 2, app_cpu: 75 });
      expect(r.notes).toContain("the load balancer reported no client connections: concurrent users are taken as the message rate × the profile's 30 s between messages (1,500), not observed");
    }
    expect(run({ ecs: ECS, alb: ALB }, { ...load(150, 1500), app_tasks: 2, app_cpu: 75 }).notes.join('\n')).not.toContain('no client connections');
  });

  it('a load past what the arithmetic holds is never ok: every prediction it breaks drifts, and the check fails', () => {
    // 1e308 connections: the model's figures at that load overflow to Infinity or NaN, which no comparison passes.
    const r = run({ ecs: ECS, alb: ALB }, { alb_requests: 150 * 900, alb_connections: 1e308, app_tasks: 2, app_cpu: 75 });
    const broken = r.items.filter((i) => i.predicted === null || !Number.isFinite(i.predicted) || (i.relativeError !== null && Number.isNaN(i.relativeError)));
    expect(broken.length).toBeGreaterThan(0);
    for (const item of r.items) if (item.status === 'ok') expect(Number.isFinite(item.predicted ?? 0) && !Number.isNaN(item.relativeError ?? 0), item.metric).toBe(true);
    expect(r.verdict).toBe('fail');
  });

  it('missing datapoints are no-data, with what to check', () => {
    const r = run(CHAT, { ...load(30, 300), app_cpu: 31 });
    expect(byId(r.items, 'MemoryUtilization')).toMatchObject({ status: 'no-data', observed: null, utilization: null, hint: 'no datapoints in the window: check deployment.ecs.service, the region, and that the resource ran' });
    expect(byId(r.items, 'RunningTaskCount').hint).toContain('Container Insights');
    expect(r.verdict).toBe('pass');
    // Without a task count the model's own count serves: at 10 msg/s one 1vCPU-2GB task keeps memory (2 × 250 MB +
    // 49.2 MB of threads and connections against 70 % of 2 GiB less 300 MB) and CPU (0.3 of 1 vCPU) under 70 %.
    expect(r.load).toMatchObject({ appInstances: 1, appInstancesSource: 'the fewest the model needs at the observed load' });
    expect(byId(r.items, 'CPUUtilization', 'ecs').predicted).toBeCloseTo(30, 9);
    expect(r.notes.join('\n')).toContain('assumed 1 app task (the fewest the model needs at the observed load); the count is not observed');
  });
});

describe('drift: the model at the observed load', () => {
  it('CPU three times the model implies cpuMsPerMessage ≈ 90 ms', () => {
    // 45 % of 2 × 1 vCPU = 0.9 vCPU over 10 msg/s = 90 ms a message.
    const r = run(CHAT, { ...load(30, 300), app_tasks: 2, app_cpu: 45 });
    const cpu = byId(r.items, 'CPUUtilization', 'ecs');
    expect(cpu).toMatchObject({ status: 'drift', predicted: PREDICTED.cpuPct });
    expect(cpu.relativeError).toBeCloseTo(2, 9);
    expect(cpu.hint).toBe('observed CPU implies app.cpuMsPerMessage ≈ 90 ms (profile: 30 ms) at 10 messages/s on 2 × 1 vCPU');
  });

  it('more requests per connection than the think time allows implies a shorter secondsBetweenMessages, and the model runs at that rate', () => {
    // 60 requests/s from 300 connections: 300 × 3 / 60 = 15 s between messages (profile 30 s); the model predicted 30/s.
    const r = run(CHAT, { ...load(60, 300), app_tasks: 2, app_cpu: 30 });
    const requests = byId(r.items, 'RequestCount');
    expect(requests).toMatchObject({ status: 'drift', observed: 60, predicted: 30, relativeError: 1 });
    expect(requests.hint).toBe('observed 60 requests/s over 300 connections imply traffic.secondsBetweenMessages ≈ 15 s (profile: 30 s) at 3 app.requestsPerMessage');
    // CPU at the observed 20 msg/s: 20 × 30 ms = 0.6 vCPU of 2 = 30 %.
    expect(byId(r.items, 'CPUUtilization', 'ecs')).toMatchObject({ status: 'ok', relativeError: 0 });
    expect(r.load.messagesPerSecond).toBe(20);
  });

  it('Redis memory three times the model implies bytesPerSession ≈ 6.64 KB', () => {
    // 3 × 3,129,600 B = 9,388,800 B; less 300 × 1,000 B of connection state, over 1,350 sessions, less 96 B a key.
    const r = run(CHAT, { ...load(30, 300), app_tasks: 2, cache_memory: 3 * PREDICTED.cachePct });
    const memory = byId(r.items, 'DatabaseMemoryUsagePercentage');
    expect(memory.status).toBe('drift');
    expect(memory.hint).toBe('observed memory implies redis.bytesPerSession ≈ 6.64 KB (profile: 2 KB) at 1,350 live sessions');
  });

  it('connection pools are ceilings: fewer connections than the pools allow is ok, more is drift', () => {
    const under = run(CHAT, { ...load(30, 300), app_tasks: 2, db_connections: 12, cache_connections: 8 });
    expect(byId(under.items, 'DatabaseConnections')).toMatchObject({ status: 'ok', predicted: 60, predictedIsCeiling: true, relativeError: -0.8 });
    expect(byId(under.items, 'CurrConnections')).toMatchObject({ status: 'ok', predicted: 40 });
    const over = run(CHAT, { ...load(30, 300), app_tasks: 2, db_connections: 100, cache_connections: 60 });
    expect(byId(over.items, 'DatabaseConnections')).toMatchObject({ status: 'drift' });
    expect(byId(over.items, 'DatabaseConnections').hint).toBe(
      '100 connections from 2 × 2 workers is 25 per worker, above database.poolSizePerWorker + database.maxOverflowPerWorker = 15: the pools are larger than profiled, or other clients connect',
    );
    expect(byId(over.items, 'CurrConnections').hint).toContain('15 per worker, above redis.poolSizePerWorker = 10');
  });

  it('behind RDS Proxy the app\'s pools meet the proxy, and the database connections are held against max_connections', () => {
    const deployment: Deployment = { ecs: ECS, alb: ALB, rds: { instance: 'chat-db', proxy: 'chat-proxy', instanceClass: 'db.t4g.medium' } };
    // ClientConnections: one-minute sums over 15 minutes, 900 → 60; proxy DatabaseConnections 5,700 → 380 of 396.
    const r = run(deployment, { ...load(30, 300), app_tasks: 2, proxy_clients: 900, proxy_connections: 5700, db_connections: 380 });
    expect(byId(r.items, 'ClientConnections')).toMatchObject({ observed: 60, predicted: 60, status: 'ok' });
    expect(byId(r.items, 'DatabaseConnections', 'rds-proxy')).toMatchObject({ observed: 380, limit: 396, status: 'breach' });
    expect(byId(r.items, 'DatabaseConnections', 'rds chat-db')).toMatchObject({ predicted: null, status: 'breach' });
  });

  it('on EC2 the agent\'s mem_used_percent counts the OS: the model adds systemReservedMB', () => {
    // t3.large: 2 vCPU → 4 workers, 8 GiB. One instance holds the 300 active threads and connections:
    // 4 × 250 MB + 300 × 100 KB + 300 × 64 KB = 1,049.2 MB, plus 300 MB reserved = 1,349.2 MB of 8 GiB = 15.71 %.
    const deployment: Deployment = { ec2: { instanceIds: ['i-0aaaaaaaaaaaaaaaa'], instanceType: 't3.large' }, alb: ALB, rds: { instance: 'chat-db', instanceClass: 'db.t4g.medium' } };
    const r = run(deployment, { ...load(30, 300), app_cpu_0: 15, app_memory_0: 16 });
    expect(byId(r.items, 'mem_used_percent').predicted).toBeCloseTo((100 * 1349.2e6) / (8 * 2 ** 30), 9);
    expect(byId(r.items, 'CPUUtilization').predicted).toBeCloseTo(15, 9); // 0.3 vCPU of 2
    expect(r.load).toMatchObject({ appInstances: 1, appInstancesSource: 'deployment.ec2.instanceIds' });
    expect(r.verdict).toBe('pass');
  });

  it('an Auto Scaling group\'s instances are counted by GroupInServiceInstances at the busiest period', () => {
    // t3.medium: 2 vCPU → 4 workers, 4 GiB; 3 instances share the 300 threads and connections:
    // 4 × 250 MB + 100 × 100 KB + 100 × 64 KB = 1,016.4 MB, plus 300 MB reserved = 1,316.4 MB of 4 GiB = 30.65 %.
    const deployment: Deployment = { ec2: { autoScalingGroup: 'chat-asg', instanceType: 't3.medium' }, alb: ALB, rds: { instance: 'chat-db', instanceClass: 'db.t4g.medium' } };
    const r = run(deployment, { ...load(30, 300), app_tasks: 3, app_cpu: 5, app_memory: 31 });
    expect(r.load).toMatchObject({ appInstances: 3, appInstancesSource: 'AWS/AutoScaling GroupInServiceInstances at the busiest period' });
    expect(byId(r.items, 'mem_used_percent').predicted).toBeCloseTo((100 * 1316.4e6) / 2 ** 32, 9);
    expect(byId(r.items, 'CPUUtilization').predicted).toBeCloseTo(5, 9); // 0.3 vCPU of 3 × 2
    const unseen = run(deployment, { ...load(30, 300), app_cpu: 5 });
    expect(byId(unseen.items, 'GroupInServiceInstances').hint).toContain('group metrics collection');
    expect(unseen.load.appInstancesSource).toBe('the fewest the model needs at the observed load');
  });

  it('without a pinned task size the model\'s own choice at the observed load is assumed, and the report says so', () => {
    const deployment: Deployment = { ecs: { cluster: 'chat', service: 'chat-api' }, alb: ALB };
    const r = run(deployment, { ...load(30, 300), app_tasks: 2, app_memory: 25 });
    expect(byId(r.items, 'MemoryUtilization').predicted).not.toBeNull();
    expect(r.notes.join('\n')).toMatch(/assumed \S+ for the app \(the model's cheapest ecs configuration at the observed load\); set deployment\.ecs\.taskSize/);
  });

  it('with no app tier named, an unpinned DB class is the plan\'s at the observed load, and its max_connections the limit', () => {
    const r = run({ alb: ALB, rds: { instance: 'chat-db' } }, { ...load(30, 300), db_connections: 50 });
    const note = r.notes.find((n) => n.startsWith('assumed DB class'))!;
    const cls = /assumed DB class (\S+) \(the plan at the observed load \(phase [a-z-]+\)\); set deployment\.rds\.instanceClass/.exec(note)![1]!;
    expect(byId(r.items, 'DatabaseConnections').limit).toBe(usEast1().aws.rds.postgres[cls]!.maxConnections);
  });

  it('the tolerance decides: 23 % off is ok at 0.3 and drift at 0.2', () => {
    const values = { ...load(30, 300), app_tasks: 2, app_memory: 1.23 * PREDICTED.memoryPct };
    expect(byId(run(CHAT, values).items, 'MemoryUtilization').status).toBe('ok');
    expect(byId(run(CHAT, values, 0.2).items, 'MemoryUtilization').status).toBe('drift');
  });
});
