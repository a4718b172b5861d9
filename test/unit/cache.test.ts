/**
 * Redis tier (ElastiCache). aws-llm-facts.md, "ElastiCache": cache.t3.micro 0.5 GiB $0.017/h, cache.t4g.micro 0.5 GiB
 * $0.016/h, cache.t4g.small 1.37 GiB $0.032/h; `reserved-memory-percent` default 25, so maxmemory = memory × 0.75
 * (cache.t3.micro: 402,653,184 bytes); `maxclients` 65,000 per node.
 */
import { describe, expect, it } from 'vitest';
import { cacheComponents, cacheMemoryBytes, chooseCache, REDIS_KEY_OVERHEAD_BYTES } from '../../src/model/cache.js';
import { computeDemand } from '../../src/model/demand.js';
import type { ProfileInput } from '../../src/profile/schema.js';
import { profileOf, usEast1 } from '../helpers/model.js';

const aws = () => usEast1().aws;

const base: ProfileInput = {
  traffic: { dailyActiveRatio: 0.3, peakConcurrentRatio: 0.1, sessionsPerActiveUserPerDay: 1.5, secondsBetweenMessages: 30 },
  redis: { bytesPerConnection: 1000, bytesPerSession: 2000, sessionTtlHours: 24, poolSizePerWorker: 10 },
};

function ctx(users: number, opts: { multiAz?: boolean; profile?: ProfileInput } = {}) {
  const profile = profileOf(opts.profile ?? base);
  return { profile, demand: computeDemand(profile, { users }), target: 0.7, multiAz: opts.multiAz ?? false, explain: true };
}

describe('snapshot facts', () => {
  it('reserved memory 25 % and maxclients 65,000 (aws-llm-facts.md [P])', () => {
    expect(aws().elasticache.reservedMemoryPercent.value).toBe(25);
    expect(aws().elasticache.maxClientsPerNode.value).toBe(65_000);
  });
});

describe('maxmemory = node memory × (1 − 25 %)', () => {
  it.each([
    // [node, usable bytes, hand calculation]
    ['cache.t3.micro', 402_653_184, 'aws-llm-facts.md: 0.5 GiB × 0.75 = 536,870,912 × 0.75 = 402,653,184 bytes'],
    ['cache.t4g.micro', 402_653_184, '0.5 GiB × 0.75'],
    ['cache.t3.small', 1_103_269_724.16, '1.37 × 1,073,741,824 × 0.75 = 1,103,269,724.16 bytes'],
  ])('%s: %s bytes (%s)', (node, bytes) => {
    const choice = chooseCache(aws(), [node], 40, ctx(100));
    const memory = choice.constraints.find((c) => c.id === 'cache.memory')!;
    expect(choice.shards).toBe(1);
    expect(memory.capacity * 1e6).toBeCloseTo(bytes, 3); // capacity is in MB (10⁶ bytes)
  });
});

describe('cacheMemoryBytes = C × bytesPerConnection + live sessions × (bytesPerSession + 96 B key overhead)', () => {
  it.each([
    // [users, profile changes, bytes, hand calculation]
    [1000, {}, 1_043_200, '100 × 1000 + 450 × (2000 + 96) = 100,000 + 943,200'],
    [100_000, {}, 104_320_000, '10 000 × 1000 + 45 000 × 2096 = 10,000,000 + 94,320,000'],
    [100_000, { bytesPerSession: 20_000 }, 914_320_000, '10 000 × 1000 + 45 000 × 20 096 = 10,000,000 + 904,320,000'],
    [1000, { sessionTtlHours: 1 }, 309_600, 'sessions max(100, 450 × 1/24 = 18.75) = 100: 100 × 1000 + 100 × 2096'],
  ])('%i users, %j → %i bytes (%s)', (users, redis, bytes, _how) => {
    const c = ctx(users, { profile: { ...base, redis: { ...base.redis, ...redis } } });
    expect(REDIS_KEY_OVERHEAD_BYTES).toBe(96);
    expect(cacheMemoryBytes(c.profile, c.demand)).toBeCloseTo(bytes, 3);
  });
});

