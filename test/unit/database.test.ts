/**
 * Database tier: RDS for PostgreSQL max_connections, CPU, memory, Multi-AZ, RDS Proxy, read replicas, storage and cost.
 * Prices and formulas: shared/reference/aws-llm-facts.md, "RDS for PostgreSQL, Single-AZ".
 */
import { describe, expect, it } from 'vitest';
import type { RdsClass } from '../../src/catalogue/schema.js';
import {
  chooseDatabase,
  databaseComponents,
  databaseFloorMicros,
  databaseOptions,
  databaseConstraints,
  databaseMicros,
  estimatedMaxConnections,
  postgresMaxConnections,
  sustainedVcpu,
  type DatabaseContext,
} from '../../src/model/database.js';
import { computeDemand } from '../../src/model/demand.js';
import { monthlyMicrosFromHourly } from '../../src/model/money.js';
import type { ProfileInput } from '../../src/profile/schema.js';
import { profileOf, usEast1 } from '../helpers/model.js';

const GIB = 1024 ** 3;
const aws = () => usEast1().aws;

function cls(name: string): RdsClass {
  const c = aws().rds.postgres[name];
  if (!c) throw new Error(`no ${name} in the snapshot`);
  return c;
}

/** Classes cheapest first, as the planner passes them. */
function classes(): [string, RdsClass][] {
  return Object.entries(aws().rds.postgres).sort((a, b) => a[1].singleAzUsdPerHour - b[1].singleAzUsdPerHour);
}

const base: ProfileInput = {
  traffic: { peakConcurrentRatio: 0.1, secondsBetweenMessages: 30 },
  database: { queriesPerMessage: 6, queryMs: 4, readShare: 0.7, storageGB: 20, memoryPerConnectionMB: 5 },
};

function ctx(users: number, opts: { multiAz?: boolean; proxy?: boolean; profile?: ProfileInput } = {}): DatabaseContext {
  const profile = profileOf(opts.profile ?? base);
  return { profile, demand: computeDemand(profile, { users }), aws: aws(), target: 0.7, multiAz: opts.multiAz ?? false, proxy: opts.proxy ?? false, explain: true };
}

describe('postgresMaxConnections = LEAST(DBInstanceClassMemory / 9531392, 5000), truncated (RDS User Guide via aws-llm-facts.md)', () => {
  it.each([
    // [bytes, max_connections, hand calculation]
    [1 * GIB, 112, 'aws-llm-facts.md upper bound 1 GiB → 112: 1,073,741,824 / 9,531,392 = 112.65'],
    [2 * GIB, 225, 'aws-llm-facts.md upper bound 2 GiB → 225: 2,147,483,648 / 9,531,392 = 225.31'],
    [4 * GIB, 450, 'aws-llm-facts.md upper bound 4 GiB → 450: 4,294,967,296 / 9,531,392 = 450.61'],
    [8 * GIB, 901, 'aws-llm-facts.md upper bound 8 GiB → 901: 8,589,934,592 / 9,531,392 = 901.23'],
    [16 * GIB, 1802, '17,179,869,184 / 9,531,392 = 1802.45'],
    [9_531_392, 1, 'exactly one unit'],
    [9_531_391, 0, 'one byte short of one unit truncates to 0'],
    [9_531_392 * 5000, 5000, 'exactly at the cap'],
    [64 * GIB, 5000, '68,719,476,736 / 9,531,392 = 7209.8, capped at 5000'],
  ])('%i bytes → %i (%s)', (bytes, expected) => {
    expect(postgresMaxConnections(bytes)).toBe(expected);
  });
});

