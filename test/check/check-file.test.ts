/**
 * `capacity check --metrics FILE`: the verdicts of a live run, from the response `--save` wrote or from what
 * `aws cloudwatch get-metric-data` prints, for CI jobs without AWS credentials. Also `--print-queries` and bad input.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync, tmpDir, tmpFile } from '../helpers/cli.js';
import { expectUsageError, show } from '../e2e/expect-cli.js';
import { startCloudWatchServer, type CloudWatchServer } from './cloudwatch-server.js';
import { awsEnv, CHAT_PROFILE, HEALTHY, PREDICTED, scenarioData } from './scenario.js';

let server: CloudWatchServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const base = ['check', '--profile', CHAT_PROFILE, '--format', 'json'];

/** A live run that drifts (memory twice the model) and breaches (DB connections at 95 %), saved to a file. */
async function savedRun(): Promise<{ file: string; live: { status: number; json: any } }> {
  server = await startCloudWatchServer({ data: scenarioData({ ...HEALTHY, ecsMemory: 2 * PREDICTED.memoryPct, dbConnections: 376 }) });
  const file = join(mkdtempSync(join(tmpDir(), 'save-')), 'metrics.json');
  const r = await runCliAsync([...base, '--live', '--save', file], { env: awsEnv(server.url) });
  expect(r.stderr, show(r)).toContain(`wrote ${file}`);
  return { file, live: { status: r.status, json: JSON.parse(r.stdout) } };
}

describe('capacity check --metrics', () => {
  it('--save then --metrics gives the live run\'s verdicts, without credentials or network', async () => {
    const { file, live } = await savedRun();
    expect(live.status).toBe(1);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    // The AWS CLI's shape (ISO timestamps), plus the window and queries it was fetched with.
    expect(saved.MetricDataResults).toHaveLength(10);
    expect(saved.MetricDataResults[0].Timestamps[0]).toBe(live.json.window.start);
    expect(saved.capacity).toMatchObject({ kind: 'capacity-check-metrics', window: live.json.window, calls: 1, metricsRequested: 10 });

    const offline = await runCliAsync([...base, '--metrics', file], { env: { AWS_ACCESS_KEY_ID: undefined, AWS_REGION: undefined, AWS_ENDPOINT_URL_CLOUDWATCH: 'http://127.0.0.1:9' } });
    expect(offline.status, show(offline)).toBe(1);
    const json = JSON.parse(offline.stdout);
    expect(json.source).toEqual({ mode: 'file', file });
    expect(json.items).toEqual(live.json.items);
    expect(json.window).toEqual(live.json.window);
    expect(json.load).toEqual(live.json.load);
    expect(json.verdict).toBe(live.json.verdict);
    expect(json.items.map((i: { status: string }) => i.status)).toEqual(['ok', 'ok', 'ok', 'drift', 'ok', 'breach', 'ok', 'ok', 'ok', 'ok']);
  });

  it('reads the AWS CLI\'s output (no capacity metadata, pages concatenated): same verdicts, window from the timestamps', async () => {
    const { file, live } = await savedRun();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    // `aws cloudwatch get-metric-data` concatenates pages, so one Id can appear twice; split each result in two.
    const MetricDataResults = saved.MetricDataResults.flatMap((r: { Timestamps: string[]; Values: number[] }) => [
      { ...r, Timestamps: r.Timestamps.slice(0, 700), Values: r.Values.slice(0, 700), StatusCode: 'PartialData' },
      { ...r, Timestamps: r.Timestamps.slice(700), Values: r.Values.slice(700) },
    ]);
    const cliFile = tmpFile('cli.json', JSON.stringify({ MetricDataResults, Messages: [] }));
    const r = await runCliAsync([...base, '--metrics', cliFile]);
    expect(r.status, show(r)).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.items).toEqual(live.json.items);
    expect(json.window).toEqual(live.json.window);
    expect(json.notes.join('\n')).toContain('has no capacity metadata');
  });

  it('a saved file must match the deployment being checked', async () => {
    const { file } = await savedRun();
    const r = await runCliAsync([...base, '--metrics', file, '--rds', 'other-db']);
    expectUsageError(r);
    expect(r.stderr).toContain('was fetched for a different deployment');
    expect(r.stderr).toContain('db_connections (AWS/RDS DatabaseConnections DBInstanceIdentifier=other-db)');
  });

  it('an invalid metrics file names the field; a missing one names the file', async () => {
    const bad = tmpFile('bad.json', JSON.stringify({ MetricDataResults: [{ Id: 'app_cpu', Timestamps: ['2026-11-20T00:00:00Z'], Values: ['high'] }] }));
    const r = await runCliAsync([...base, '--metrics', bad]);
    expectUsageError(r);
    expect(r.stderr).toContain(`invalid metrics file ${bad}`);
    expect(r.stderr).toContain('MetricDataResults.0.Values.0');
    const missing = await runCliAsync([...base, '--metrics', '/no/such/metrics.json']);
    expectUsageError(missing);
    expect(missing.stderr).toContain('cannot read metrics file /no/such/metrics.json: no such file');
  });

  it('an empty response is no-data everywhere, except ALB counts, which AWS documents as zero when absent', async () => {
    const empty = tmpFile('empty.json', JSON.stringify({ MetricDataResults: [], Messages: [] }));
    const r = await runCliAsync([...base, '--metrics', empty]);
    expect(r.status, show(r)).toBe(0);
    const json = JSON.parse(r.stdout);
    const statuses = Object.fromEntries(json.items.map((i: { metric: string; resource: string; status: string; observed: number | null }) => [`${i.resource.split(' ')[0]} ${i.metric}`, [i.status, i.observed]]));
    expect(statuses['alb RequestCount']).toEqual(['ok', 0]);
    expect(statuses['alb ActiveConnectionCount']).toEqual(['ok', 0]);
    expect(statuses['ecs MemoryUtilization']).toEqual(['no-data', null]);
    expect(statuses['rds DatabaseConnections']).toEqual(['no-data', null]);
    expect(statuses['redis DatabaseMemoryUsagePercentage']).toEqual(['no-data', null]);
  });
});

