/**
 * App tier: EC2 and Fargate options, workers, memory and CPU limits, the DB pool, surplus CPU credits and cost.
 * Prices: shared/reference/aws-llm-facts.md ("EC2", "ECS Fargate"); formulas: design §4 (app.memory, app.cpu).
 */
import { describe, expect, it } from 'vitest';
import { appComponents, ec2Options, fargateOptions, minimumCount, sizeApp, surplusCreditMicros, workersPerInstance, type AppOption } from '../../src/model/app.js';
import { computeDemand } from '../../src/model/demand.js';
import { monthlyMicrosFromHourly } from '../../src/model/money.js';
import type { ProfileInput } from '../../src/profile/schema.js';
import { profileOf, usEast1 } from '../helpers/model.js';

const aws = () => usEast1().aws;

function fargate(type: string): AppOption {
  const option = fargateOptions(aws()).find((o) => o.type === type);
  if (!option) throw new Error(`no Fargate size ${type}`);
  return option;
}

function ec2(type: string): AppOption {
  const option = ec2Options(aws(), undefined, false).find((o) => o.type === type);
  if (!option) throw new Error(`no EC2 type ${type}`);
  return option;
}

/** Defaults spelled out: 4 workers on 2 vCPU, 250 MB each, 300 MB reserved, 100 KB threads, 64 KB connections. */
const base: ProfileInput = {
  traffic: { dailyActiveRatio: 0.3, peakConcurrentRatio: 0.1, sessionsPerActiveUserPerDay: 1.5, messagesPerSession: 12, secondsBetweenMessages: 30 },
  conversation: { threadBytes: 100_000, retentionHours: 24 },
  app: { processBaseMB: 250, systemReservedMB: 300, workersPerVcpu: 2, cpuMsPerMessage: 30, connectionKB: 64 },
  database: { queriesPerMessage: 6, queryMs: 4, poolSizePerWorker: 5, maxOverflowPerWorker: 10 },
  redis: { poolSizePerWorker: 10 },
};

function ctx(users: number, overrides: { holdsAllThreads: boolean; hasDatabase: boolean; profile?: ProfileInput }) {
  const profile = profileOf(overrides.profile ?? base);
  return { profile, demand: computeDemand(profile, { users }), holdsAllThreads: overrides.holdsAllThreads, hasDatabase: overrides.hasDatabase, target: 0.7, explain: true };
}

describe('Fargate task prices (aws-llm-facts.md: x86 $0.04048 per vCPU-hour, $0.004445 per GB-hour, 730 h)', () => {
  it.each([
    // [task size, $/h, µ$/month, $/month, hand calculation]
    ['0.5vCPU-1GB', 0.024_685, 18_020_050, 18.02, '0.5 × 0.04048 + 1 × 0.004445 = 0.024685; × 730 = 18.02005 (seed 004: $18.02)'],
    ['1vCPU-2GB', 0.049_37, 36_040_100, 36.04, '0.04048 + 2 × 0.004445 = 0.04937; × 730 = 36.0401 (seed 004: $36.04)'],
    ['2vCPU-4GB', 0.098_74, 72_080_200, 72.08, '2 × 0.04048 + 4 × 0.004445 = 0.09874; × 730 = 72.0802 (seed 004: $72.08)'],
    ['0.25vCPU-0.5GB', 0.012_342_5, 9_010_025, 9.01, '0.25 × 0.04048 + 0.5 × 0.004445 = 0.0123425; × 730 = 9.010025'],
    ['4vCPU-8GB', 0.197_48, 144_160_400, 144.16, '4 × 0.04048 + 8 × 0.004445 = 0.19748; × 730 = 144.1604'],
  ])('%s: $%s/h, %i µ$/month = $%s (%s)', (type, usdPerHour, micros, usd) => {
    const option = fargate(type);
    expect(option.kind).toBe('fargate');
    expect(option.usdPerHour).toBeCloseTo(usdPerHour, 12);
    expect(monthlyMicrosFromHourly(option.usdPerHour)).toBe(micros);
    expect(Math.round(micros / 10_000) / 100).toBe(usd);
  });

  it('offers every valid task size (aws-llm-facts.md: 0.25 vCPU 0.5–2 GB … 16 vCPU 32–120 GB): 3 + 4 + 7 + 13 + 23 + 12 + 12 = 74 sizes', () => {
    const options = fargateOptions(aws());
    expect(options).toHaveLength(74);
    expect(options.map((o) => o.type)).toEqual(expect.arrayContaining(['0.25vCPU-0.5GB', '0.25vCPU-2GB', '16vCPU-120GB', '4vCPU-30GB']));
    expect(options.map((o) => o.type)).not.toContain('0.25vCPU-4GB');
  });

  it('three 0.5 vCPU + 1 GB tasks cost 3 × $18.02005 = $54.06015/month', () => {
    const sizing = sizeApp(fargate('0.5vCPU-1GB'), 3, ctx(1000, { holdsAllThreads: false, hasDatabase: true }));
    const profile = profileOf(base);
    const { components } = appComponents(sizing, { profile, demand: computeDemand(profile, { users: 1000 }), aws: aws() });
    expect(components).toHaveLength(1);
    expect(components[0]!).toMatchObject({ role: 'app', service: 'ECS Fargate', type: '0.5vCPU-1GB', count: 3, monthlyMicros: 54_060_150, vcpu: 0.5, memoryGiB: 1 });
  });
});