describe('estimated max_connections (88 % of nominal memory, the lowest observed share in aws-llm-facts.md)', () => {
  it.each([
    // [GiB, estimate, hand calculation]
    [1, 99, '0.88 × 1,073,741,824 = 944,892,805 / 9,531,392 = 99.13'],
    [2, 198, '1,889,785,610 / 9,531,392 = 198.27'],
    [4, 396, '3,779,571,220 / 9,531,392 = 396.54'],
    [8, 793, '7,559,142,441 / 9,531,392 = 793.08'],
    [64, 5000, 'capped'],
  ])('%i GiB → %i (%s)', (gib, expected) => {
    expect(estimatedMaxConnections(gib)).toBe(expected);
  });

  it.each([
    // [class, snapshot max_connections, nominal upper bound from aws-llm-facts.md]
    ['db.t3.micro', 99, 112],
    ['db.t4g.micro', 99, 112],
    ['db.t3.small', 198, 225],
    ['db.t4g.small', 198, 225],
    ['db.t3.medium', 396, 450],
    ['db.t4g.medium', 396, 450],
    ['db.t3.large', 793, 901],
    ['db.m5.large', 793, 901],
    ['db.m6g.large', 793, 901],
  ])('snapshot %s max_connections %i is below the bound %i and within the observed 88–95 %%', (name, expected, bound) => {
    const c = cls(name);
    expect(c.maxConnections).toBe(expected);
    expect(c.maxConnections).toBeLessThanOrEqual(bound);
    expect(c.maxConnections / bound).toBeGreaterThanOrEqual(0.875);
    // observed: db.m5.large 823 (aws-llm-facts.md) — the estimate stays conservative
    if (name === 'db.m5.large') expect(c.maxConnections).toBeLessThanOrEqual(823);
  });
});

describe('RDS prices (aws-llm-facts.md: db.t3.micro $0.018/h; Multi-AZ ≈ 2×; storage $0.115 per GB-month, Multi-AZ $0.23; Proxy $0.015 per vCPU-hour, min 2)', () => {
  it('db.t3.micro Single-AZ is $13.14/month (0.018 × 730)', () => {
    expect(monthlyMicrosFromHourly(cls('db.t3.micro').singleAzUsdPerHour)).toBe(13_140_000);
  });

  it.each([
    // [class, multiAz, proxy, replicas, storageGB, µ$/month, hand calculation]
    ['db.t3.micro', false, false, 0, 20, 15_440_000, '13.14 + 20 × 0.115 = 13.14 + 2.30 = $15.44'],
    ['db.t3.micro', true, false, 0, 20, 30_880_000, '0.036 × 730 = 26.28 + 20 × 0.23 = 4.60 → $30.88'],
    ['db.t3.micro', false, false, 0, 5, 15_440_000, 'storage below the 20 GB minimum is billed as 20 GB: $15.44'],
    ['db.t3.micro', false, false, 0, 100, 24_640_000, '13.14 + 100 × 0.115 = 13.14 + 11.50 = $24.64'],
    ['db.m5.large', false, true, 0, 20, 154_140_000, '0.178 × 730 = 129.94 + 2.30 + proxy 2 × 0.015 × 730 = 21.90 → $154.14'],
    ['db.m5.xlarge', false, true, 0, 20, 305_980_000, '0.356 × 730 = 259.88 + 2.30 + proxy 4 × 0.015 × 730 = 43.80 → $305.98'],
    ['db.m5.large', true, true, 2, 20, 550_860_000, 'Multi-AZ 0.356 × 730 = 259.88 + 2 replicas × 129.94 + storage 4.60 + 2 × 2.30 + proxy 21.90 → $550.86'],
  ])('%s multiAz=%s proxy=%s replicas=%i storage %i GB → %i µ$ (%s)', (name, multiAz, proxy, replicas, storageGB, micros) => {
    const c = ctx(1000, { multiAz, proxy, profile: { ...base, database: { ...base.database, storageGB } } });
    expect(databaseMicros(cls(name), replicas, c)).toBe(micros);
  });

  it('databaseComponents itemises the same $550.86: instance, replicas, proxy, storage', () => {
    const c = ctx(1000, { multiAz: true, proxy: true });
    const constraints = databaseConstraints('db.m5.large', cls('db.m5.large'), 2, 0, c);
    const components = databaseComponents({ className: 'db.m5.large', cls: cls('db.m5.large'), multiAz: true, proxy: true, replicas: 2, constraints, micros: 550_860_000 }, c);
    expect(components.map((x) => [x.role, x.count, x.monthlyMicros])).toEqual([
      ['database', 1, 259_880_000], // 0.356 × 730
      ['read-replica', 2, 259_880_000], // 2 × 0.178 × 730
      ['db-proxy', 1, 21_900_000], // max(2, 2 vCPU) × 0.015 × 730
      ['storage', 1, 9_200_000], // 20 × 0.23 + 2 × 20 × 0.115
    ]);
    expect(components[0]!.service).toBe('RDS PostgreSQL Multi-AZ');
    expect(components[2]!.type).toBe('2 vCPU');
  });
});

