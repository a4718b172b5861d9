/**
 * Seed 004 "AI Video Generation Pipeline" (shared/seeds/004_92501288f8bb37ac.txt) against
 * profiles/video-pipeline.yaml. One "message" is one video generation job.
 *
 * Expected figures are hand calculations from the profile and the pricing snapshot
 * (pricing-snapshots/aws-us-east-1-2026-11-23.json, 730 hours a month). The document's totals leave out Replicate
 * ("Add Replicate API costs", L1060), and so does the profile (perRequestUsd 0).
 */
import { describe, expect, it } from 'vitest';
import { bundledProfile, plan, withOverrides, componentOf as component } from '../helpers/model.js';
import { HOURS, RDS_T4G_MICRO, CACHE_T4G_MICRO, FARGATE_VCPU, FARGATE_GB, ALB_HOUR, ALB_LCU_HOUR, EC2_T3_SMALL, RDS_T4G_SMALL } from '../helpers/published-prices.js';

const PROXY_2_VCPU = 2 * 0.015;
const GP3_20_GB = 20 * 0.115;

const CONCURRENT_SHARE = 0.2; // L8 "~5-10 concurrent users" of L1055 "10-50" users
const SECONDS_BETWEEN_JOBS = 300;
const CPU_SECONDS_PER_JOB = 20;
const GENERATION_SECONDS = 210; // L43 "Video generation (total): 2-5 minutes", midpoint

const video = bundledProfile('video-pipeline');

const fargateHalfVcpu1GB = (0.5 * FARGATE_VCPU + 1 * FARGATE_GB) * HOURS;
/** ALB hours plus LCUs; the largest LCU dimension is bytes: jobs/s × 3,600 × 500 KB per GB-hour. */
const alb = (users: number) => (ALB_HOUR + (((users * CONCURRENT_SHARE) / SECONDS_BETWEEN_JOBS) * 3600 * 500e3) / 1e9 * ALB_LCU_HOUR) * HOURS;

describe('seed 004: capacity planning by user count (L751-784, L1053-1058)', () => {
  it.each([
    {
      stage: 'MVP, 50 users with the MVP pool (L477 "SQLAlchemy connection pool (10 connections)")',
      users: 50,
      overrides: { database: { poolSizePerWorker: 10, maxOverflowPerWorker: 0 } },
      // The doc's MVP is one Fargate task (L32); the model's rds phase puts it on the nearest EC2 box, a t3.small.
      phase: 'rds',
      app: { type: 't3.small', count: 1 },
      database: 'db.t4g.micro',
      // Agrees on the data tier: db.t4g.micro (L33) and cache.t4g.micro (L34). Cost: $15.18 + $11.68 + 20 GB $2.30 +
      // $11.68 = $40.84, under the table's "$42-50" (L1055) but inside its own columns, 15-36 + 12 + 12 = $39-60.
      infra: (EC2_T3_SMALL + RDS_T4G_MICRO + CACHE_T4G_MICRO) * HOURS + GP3_20_GB,
      docRange: [39, 60],
    },
    {
      stage: '100 users (L753-760)',
      users: 100,
      overrides: {},
      // Disagrees on the app tier: the doc runs "2-3 tasks (1 vCPU, 2GB each)" behind an ALB; the model's one t3.small
      // still carries 20 concurrent users: 20 / 300 s × 20 s = 1.33 vCPU of its 2 (67 %).
      phase: 'rds',
      app: { type: 't3.small', count: 1 },
      // Agrees: db.t4g.small (L756). The scaled pool (L488-489, 20 + 40) gives 2 workers × 60 = 120 connections, over
      // 70 % of db.t4g.micro's 99.
      database: 'db.t4g.small',
      // $15.18 + $23.36 + $2.30 + $11.68 = $52.52 against "~$100-150".
      infra: (EC2_T3_SMALL + RDS_T4G_SMALL + CACHE_T4G_MICRO) * HOURS + GP3_20_GB,
      docRange: undefined,
    },
    {
      stage: '500 users (L763-771)',
      users: 500,
      overrides: {},
      // Agrees with the bottleneck table, "100-500 | Database connections" (L794), and the roadmap's "Implement
      // PgBouncer for connection pooling" (L948): the ecs phase fails on db.connections (see below), so RDS Proxy.
      phase: 'proxy',
      // 100 concurrent / 300 s × 20 s = 6.67 vCPU → 10 vCPU at 70 %: the low end of "5-10 tasks (2 vCPU, 4GB each)".
      app: { type: '0.5vCPU-1GB', count: 20 },
      database: 'db.t4g.micro',
      // Agrees: 20 × $18.02 + ALB $19.93 + db.t4g.micro $11.68 + proxy $21.90 + $2.30 + cache $11.68 = $427.89, inside
      // "~$400-600" (L771).
      infra: 20 * fargateHalfVcpu1GB + alb(500) + (RDS_T4G_MICRO + PROXY_2_VCPU + CACHE_T4G_MICRO) * HOURS + GP3_20_GB,
      docRange: [400, 600],
    },
    {
      stage: '1,000 users (L774-783)',
      users: 1000,
      overrides: {},
      phase: 'proxy',
      // 200 / 300 s × 20 s = 13.3 vCPU → 19.5 vCPU at 70 %, the low end of "10-20 tasks (2-4 vCPU, 4-8GB each)".
      app: { type: '0.5vCPU-1GB', count: 39 },
      database: 'db.t4g.micro',
      // Disagrees: $773.77 against "~$1000-2000" (L783); the doc adds replicas and a 3-node cache the load does not need.
      infra: 39 * fargateHalfVcpu1GB + alb(1000) + (RDS_T4G_MICRO + PROXY_2_VCPU + CACHE_T4G_MICRO) * HOURS + GP3_20_GB,
      docRange: undefined,
    },
  ])('$stage', ({ users, overrides, phase, app, database, infra, docRange }) => {
    const p = plan(withOverrides(video, overrides), { users });
    expect(p.phase.id).toBe(phase);
    const appComponent = component(p, 'app')!;
    expect({ type: appComponent.type, count: appComponent.count }).toEqual(app);
    expect(component(p, 'database')?.type).toBe(database);
    expect(p.totals.infraMonthlyUsd).toBeCloseTo(infra, 4);
    expect(p.totals.llmMonthlyUsd).toBe(0);
    if (docRange) {
      expect(p.totals.infraMonthlyUsd).toBeGreaterThanOrEqual(docRange[0]!);
      expect(p.totals.infraMonthlyUsd).toBeLessThanOrEqual(docRange[1]!);
    }
  });

  it('at 500 users the database connections rule out plain ECS (L794 "100-500 | Database connections")', () => {
    // Every vCPU runs a worker with the scaled pool of 20 + 40 (L488-489): 10 vCPU → 600 connections, over 70 % of
    // db.m6g.large's 793, the largest class of the doc's upgrade path (L341-345).
    const p = plan(video, { users: 500 });
    expect(p.rejected.find((r) => r.phase === 'ecs')).toMatchObject({ constraint: 'db.connections', required: 10 * 60, capacity: 793 });
  });

  it('the single box runs out of CPU after 105 users (L793 "50-100 | Single ECS task")', () => {
    // The t3.small's 2 vCPU at 70 % = 1.4 vCPU / 20 s a video = 0.07 videos/s × 300 s = 21 concurrent users / 0.2 =
    // 105 users at exactly 70 %. The first user count the box cannot carry is 106.
    const lastUsersOnOneBox = Math.round(((2 * 0.7) / CPU_SECONDS_PER_JOB) * SECONDS_BETWEEN_JOBS / CONCURRENT_SHARE);
    expect(lastUsersOnOneBox).toBe(105);
    // At 105 users the box is at 70 % exactly, which the target allows (utilisation ≤ targets.utilization).
    const atTheLimit = plan(video, { users: lastUsersOnOneBox });
    expect(atTheLimit.phase.id).toBe('rds');
    const p = plan(video);
    expect(p.nextBreakpoint).toEqual({ users: lastUsersOnOneBox + 1, phase: 'ecs', constraint: 'app.cpu' });
  });
});