describe('EC2 options and prices (aws-llm-facts.md EC2 table)', () => {
  it.each([
    // [type, $/h, µ$/month, hand calculation]
    ['t3.micro', 0.0104, 7_592_000, '0.0104 × 730 = $7.592'],
    ['t3.small', 0.0208, 15_184_000, '0.0208 × 730 = $15.184 → $15.18/month'],
    ['t3.medium', 0.0416, 30_368_000, '0.0416 × 730 = $30.368'],
    ['t3.large', 0.0832, 60_736_000, '0.0832 × 730 = $60.736'],
    ['m5.large', 0.096, 70_080_000, '0.096 × 730 = $70.08'],
  ])('%s: $%s/h → %i µ$/month (%s)', (type, usdPerHour, micros) => {
    const option = ec2(type);
    expect(option.usdPerHour).toBe(usdPerHour);
    expect(monthlyMicrosFromHourly(option.usdPerHour)).toBe(micros);
  });

  it('one t3.small is $15.18/month as a plan component', () => {
    const sizing = sizeApp(ec2('t3.small'), 1, ctx(100, { holdsAllThreads: true, hasDatabase: false }));
    const profile = profileOf(base);
    const { components, warnings } = appComponents(sizing, { profile, demand: computeDemand(profile, { users: 100 }), aws: aws() });
    expect(components).toHaveLength(1);
    expect(components[0]!).toMatchObject({ service: 'EC2', type: 't3.small', count: 1, monthlyMicros: 15_184_000, monthlyUsd: 15.184 });
    expect(warnings).toEqual([]);
  });

  it('burstableOnly keeps the T family (aws-llm-facts.md: t3.* have baselines and credits; m5.large has none)', () => {
    const types = ec2Options(aws(), undefined, true).map((o) => o.type);
    expect(types).toEqual(expect.arrayContaining(['t3.micro', 't3.small', 't3.medium', 't3.large', 't3.xlarge']));
    expect(types.some((t) => t.startsWith('m5'))).toBe(false);
    expect(ec2('t3.small').burst).toEqual({ baselinePerVcpu: 0.2, creditsPerHour: 24 });
    expect(ec2('t3.micro').burst).toEqual({ baselinePerVcpu: 0.1, creditsPerHour: 12 });
  });

  it('an allow-list restricts the types', () => {
    expect(ec2Options(aws(), ['t3.small', 'm5.large'], false).map((o) => o.type).sort()).toEqual(['m5.large', 't3.small']);
    expect(ec2Options(aws(), ['t3.small', 'm5.large'], true).map((o) => o.type)).toEqual(['t3.small']);
  });
});

describe('workersPerInstance = max(1, round(vCPU × workersPerVcpu))', () => {
  it.each([
    [2, 2, 4],
    [0.25, 2, 1], // round(0.5) = 1
    [0.25, 1, 1], // round(0.25) = 0 → at least 1
    [1, 1.5, 2], // round(1.5) = 2
    [16, 2, 32],
    [4, 0.5, 2],
  ])('%s vCPU × %s per vCPU → %i workers', (vcpu, perVcpu, workers) => {
    expect(workersPerInstance(vcpu, profileOf({ app: { workersPerVcpu: perVcpu } }))).toBe(workers);
  });
});

