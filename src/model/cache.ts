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

/** Cheapest node type and shard count for the memory and connections; more shards always fit, so this never fails. */
export function chooseCache(
  aws: AwsSnapshot,
  allowed: readonly string[] | undefined,
  redisConnections: number,
  ctx: { profile: Profile; demand: Demand; target: number; multiAz: boolean; explain: boolean },
): CacheChoice {
  const required = cacheMemoryBytes(ctx.profile, ctx.demand);
  const usableShare = 1 - aws.elasticache.reservedMemoryPercent.value / 100;
  const maxClients = aws.elasticache.maxClientsPerNode.value;
  let best: { nodeType: string; node: CacheNode; usable: number; shards: number; nodes: number; micros: Micros } | undefined;
  for (const nodeType in aws.elasticache.nodes) {
    if (allowed && !allowed.includes(nodeType)) continue;
    const node = aws.elasticache.nodes[nodeType]!;
    const usable = node.memoryGiB * GIB * usableShare;
    const shards = Math.max(1, Math.ceil(required / (ctx.target * usable) - 1e-9), Math.ceil(redisConnections / (ctx.target * maxClients) - 1e-9));
    const nodes = ctx.multiAz ? shards * 2 : shards;
    const micros = monthlyMicrosFromHourly(node.usdPerHour) * nodes;
    if (!best || micros < best.micros) best = { nodeType, node, usable, shards, nodes, micros };
  }
  if (!best) throw new Error('no cache node types in the catalogue');
  // The limits of the choice only: more shards always fit, so nothing else needs them.
  const { nodeType, node, usable, shards, nodes, micros } = best;
  const constraints = [
    constraint(
      'cache.memory',
      required / 1e6,
      (usable * shards) / 1e6,
      'MB',
      ctx.target,
      ctx.explain
        ? `${q(ctx.demand.concurrentUsers)} connections × ${q(ctx.profile.redis.bytesPerConnection)} B + ${q(ctx.demand.liveRedisSessions)} sessions × (${q(ctx.profile.redis.bytesPerSession)} B + ${REDIS_KEY_OVERHEAD_BYTES} B key overhead) vs ${shards} × ${node.memoryGiB} GiB less ${aws.elasticache.reservedMemoryPercent.value} % reserved`
        : '',
    ),
    constraint('cache.connections', redisConnections, maxClients * shards, 'connections', ctx.target, ctx.explain ? `app instances × workers × ${ctx.profile.redis.poolSizePerWorker} vs maxclients ${maxClients} per node` : ''),
  ];
  return { nodeType, node, shards, nodes, constraints, micros };
}

export function cacheComponents(choice: CacheChoice, multiAz: boolean): Component[] {
  return [
    component('cache', multiAz ? 'ElastiCache Redis (replica per shard)' : 'ElastiCache Redis', choice.nodeType, choice.nodes, monthlyMicrosFromHourly(choice.node.usdPerHour), {
      memoryGiB: choice.node.memoryGiB,
      note: `${choice.shards} shard${choice.shards > 1 ? 's' : ''}`,
    }),
  ];
}