describe('sustainedVcpu: a burstable class sustains vCPU × baseline', () => {
  it.each([
    ['db.t3.micro', 0.2], // 2 × 10 %
    ['db.t3.small', 0.4], // 2 × 20 %
    ['db.t3.large', 0.6], // 2 × 30 %
    ['db.m5.large', 2], // not burstable
    ['db.m5.4xlarge', 16],
  ])('%s → %s vCPU', (name, vcpu) => {
    expect(sustainedVcpu(cls(name))).toBeCloseTo(vcpu, 12);
  });
});

describe('databaseConstraints', () => {
  it('without a proxy the database sees every pool: 240 connections on db.t3.medium (396) = 61 %', () => {
    // 1000 users: 3.333 msg/s × 6 × 0.004 s = 0.08 queries in flight
    const [connections, cpu, memory] = databaseConstraints('db.t3.medium', cls('db.t3.medium'), 0, 240, ctx(1000));
    expect(connections!).toMatchObject({ id: 'db.connections', required: 240, capacity: 396, ok: true });
    expect(connections!.utilization).toBeCloseTo(240 / 396, 12); // 0.606
    expect(cpu!.id).toBe('db.cpu');
    expect(cpu!.required).toBeCloseTo(0.08, 12);
    expect(cpu!.capacity).toBeCloseTo(0.4, 12); // 2 vCPU × 20 % baseline
    expect(cpu!.utilization).toBeCloseTo(0.2, 12);
    // shared_buffers 25 % of 4 GiB = 1073.741824 MB + 240 × 5 MB = 2273.741824 MB of 4294.967296 MB
    expect(memory!.id).toBe('db.memory');
    expect(memory!.required).toBeCloseTo(2273.741_824, 9);
    expect(memory!.capacity).toBeCloseTo(4294.967_296, 9);
    expect(memory!.utilization).toBeCloseTo(0.529_396, 5);
  });

  it('connections over max_connections are not ok: 400 on db.t3.medium = 101 %', () => {
    const [connections] = databaseConstraints('db.t3.medium', cls('db.t3.medium'), 0, 400, ctx(1000));
    // Utilisation is reported to 12 significant digits.
    expect(connections!.utilization).toBeCloseTo(400 / 396, 10);
    expect(connections!.ok).toBe(false);
  });

  it.each([
    // [class, replicas, primary load, connections, cpu utilisation, hand calculation]
    ['db.m5.large', 0, 8, 8, 4, '100 000 users: 333.33 msg/s × 6 × 0.004 = 8 in flight, all on the primary; 8 / 2 vCPU'],
    ['db.m5.large', 1, 5.2, 6, 2.6, 'writes 8 × 0.3 = 2.4 + reads 8 × 0.7 / 2 = 2.8 → 5.2; ⌈5.2⌉ = 6 connections'],
    ['db.m5.4xlarge', 15, 2.75, 3, 2.75 / 16, '2.4 + 5.6 / 16 = 2.75 on 16 vCPU'],
  ])('with RDS Proxy, %s + %i replicas: primary load %s, %i connections (%s)', (name, replicas, load, connections, cpuUtil) => {
    const [conn, cpu, memory] = databaseConstraints(name, cls(name), replicas, 999_999, ctx(100_000, { proxy: true }));
    expect(conn!.required).toBe(connections);
    expect(cpu!.required).toBeCloseTo(load, 9);
    expect(cpu!.utilization).toBeCloseTo(cpuUtil, 9);
    // memory: 25 % of the class + connections × 5 MB
    expect(memory!.required).toBeCloseTo((cls(name).memoryGiB * GIB * 0.25) / 1e6 + connections * 5, 6);
  });
});