describe('capacity check: queries and input errors', () => {
  it('--print-queries prints the GetMetricData input for `aws cloudwatch get-metric-data --cli-input-json`', async () => {
    const r = await runCliAsync(['check', '--print-queries', '--profile', CHAT_PROFILE, '--since', '90d']);
    expect(r.status, show(r)).toBe(0);
    const input = JSON.parse(r.stdout);
    // 90 days: past 63 days the period must be a multiple of 3600 s; 90 d / 1,440 points = 5,400 s → 10,800 s.
    expect(input.MetricDataQueries).toHaveLength(10);
    expect(input.MetricDataQueries[0]).toEqual({
      Id: 'alb_requests',
      MetricStat: {
        Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'TargetGroup', Value: 'targetgroup/chat-api/73e2d6bc24d8a067' }, { Name: 'LoadBalancer', Value: 'app/chat-alb/50dc6c495c0c9188' }] },
        Period: 10_800,
        Stat: 'Sum',
      },
    });
    expect((Date.parse(input.EndTime) - Date.parse(input.StartTime)) / 1000).toBe(90 * 86_400);
  });

  it.each([
    [['--live', '--metrics', 'x.json'], 'give one of --live, --metrics FILE or --print-queries'],
    [[], 'give one of --live, --metrics FILE or --print-queries'],
    [['--metrics', 'x.json', '--save', 'y.json'], '--save works with --live only'],
    [['--live', '--since', 'fortnight'], '--since: expected a duration from 1m to 455d'],
    [['--live', '--since', '500d'], '--since: expected a duration from 1m to 455d'],
    [['--live', '--tolerance', '-1'], 'expected a positive number'],
    [['--live', '--alb', 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1'], '--alb: expected app/<name>/<id>'],
    [['--live', '--db-class', 'db.z9.huge'], '--db-class: unknown RDS instance class "db.z9.huge"'],
    [['--live', '--max-connections', '2.5'], "option '--max-connections <n>' argument '2.5' is invalid. expected a positive whole number"],
  ])('check %j is a usage error: %s', async (args, message) => {
    const r = await runCliAsync(['check', '--profile', CHAT_PROFILE, ...args]);
    expect(r.status, show(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('a profile without a deployment has nothing to check', async () => {
    const r = await runCliAsync(['check', '--live']);
    expectUsageError(r);
    expect(r.stderr).toContain('nothing to check');
    expect(r.stderr).toContain('names no live resources');
  });

  it('an invalid deployment in the profile names the field and its line', async () => {
    const text = readFileSync(CHAT_PROFILE, 'utf8').replace('loadBalancer: app/chat-alb/50dc6c495c0c9188', 'loadBalancer: chat-alb');
    const file = tmpFile('bad-deployment.yaml', text);
    const line = text.split('\n').findIndex((l) => l.includes('loadBalancer: chat-alb')) + 1;
    const r = await runCliAsync(['check', '--live', '--profile', file]);
    expectUsageError(r);
    expect(r.stderr).toMatch(new RegExp(`${line}:\\d+: deployment\\.alb\\.loadBalancer: expected app/<name>/<id>`));
  });
});
