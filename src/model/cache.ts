/** Redis tier (ElastiCache): memory after the reserved share, client connections, nodes and cost. */
import type { AwsSnapshot, CacheNode } from '../catalogue/schema.js';
import type { Profile } from '../profile/schema.js';
import { component } from './component.js';
import { constraint } from './constraint.js';
import { formatQuantity as q } from './quantity.js';
import { monthlyMicrosFromHourly, type Micros } from './money.js';
import type { Component, Constraint, Demand } from './types.js';

const GIB = 1024 ** 3;

/**
 * Redis's own bookkeeping per key with a TTL: a main-dict entry, the key object and SDS header, and an expires-dict
 * entry, about 24 + 16 + 16 + 24 bytes on 64-bit builds; rounded up to 96 to cover allocator padding.
 */
export const REDIS_KEY_OVERHEAD_BYTES = 96;

export interface CacheChoice {
  nodeType: string;
  node: CacheNode;
  /** Shards (primary nodes). */
  shards: number;
  /** Nodes billed: shards, doubled with a replica each under Multi-AZ. */
  nodes: number;
  constraints: Constraint[];
  micros: Micros;
}

export function cacheMemoryBytes(profile: Profile, demand: Demand): number {
  return demand.concurrentUsers * profile.redis.bytesPerConnection + demand.liveRedisSessions * (profile.redis.bytesPerSession + REDIS_KEY_OVERHEAD_BYTES);
}

type CacheContext = { profile: Profile; demand: Demand; target: number; multiAz: boolean; explain: boolean };

/** Cheapest node type and shard count for the memory and connections; more shards always fit, so this never fails. */
export function chooseCache(aws: AwsSnapshot, allowed: readonly string[] | undefined, redisConnections: number, ctx: CacheContext): CacheChoice {
  const required = cacheMemoryBytes(ctx.profile, ctx.demand);
  const usableShare = 1 - aws.elasticache.reservedMemoryPercent.value / 100;
  const maxClients = aws.elasticache.maxClientsPerNode.value;
  let nodeType: string | undefined;
  let micros = Number.POSITIVE_INFINITY;
  let shards = 0;
  for (const type in aws.elasticache.nodes) {
    if (allowed && !allowed.includes(type)) continue;
    const candidate = aws.elasticache.nodes[type]!;
    const candidateUsable = candidate.memoryGiB * GIB * usableShare;
    const candidateShards = Math.max(1, Math.ceil(required / (ctx.target * candidateUsable) - 1e-9), Math.ceil(redisConnections / (ctx.target * maxClients) - 1e-9));
    const candidateMicros = monthlyMicrosFromHourly(candidate.usdPerHour) * (ctx.multiAz ? candidateShards * 2 : candidateShards);
    if (nodeType === undefined || candidateMicros < micros) {
      nodeType = type;
      micros = candidateMicros;
      shards = candidateShards;
    }
  }
  if (nodeType === undefined) throw new Error('no cache node types in the catalogue');
  // The limits of the choice only: more shards always fit, so nothing else needs them.
  const node = aws.elasticache.nodes[nodeType]!;
  return { nodeType, node, shards, nodes: ctx.multiAz ? shards * 2 : shards, constraints: cacheConstraints(aws, node, shards, redisConnections, required, ctx), micros };
}

/** The same node type and shards at another load: the cost is unchanged, the limits are computed afresh. */
export function cacheAt(aws: AwsSnapshot, choice: CacheChoice, redisConnections: number, ctx: CacheContext): CacheChoice {
  return { ...choice, constraints: cacheConstraints(aws, choice.node, choice.shards, redisConnections, cacheMemoryBytes(ctx.profile, ctx.demand), ctx) };
}

function cacheConstraints(aws: AwsSnapshot, node: CacheNode, shards: number, redisConnections: number, requiredBytes: number, ctx: CacheContext): Constraint[] {
  const usable = node.memoryGiB * GIB * (1 - aws.elasticache.reservedMemoryPercent.value / 100);
  const maxClients = aws.elasticache.maxClientsPerNode.value;
  return [
    constraint(
      'cache.memory',
      requiredBytes / 1e6,
      (usable * shards) / 1e6,
      'MB',
      ctx.target,
      ctx.explain
        ? `${q(ctx.demand.concurrentUsers)} connections × ${q(ctx.profile.redis.bytesPerConnection)} B + ${q(ctx.demand.liveRedisSessions)} sessions × (${q(ctx.profile.redis.bytesPerSession)} B + ${REDIS_KEY_OVERHEAD_BYTES} B key overhead) vs ${shards} × ${node.memoryGiB} GiB less ${aws.elasticache.reservedMemoryPercent.value} % reserved`
        : '',
    ),
    constraint('cache.connections', redisConnections, maxClients * shards, 'connections', ctx.target, ctx.explain ? `app instances × workers × ${ctx.profile.redis.poolSizePerWorker} vs maxclients ${maxClients} per node` : ''),
  ];
}

export function cacheComponents(choice: CacheChoice, multiAz: boolean): Component[] {
  return [
    component('cache', multiAz ? 'ElastiCache Redis (replica per shard)' : 'ElastiCache Redis', choice.nodeType, choice.nodes, monthlyMicrosFromHourly(choice.node.usdPerHour), {
      memoryGiB: choice.node.memoryGiB,
      note: `${choice.shards} shard${choice.shards > 1 ? 's' : ''}`,
    }),
  ];
}