describe('seed 004: traffic (L8, L43-48, L745-784)', () => {
  it.each([
    // Videos a month = users × 0.25 active × 1 video × 730 / 24 days.
    // Disagrees at the MVP: L8 "100 videos/month" at up to 50 users is 2 a user; the profile's 7.6 gives 380.
    { users: 50, doc: [100, 100], inside: false },
    { users: 100, doc: [500, 1000], inside: true }, // L761 "Videos/month: ~500-1000"
    { users: 500, doc: [2500, 5000], inside: true }, // L772 "~2500-5000"
    { users: 1000, doc: [5000, 10_000], inside: true }, // L784 "~5000-10000"
  ])('$users users make users × 7.6 videos a month (doc $doc)', ({ users, doc, inside }) => {
    const videos = plan(video, { users }).demand.monthlyMessages;
    expect(videos).toBeCloseTo(users * 0.25 * (HOURS / 24), 6);
    expect(videos >= doc[0]! && videos <= doc[1]!).toBe(inside);
  });

  it.each([
    // Little's law: generations in flight = users × 0.2 / 300 s × 210 s. The doc caps them at 5 (L48 "Concurrent video
    // generations: 5 (configurable)"), reached at 5 / 210 × 300 / 0.2 = 35.7 users: agrees that Replicate is the
    // first limit at 10-50 users (L792 "10-50 | Replicate API rate limits").
    { users: 10, inFlight: 1.4, overCap: false },
    { users: 35, inFlight: 4.9, overCap: false },
    { users: 50, inFlight: 7, overCap: true },
  ])('$users users keep $inFlight generations in flight', ({ users, inFlight, overCap }) => {
    const p = plan(video, { users });
    expect(p.demand.llmCallsInFlight).toBeCloseTo(((users * CONCURRENT_SHARE) / SECONDS_BETWEEN_JOBS) * GENERATION_SECONDS, 9);
    expect(p.demand.llmCallsInFlight).toBeCloseTo(inFlight, 9);
    expect(p.demand.llmCallsInFlight > 5).toBe(overCap);
  });
});
