/**
 * Metric values for the check tests, and what the model predicts for test/check/fixtures/chat.yaml at that load,
 * worked out by hand from the model's formulas (design §4; src/model/demand.ts, app.ts, cache.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../../src/catalogue/load.js';
import type { Catalogue } from '../../src/catalogue/schema.js';
import { parseProfile } from '../../src/profile/load.js';
import type { Deployment, Profile } from '../../src/profile/schema.js';
import { ROOT, tmpDir } from '../helpers/cli.js';
import type { DataFn, QueryBody } from './cloudwatch-server.js';

export const CHAT_PROFILE = join(ROOT, 'test', 'check', 'fixtures', 'chat.yaml');

export interface Observed {
  requestsPerSecond: number;
  clientConnections: number;
  tasks: number | undefined;
  ecsCpu: number;
  ecsMemory: number;
  dbConnections: number;
  dbCpu: number;
  cacheMemory: number;
  cacheConnections: number;
  cacheCpu: number;
  ec2Cpu: number;
  ec2Memory: number | undefined;
}

/** A healthy day: 30 requests/s from 300 client connections on 2 tasks, every metric near the model. */
export const HEALTHY: Observed = {
  requestsPerSecond: 30,
  clientConnections: 300,
  tasks: 2,
  ecsCpu: 16,
  ecsMemory: 25,
  dbConnections: 40,
  dbCpu: 20,
  cacheMemory: 0.3,
  cacheConnections: 30,
  cacheCpu: 5,
  ec2Cpu: 12,
  ec2Memory: undefined,
};

/**
 * The model at 30 requests/s and 300 connections (chat.yaml):
 * - messages/s λ = 30 / 3 requests per message = 10; concurrent users C = 300, users = 300 / 0.1 = 3,000.
 * - ALB requests predicted at 300 connections with the profile's 30 s think time: 300 / 30 × 3 = 30 requests/s.
 * - app memory per task (1vCPU-2GB, 2 workers, 2 tasks, state in the database so only the 300 active threads):
 *   2 × 250 MB + 150 threads × 100 KB + 150 connections × 64 KB = 500 + 15 + 9.6 = 524.6 MB of 2 GiB.
 * - app CPU: 10 msg/s × 30 ms = 0.3 vCPU of 2 × 1 vCPU = 15 %.
 * - DB connections ceiling: 2 tasks × 2 workers × (5 pool + 10 overflow) = 60; db.t4g.medium max_connections 396
 *   (pricing-snapshots/aws-us-east-1-2026-11-23.json).
 * - Redis: live sessions max(300, 3,000 × 0.3 × 1.5 sessions/day × 24 h / 24 h) = 1,350;
 *   300 × 1,000 B + 1,350 × (2,000 B + 96 B key overhead) = 3,129,600 B of maxmemory
 *   1.37 GiB × 75 % (cache.t4g.small less 25 % reserved memory). Redis connections ceiling 2 × 2 × 10 = 40.
 */
export const PREDICTED = {
  requestsPerSecond: 30,
  messagesPerSecond: 10,
  memoryPct: (100 * 524.6e6) / 2 ** 31,
  cpuPct: 15,
  dbConnections: 60,
  maxConnections: 396,
  cachePct: (100 * 3_129_600) / (1.37 * 2 ** 30 * 0.75),
  cacheConnections: 40,
};

/** Values per period for each metric the check asks for; `override` replaces any of them. */
export function scenarioData(o: Observed, override?: (q: QueryBody, t: number, request: { StartTime: number; EndTime: number }) => number | undefined | null): DataFn {
  return (q, t, request) => {
    const custom = override?.(q, t, request);
    if (custom !== undefined) return custom === null ? undefined : custom;
    const { Namespace, MetricName } = q.MetricStat.Metric;
    const period = q.MetricStat.Period;
    switch (`${Namespace} ${MetricName}`) {
      case 'AWS/ApplicationELB RequestCount':
        return o.requestsPerSecond * period;
      case 'AWS/ApplicationELB ActiveConnectionCount':
        // One-minute sums of client-side plus target-side connections, summed over the period.
        return 2 * o.clientConnections * (period / 60);
      case 'ECS/ContainerInsights RunningTaskCount':
        return o.tasks;
      case 'AWS/ECS CPUUtilization':
        return o.ecsCpu;
      case 'AWS/ECS MemoryUtilization':
        return o.ecsMemory;
      case 'AWS/RDS DatabaseConnections':
        return o.dbConnections;
      case 'AWS/RDS CPUUtilization':
        return o.dbCpu;
      case 'AWS/ElastiCache DatabaseMemoryUsagePercentage':
        return o.cacheMemory;
      case 'AWS/ElastiCache CurrConnections':
        return o.cacheConnections;
      case 'AWS/ElastiCache EngineCPUUtilization':
        return o.cacheCpu;
      case 'AWS/EC2 CPUUtilization':
        return o.ec2Cpu;
      case 'CWAgent mem_used_percent':
        return o.ec2Memory;
      default:
        return undefined;
    }
  };
}

/** Environment for the CLI against a local server: dummy credentials, a region, empty config files, no metadata. */
export function awsEnv(url: string | undefined, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const dir = mkdtempSync(join(tmpDir(), 'awscfg-'));
  writeFileSync(join(dir, 'config'), '');
  writeFileSync(join(dir, 'credentials'), '');
  return {
    AWS_ACCESS_KEY_ID: 'AKIDTESTTESTTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    AWS_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '3',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    ...(url ? { AWS_ENDPOINT_URL_CLOUDWATCH: url } : {}),
    ...extra,
  };
}

let catalogue: Catalogue | undefined;
/** The bundled us-east-1 catalogue, for in-process tests. */
export function usEast1(): Catalogue {
  catalogue ??= loadCatalogue('us-east-1');
  return catalogue;
}

/** test/check/fixtures/chat.yaml, parsed, with its deployment optionally replaced. */
export function chatProfile(deployment?: Deployment): Profile {
  const profile = parseProfile(readFileSync(CHAT_PROFILE, 'utf8'), CHAT_PROFILE);
  return deployment ? { ...profile, deployment } : profile;
}