describe('sizeApp at 1000 users (C = 100, λ = 3.333 msg/s)', () => {
  // t3.small: 2 vCPU → 4 workers; capacity 2 × 1,073,741,824 − 300,000,000 = 1,847,483,648 B = 1847.483648 MB.
  it('single instance holding every thread of the day: 4 × 250 MB + 450 × 100 KB + 100 × 64 KB = 1051.4 MB of 1847.48 MB', () => {
    const s = sizeApp(ec2('t3.small'), 1, ctx(1000, { holdsAllThreads: true, hasDatabase: false }));
    const [memory, cpu, ...rest] = s.constraints;
    expect(rest).toEqual([]); // no database, so no db.pool
    expect(memory!.id).toBe('app.memory');
    expect(memory!.required).toBeCloseTo(1051.4, 9);
    expect(memory!.capacity).toBeCloseTo(1847.483_648, 9);
    expect(memory!.utilization).toBeCloseTo(0.569_098_4, 6); // 1051.4 / 1847.483648 = 0.5690984
    expect(memory!.ok).toBe(true);
    expect(cpu!.id).toBe('app.cpu');
    expect(cpu!.required).toBeCloseTo(0.1, 12); // 3.333 msg/s × 30 ms
    expect(cpu!.capacity).toBe(2);
    expect(cpu!.utilization).toBeCloseTo(0.05, 12);
    expect(s.workersPerInstance).toBe(4);
    expect(s.threadsPerInstance).toBeCloseTo(450, 9);
    expect(s.dbConnections).toBe(60); // 1 × 4 × (5 + 10)
    expect(s.redisConnections).toBe(40); // 1 × 4 × 10
  });

  it('with a database only the 100 active threads are held: 1000 + 10 + 6.4 = 1016.4 MB; db.pool 0.08 of 60', () => {
    const s = sizeApp(ec2('t3.small'), 1, ctx(1000, { holdsAllThreads: false, hasDatabase: true }));
    const byId = Object.fromEntries(s.constraints.map((c) => [c.id, c]));
    expect(byId['app.memory']!.required).toBeCloseTo(1016.4, 9);
    expect(byId['db.pool']!.required).toBeCloseTo(0.08, 12); // 3.333 × 6 × 0.004 s
    expect(byId['db.pool']!.capacity).toBe(60);
    expect(byId['db.pool']!.utilization).toBeCloseTo(0.08 / 60, 12);
  });

  it('two instances split threads and connections: 2 × (1000 + 50 × 0.1 + 50 × 0.064) = 2016.4 MB of 3694.97 MB', () => {
    const s = sizeApp(ec2('t3.small'), 2, ctx(1000, { holdsAllThreads: false, hasDatabase: true }));
    const memory = s.constraints.find((c) => c.id === 'app.memory')!;
    expect(memory.required).toBeCloseTo(2016.4, 9);
    expect(memory.capacity).toBeCloseTo(3694.967_296, 9);
    expect(s.threadsPerInstance).toBeCloseTo(50, 9);
    expect(s.dbConnections).toBe(120);
  });

  it('memory over target is reported not ok: 1514 MB is 82 % of a t3.small', () => {
    // retention 24 h, 10 000 users: 4500 sessions/day held × 0.1 MB = 450 MB; 1000 connections × 0.064 = 64 MB
    // → 1000 + 450 + 64 = 1514 MB / 1847.48 = 0.8195 > 0.7
    const s = sizeApp(ec2('t3.small'), 1, ctx(10_000, { holdsAllThreads: true, hasDatabase: false }));
    const memory = s.constraints.find((c) => c.id === 'app.memory')!;
    expect(memory.required).toBeCloseTo(1514, 9);
    expect(memory.utilization).toBeCloseTo(0.819_49, 4);
    expect(memory.ok).toBe(false);
  });
});

describe('minimumCount: the fewest Fargate tasks that keep memory, CPU and the pool under 70 %', () => {
  // 0.5 vCPU-1 GB at 100 000 users: 1 worker; capacity 1,073,741,824 − 300,000,000 = 773,741,824 B;
  // spare at 70 % = 541,619,276.8 − 250,000,000 = 291,619,276.8 B. C = 10 000, λ = 333.33 msg/s.
  it.each([
    // [profile changes, minCount, tasks, hand calculation]
    [{}, 1, 29, 'CPU: 333.33 × 30 ms = 10 vCPU / (0.7 × 0.5) = 28.57 → 29 (memory needs ⌈1.64e9 / 291.6e6⌉ = 6)'],
    [{ app: { cpuMsPerMessage: 1 } }, 1, 6, 'memory: 10 000 × (100 KB + 64 KB) = 1.64e9 B / 291,619,276.8 = 5.62 → 6'],
    [{ app: { cpuMsPerMessage: 1 }, database: { queryMs: 100 } }, 1, 20, 'pool: 333.33 × 6 × 0.1 s = 200 in flight / (0.7 × 1 × 15) = 19.05 → 20'],
  ])('%j → %i tasks (%s)', (changes, minCount, tasks, _how) => {
    const p: ProfileInput = { ...base, app: { ...base.app, ...(changes as ProfileInput).app }, database: { ...base.database, ...(changes as ProfileInput).database } };
    const c = ctx(100_000, { holdsAllThreads: false, hasDatabase: true, profile: p });
    const count = minimumCount(fargate('0.5vCPU-1GB'), minCount, c);
    expect(count).toBe(tasks);
    // and one task fewer would not do
    expect(sizeApp(fargate('0.5vCPU-1GB'), tasks - 1, c).constraints.every((k) => k.ok)).toBe(false);
    expect(sizeApp(fargate('0.5vCPU-1GB'), tasks, c).constraints.every((k) => k.ok)).toBe(true);
  });

  it('minCount applies at low load (two tasks for high availability)', () => {
    expect(minimumCount(fargate('0.5vCPU-1GB'), 2, ctx(100, { holdsAllThreads: false, hasDatabase: true }))).toBe(2);
    expect(minimumCount(fargate('0.5vCPU-1GB'), 1, ctx(100, { holdsAllThreads: false, hasDatabase: true }))).toBe(1);
  });

  it('a task whose one worker alone passes 70 % can never fit: 0.25 vCPU-0.5 GB has 0.7 × (536,870,912 − 300e6) = 165.8 MB < 250 MB', () => {
    expect(minimumCount(fargate('0.25vCPU-0.5GB'), 1, ctx(100, { holdsAllThreads: false, hasDatabase: true }))).toBeUndefined();
  });

  it('no pool at all with queries in flight can never fit', () => {
    const p: ProfileInput = { ...base, database: { ...base.database, poolSizePerWorker: 0, maxOverflowPerWorker: 0 } };
    expect(minimumCount(fargate('1vCPU-2GB'), 1, ctx(1000, { holdsAllThreads: false, hasDatabase: true, profile: p }))).toBeUndefined();
  });
});

