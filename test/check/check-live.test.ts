/**
 * `capacity check --live` end to end: the built CLI and the real @aws-sdk/client-cloudwatch over HTTP against a local
 * GetMetricData server on 127.0.0.1 (AWS JSON 1.0), selected with AWS_ENDPOINT_URL_CLOUDWATCH. Instance metadata is
 * off, credentials are dummies, config files are empty temporary files: nothing leaves the machine.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync, type RunResult } from '../helpers/cli.js';
import { show } from '../e2e/expect-cli.js';
import { startCloudWatchServer, type CloudWatchServer } from './cloudwatch-server.js';
import { awsEnv, CHAT_PROFILE, HEALTHY, PREDICTED, scenarioData } from './scenario.js';

let server: CloudWatchServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Item {
  resource: string;
  metric: string;
  observed: number | null;
  limit: number | null;
  utilization: number | null;
  predicted: number | null;
  relativeError: number | null;
  status: string;
  hint: string | null;
}

async function check(args: string[], env: Record<string, string | undefined>): Promise<{ r: RunResult; json: { verdict: string; items: Item[]; source: Record<string, unknown>; window: { start: string; end: string; periodSeconds: number }; load: Record<string, unknown> } }> {
  const r = await runCliAsync(['check', '--profile', CHAT_PROFILE, '--format', 'json', ...args], { env });
  expect(r.stderr, show(r)).not.toMatch(/^\s+at /m);
  return { r, json: r.stdout ? JSON.parse(r.stdout) : undefined };
}

const item = (items: Item[], metric: string, resource = '') => items.find((i) => i.metric === metric && i.resource.includes(resource))!;

describe('capacity check --live against a local CloudWatch', () => {
  it('healthy: one GetMetricData call for all 10 queries, every item ok, numbers as the model predicts, exit 0', async () => {
    server = await startCloudWatchServer({ data: scenarioData(HEALTHY) });
    const { r, json } = await check(['--live'], awsEnv(server.url));
    expect(r.status, show(r)).toBe(0);
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.body;
    expect(body.MetricDataQueries).toHaveLength(10);
    // 14 days in 900 s periods (1,344 points a metric), aligned to the period; no Unit anywhere.
    expect(body.MetricDataQueries.every((q) => q.MetricStat.Period === 900 && q.MetricStat.Unit === undefined)).toBe(true);
    expect(body.EndTime - body.StartTime).toBe(14 * 86_400);
    expect(body.StartTime % 900).toBe(0);
    expect(server.requests[0]!.headers.authorization).toMatch(/\/us-east-1\/monitoring\/aws4_request/);

    expect(json.verdict).toBe('pass');
    expect(json.items.map((i) => i.status)).toEqual(Array(10).fill('ok'));
    expect(json.source).toMatchObject({ mode: 'live', region: 'us-east-1', calls: 1, metricsRequested: 10, costUsd: 0.0001 });
    expect(json.load).toMatchObject({ requestsPerSecond: 30, clientConnections: 300, messagesPerSecond: PREDICTED.messagesPerSecond, appInstances: 2 });

    const memory = item(json.items, 'MemoryUtilization');
    expect(memory.predicted).toBeCloseTo(PREDICTED.memoryPct, 9); // 24.4286 %
    expect(memory.relativeError).toBeCloseTo(25 / PREDICTED.memoryPct - 1, 9);
    const cpu = item(json.items, 'CPUUtilization', 'ecs');
    expect(cpu.predicted).toBeCloseTo(PREDICTED.cpuPct, 9);
    expect(cpu.relativeError).toBeCloseTo(16 / 15 - 1, 9);
    const db = item(json.items, 'DatabaseConnections');
    expect(db).toMatchObject({ observed: 40, limit: PREDICTED.maxConnections, predicted: PREDICTED.dbConnections });
    expect(db.utilization).toBeCloseTo(40 / 396, 9);
    expect(item(json.items, 'DatabaseMemoryUsagePercentage').predicted).toBeCloseTo(PREDICTED.cachePct, 9);
    expect(item(json.items, 'CurrConnections')).toMatchObject({ observed: 30, limit: 65_000, predicted: PREDICTED.cacheConnections });
    expect(item(json.items, 'RequestCount')).toMatchObject({ observed: 30, predicted: PREDICTED.requestsPerSecond, relativeError: 0 });
  });

  it('RDS connections at 95 % of max_connections: that item breaches, exit 1', async () => {
    // 376 of db.t4g.medium's 396 = 94.9 %, at or above AWS's recommended 90 %.
    server = await startCloudWatchServer({ data: scenarioData({ ...HEALTHY, dbConnections: 376 }) });
    const { r, json } = await check(['--live'], awsEnv(server.url));
    expect(r.status, show(r)).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(json.verdict).toBe('fail');
    const db = item(json.items, 'DatabaseConnections');
    expect(db.status).toBe('breach');
    expect(db.utilization).toBeCloseTo(376 / 396, 9);
    expect(db.hint).toContain("AWS's recommended alarm level (90 % of max_connections)");
    // More connections than the pools allow (2 tasks × 2 workers × 15 = 60): 376 / 4 = 94 per worker.
    expect(db.hint).toContain('94 per worker');
    expect(json.items.filter((i) => i.status !== 'ok').map((i) => i.metric)).toEqual(['DatabaseConnections']);
  });

  it('app memory twice the prediction: drift, with the profile value it implies, exit 1', async () => {
    const doubled = 2 * PREDICTED.memoryPct; // 48.86 %: under both the target (70 %) and AWS's 80 %
    server = await startCloudWatchServer({ data: scenarioData({ ...HEALTHY, ecsMemory: doubled }) });
    const { r, json } = await check(['--live'], awsEnv(server.url));
    expect(r.status, show(r)).toBe(1);
    const memory = item(json.items, 'MemoryUtilization');
    expect(memory.status).toBe('drift');
    expect(memory.relativeError).toBeCloseTo(1, 9);
    // 2 × 524.6 MB = 1,049.2 MB per task. Solved for threadBytes: (1,049.2 − 500 − 9.6) MB / 150 threads = 3,597 KB;
    // for processBaseMB: (1,049.2 − 15 − 9.6) MB / 2 workers = 512.3 MB.
    expect(memory.hint).toBe(
      'observed memory implies conversation.threadBytes ≈ 3,597 KB (profile: 100 KB) at 150 threads per task, or app.processBaseMB ≈ 512 MB (profile: 250 MB) with 2 workers per task',
    );
    const table = await runCliAsync(['check', '--live', '--profile', CHAT_PROFILE], { env: awsEnv(server.url) });
    expect(table.status).toBe(1);
    expect(table.stdout).toContain('drift ecs chat/chat-api MemoryUtilization: observed memory implies conversation.threadBytes ≈ 3,597 KB');
    expect(table.stdout).toMatch(/FAIL: 0 breach, 1 drift/);
  });

  it('follows NextToken through PartialData pages and merges them', async () => {
    // 1,000 datapoints a page: 1,344 periods need two calls. The last period's memory (30 %) is on the second page only.
    const data = scenarioData(HEALTHY, (q, t, { EndTime }) => (q.MetricStat.Metric.MetricName === 'MemoryUtilization' && t === EndTime - q.MetricStat.Period ? 30 : undefined));
    server = await startCloudWatchServer({ data, pageSize: 1000 });
    const { r, json } = await check(['--live'], awsEnv(server.url));
    expect(r.status, show(r)).toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.body.NextToken).toBeUndefined();
    expect(server.requests[1]!.body.NextToken).toBe('page-1');
    expect(server.requests[1]!.body.MetricDataQueries).toEqual(server.requests[0]!.body.MetricDataQueries);
    expect(json.source).toMatchObject({ calls: 2, metricsRequested: 20 });
    expect(item(json.items, 'MemoryUtilization').observed).toBe(30);
    expect(item(json.items, 'MemoryUtilization').status).toBe('ok');
    expect(item(json.items, 'RequestCount').observed).toBe(30);
  });

  it('a throttled call is retried by the SDK, then succeeds: two requests, exit 0', async () => {
    server = await startCloudWatchServer({ data: scenarioData(HEALTHY), throttleFirst: 1 });
    const { r, json } = await check(['--live'], awsEnv(server.url));
    expect(r.status, show(r)).toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toEqual(server.requests[0]!.body);
    expect(json.source).toMatchObject({ calls: 1 });
  });

  it('throttled on every attempt: exit 3 after AWS_MAX_ATTEMPTS requests', async () => {
    server = await startCloudWatchServer({ data: scenarioData(HEALTHY), throttleFirst: 100 });
    const { r } = await check(['--live'], awsEnv(server.url, { AWS_MAX_ATTEMPTS: '2' }));
    expect(r.status, show(r)).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('AWS kept throttling cloudwatch:GetMetricData after 2 attempts');
    expect(server.requests).toHaveLength(2);
  });

  it('AccessDenied: exit 3 naming cloudwatch:GetMetricData, one request, nothing saved', async () => {
    server = await startCloudWatchServer({ data: scenarioData(HEALTHY), denyAccess: true });
    const { r } = await check(['--live', '--save', '/nonexistent-dir-never-written/m.json'], awsEnv(server.url));
    expect(r.status, show(r)).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('access denied: these credentials may not call cloudwatch:GetMetricData');
    expect(r.stderr).toContain('hint: grant cloudwatch:GetMetricData');
    expect(server.requests).toHaveLength(1);
    expect(existsSync('/nonexistent-dir-never-written')).toBe(false);
  });

  it('no credentials, or no region: exit 3 before any request', async () => {
    server = await startCloudWatchServer({ data: scenarioData(HEALTHY) });
    const noKeys = await check(['--live'], awsEnv(server.url, { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }));
    expect(noKeys.r.status, show(noKeys.r)).toBe(3);
    expect(noKeys.r.stderr).toContain('no AWS credentials found');
    const noRegion = await check(['--live'], awsEnv(server.url, { AWS_REGION: undefined }));
    expect(noRegion.r.status, show(noRegion.r)).toBe(3);
    expect(noRegion.r.stderr).toContain('no AWS region given');
    expect(server.requests).toHaveLength(0);
  });

  it('batches at most 500 queries per call: 300 EC2 instances need 602 queries in two calls', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `i-${(0x1000_0000 + i).toString(16)}`);
    server = await startCloudWatchServer({ data: scenarioData({ ...HEALTHY, ec2Memory: 40 }) });
    const r = await runCliAsync(['check', '--live', '--ec2-instances', ids.join(','), '--alb', 'app/chat-alb/50dc6c495c0c9188', '--instance-type', 't3.large', '--format', 'json'], { env: awsEnv(server.url) });
    expect(server.requests.map((q) => q.body.MetricDataQueries.length)).toEqual([500, 102]);
    const json = JSON.parse(r.stdout);
    expect(json.source).toMatchObject({ calls: 2, metricsRequested: 602 });
    expect(json.items).toHaveLength(602);
    // Every instance's CPU: 30 requests/s → 10 msg/s × 30 ms = 0.3 vCPU over 300 × 2 vCPU = 0.05 % predicted, 12 % seen.
    const cpu = json.items.find((i: Item) => i.metric === 'CPUUtilization');
    expect(cpu.predicted).toBeCloseTo((100 * 0.3) / 600, 9);
    expect(cpu.status).toBe('drift');
    expect(r.status).toBe(1);
  });
});