describe('chooseDatabase: the cheapest class that keeps every limit under 70 %', () => {
  it.each([
    // [app connections, class, µ$, hand calculation]
    [60, 'db.t4g.micro', 13_980_000, '60 / 99 = 61 %, CPU 0.08 / (2 × 10 %) = 40 %, memory 268.4 + 60 × 5 = 568.4 of 1073.7 MB = 53 % → 0.016 × 730 = 11.68 + 2.30 = $13.98'],
    [240, 'db.t4g.medium', 49_750_000, '240 / 0.7 = 343 > 198, ≤ 396 → db.t4g.medium: 0.065 × 730 = 47.45 + 2.30 = $49.75'],
    [1000, 'db.m5.xlarge', 262_180_000, '1000 / 0.7 = 1428.6 > 793, ≤ 1586 → db.m5.xlarge: 0.356 × 730 = 259.88 + 2.30 = $262.18'],
  ])('%i app connections → %s', (appConnections, expected, micros) => {
    const { choice, feasible } = chooseDatabase(databaseOptions(classes(), [0, 0], ctx(1000)), appConnections, ctx(1000));
    expect(feasible).toBe(true);
    expect(choice.className).toBe(expected);
    expect(choice.micros).toBe(micros);
    expect(choice.constraints.every((c) => c.ok)).toBe(true);
  });

  it('10 000 connections fit nowhere: the closest is db.m5.4xlarge (5000 connections, 286 % of target) and infeasible', () => {
    const { choice, feasible } = chooseDatabase(databaseOptions(classes(), [0, 0], ctx(1000)), 10_000, ctx(1000));
    expect(feasible).toBe(false);
    expect(choice.className).toBe('db.m5.4xlarge');
    const conn = choice.constraints.find((c) => c.id === 'db.connections')!;
    expect(conn.utilization).toBe(2); // 10 000 / 5000
    expect(conn.ok).toBe(false);
  });

  it('replicas: 200 000 users put 16 queries in flight; db.m5.4xlarge + 1 replica carries 4.8 + 11.2/2 = 10.4 ≤ 0.7 × 16 for $2,258.84', () => {
    // cheaper classes cannot: db.m5.2xlarge needs 4.8 + 11.2/(r + 1) ≤ 5.6 → r ≥ 13 → 14 × $519.76 > $2,258.84
    // db.m5.4xlarge + 1 replica: 2 × 1.424 × 730 = 2079.04 + storage 2 × 2.30 + proxy 16 × 0.015 × 730 = 175.20 → $2,258.84
    const { choice, feasible } = chooseDatabase(databaseOptions(classes(), [1, 15], ctx(200_000, { proxy: true })), 0, ctx(200_000, { proxy: true }));
    expect(feasible).toBe(true);
    expect(choice.className).toBe('db.m5.4xlarge');
    expect(choice.replicas).toBe(1);
    expect(choice.micros).toBe(2_258_840_000);
  });
});

describe('databaseFloorMicros: the cheapest option that carries the primary\'s CPU, a floor under every option that fits', () => {
  it('replicas at 200 000 users: CPU binds, so the floor is the choice itself (db.m5.4xlarge + 1 replica, $2,258.84)', () => {
    // 16 vCPU of query CPU; with r replicas the primary carries 4.8 + 11.2 / (r + 1), at most 70 % of its vCPU:
    // r = 1 needs 14.9 vCPU (db.m5.4xlarge, 16), and every replica count that lets a smaller class carry it costs more.
    const c = ctx(200_000, { proxy: true });
    const options = databaseOptions(classes(), [1, 15], c);
    expect(databaseFloorMicros(options, c)).toBe(2_258_840_000);
    expect(chooseDatabase(options, 0, c).choice.micros).toBe(2_258_840_000);
  });

  // 40 loads from 500 to 2,000,000 users, each topology, a few pool sizes: whenever an option fits, the floor is at
  // most its cost; when the floor is infinite, nothing fits.
  const users = Array.from({ length: 40 }, (_, k) => Math.round(500 * 4000 ** (k / 39)));
  it.each([
    ['single-AZ, no replicas', [0, 0] as const, {}],
    ['Multi-AZ, no replicas', [0, 0] as const, { multiAz: true }],
    ['proxy', [0, 0] as const, { proxy: true }],
    ['proxy and replicas', [1, 15] as const, { proxy: true }],
  ])('%s: never above the cheapest option that fits', (_, replicaRange, opts) => {
    let binding = 0;
    for (const n of users) {
      const c = ctx(n, opts);
      const options = databaseOptions(classes(), replicaRange, c);
      const floor = databaseFloorMicros(options, c);
      for (const connections of [0, 40, 400, 4000]) {
        const { choice, feasible } = chooseDatabase(options, connections, c);
        if (feasible) expect(floor).toBeLessThanOrEqual(choice.micros);
        if (floor === Number.POSITIVE_INFINITY) expect(feasible).toBe(false);
        if (feasible && floor === choice.micros) binding++;
      }
    }
    // The floor is tight where CPU is what decides the class, as it is at the larger loads.
    expect(binding).toBeGreaterThan(0);
  });
});