describe('T3 Unlimited surplus credits (aws-llm-facts.md: $0.05 per vCPU-hour; t3.small baseline 20 % per vCPU)', () => {
  // 10 000 users × 0.3 × 1.5 × 12 × 730/24 = 1,642,500 messages/month / 2,628,000 s = 0.625 msg/s on average.
  const heavy: ProfileInput = { ...base, app: { ...base.app, cpuMsPerMessage: 1000 } };

  it.each([
    // [type, count, µ$, vCPU-hours, hand calculation]
    ['t3.small', 1, 8_212_500, 164.25, '0.625 vCPU average − 0.2 × 2 baseline = 0.225 vCPU × 730 h = 164.25 vCPU-h × $0.05 = $8.2125'],
    ['t3.micro', 1, 15_512_500, 310.25, '0.625 − 0.1 × 2 = 0.425 × 730 = 310.25 vCPU-h × $0.05 = $15.5125'],
    ['t3.large', 1, 912_500, 18.25, '0.625 − 0.3 × 2 = 0.025 vCPU × 730 h = 18.25 vCPU-h × $0.05 = $0.9125'],
  ])('%s × %i: %i µ$ (%s)', (type, count, micros, vcpuHours) => {
    const profile = profileOf(heavy);
    const demand = computeDemand(profile, { users: 10_000 });
    expect(demand.averageMessagesPerSecond).toBeCloseTo(0.625, 12);
    const sizing = sizeApp(ec2(type), count, { profile, demand, holdsAllThreads: false, hasDatabase: true, target: 0.7, explain: false });
    const surplus = surplusCreditMicros(sizing, { profile, demand, aws: aws() });
    expect(surplus).toBeDefined();
    expect(surplus!.micros).toBe(micros);
    expect(surplus!.vcpuHours).toBeCloseTo(vcpuHours, 9);
  });

  it('appComponents adds the credits as a line and warns: t3.small averages 31 % CPU against a 20 % baseline', () => {
    const profile = profileOf(heavy);
    const demand = computeDemand(profile, { users: 10_000 });
    const sizing = sizeApp(ec2('t3.small'), 1, { profile, demand, holdsAllThreads: false, hasDatabase: true, target: 0.7, explain: false });
    const { components, warnings } = appComponents(sizing, { profile, demand, aws: aws() });
    expect(components.map((c) => [c.service, c.monthlyMicros])).toEqual([
      ['EC2', 15_184_000],
      ['EC2 CPU credits', 8_212_500],
    ]);
    // averageShare 0.625 / 2 = 0.3125 → 31 %
    expect(warnings).toEqual(['t3.small averages 31 % CPU against a 20 % baseline: surplus credits add $8.21/month']);
  });

  it.each([
    ['t3.small', 1, 30, 'cpu 30 ms: 0.625 × 0.03 = 0.019 vCPU < 0.4 baseline'],
    ['t3.small', 2, 1000, 'two instances: 0.3125 vCPU each < 0.4 baseline'],
    ['m5.large', 1, 1000, 'not burstable'],
  ])('no surplus for %s × %i at %s ms/message (%s)', (type, count, cpuMs) => {
    const profile = profileOf({ ...base, app: { ...base.app, cpuMsPerMessage: cpuMs } });
    const demand = computeDemand(profile, { users: 10_000 });
    const sizing = sizeApp(ec2(type), count, { profile, demand, holdsAllThreads: false, hasDatabase: true, target: 0.7, explain: false });
    expect(surplusCreditMicros(sizing, { profile, demand, aws: aws() })).toBeUndefined();
  });
});