describe('chooseCache', () => {
  it('small load: one cache.t4g.micro, the cheapest node ($0.016 × 730 = $11.68)', () => {
    const choice = chooseCache(aws(), undefined, 40, ctx(1000));
    expect(choice.nodeType).toBe('cache.t4g.micro');
    expect(choice.shards).toBe(1);
    expect(choice.nodes).toBe(1);
    expect(choice.micros).toBe(11_680_000);
    const memory = choice.constraints.find((c) => c.id === 'cache.memory')!;
    expect(memory.required).toBeCloseTo(1.0432, 9); // 1,043,200 B in MB
    expect(memory.utilization).toBeCloseTo(1_043_200 / 402_653_184, 12);
    const conn = choice.constraints.find((c) => c.id === 'cache.connections')!;
    expect(conn).toMatchObject({ required: 40, capacity: 65_000, ok: true });
  });

  it.each([
    // [multiAz, shards, nodes, µ$, hand calculation]
    [false, 4, 4, 49_640_000, '914,320,000 B / (0.7 × 402,653,184 = 281,857,228.8) = 3.24 → 4 shards × 0.017 × 730 = 4 × $12.41'],
    [true, 4, 8, 99_280_000, 'Multi-AZ: a replica per shard → 8 nodes × $12.41'],
  ])('cache.t3.micro only, 914 MB: multiAz %s → %i shards, %i nodes, %i µ$ (%s)', (multiAz, shards, nodes, micros) => {
    const c = ctx(100_000, { multiAz, profile: { ...base, redis: { ...base.redis, bytesPerSession: 20_000 } } });
    const choice = chooseCache(aws(), ['cache.t3.micro'], 400, c);
    expect(choice).toMatchObject({ nodeType: 'cache.t3.micro', shards, nodes, micros });
    const memory = choice.constraints.find((k) => k.id === 'cache.memory')!;
    expect(memory.capacity).toBeCloseTo((4 * 402_653_184) / 1e6, 9);
    expect(memory.utilization).toBeCloseTo(914_320_000 / (4 * 402_653_184), 12); // 0.5677
    expect(memory.ok).toBe(true);
  });

  it('914 MB over every node: the cheapest is $46.72 (4 × cache.t4g.micro $11.68 = 2 × cache.t4g.small $23.36)', () => {
    // cache.t4g.small: 1.37 GiB × 0.75 × 0.7 = 772.3 MB per shard → 2 shards × 0.032 × 730 = $46.72; a tie
    const c = ctx(100_000, { profile: { ...base, redis: { ...base.redis, bytesPerSession: 20_000 } } });
    const choice = chooseCache(aws(), undefined, 400, c);
    expect(choice.micros).toBe(46_720_000);
    expect(['cache.t4g.micro', 'cache.t4g.small']).toContain(choice.nodeType);
  });

  it('connections shard too: 200,000 clients / (0.7 × 65,000 = 45,500) = 4.4 → 5 shards', () => {
    const choice = chooseCache(aws(), ['cache.t3.micro'], 200_000, ctx(1000));
    expect(choice.shards).toBe(5);
    const conn = choice.constraints.find((c) => c.id === 'cache.connections')!;
    expect(conn.capacity).toBe(325_000);
    expect(conn.utilization).toBeCloseTo(200_000 / 325_000, 12);
    expect(choice.micros).toBe(62_050_000); // 5 × 0.017 × 730 = 5 × 12.41
  });
});

describe('cacheComponents', () => {
  it('names the replica-per-shard layout under Multi-AZ and bills every node', () => {
    const c = ctx(100_000, { multiAz: true, profile: { ...base, redis: { ...base.redis, bytesPerSession: 20_000 } } });
    const [component] = cacheComponents(chooseCache(aws(), ['cache.t3.micro'], 400, c), true);
    expect(component).toMatchObject({ role: 'cache', service: 'ElastiCache Redis (replica per shard)', type: 'cache.t3.micro', count: 8, monthlyMicros: 99_280_000, note: '4 shards' });
    expect(component!.unitMonthlyUsd).toBe(12.41);
  });
});
