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

/** The node types a profile allows, in catalogue order, with what the choice reads of each. */
interface NodeList {
  allowed: readonly string[] | undefined;
  types: string[];
  nodes: CacheNode[];
  usableBytes: Float64Array;
  unitMicros: Float64Array;
}

// The last list of each catalogue, checked by the identity of the allow-list (never edited in place): every sampled
// or swept plan chooses a cache, and they share one catalogue.
const nodeLists = new WeakMap<AwsSnapshot, NodeList>();

function nodeList(aws: AwsSnapshot, allowed: readonly string[] | undefined): NodeList {
  const last = nodeLists.get(aws);
  if (last && last.allowed === allowed) return last;
  const list = buildNodeList(aws, allowed);
  nodeLists.set(aws, list);
  return list;
}

// Built rarely, so kept apart from the lookup above (see buildPhaseInputs in candidates.ts).
function buildNodeList(aws: AwsSnapshot, allowed: readonly string[] | undefined): NodeList {
  const types = Object.keys(aws.elasticache.nodes).filter((type) => !allowed || allowed.includes(type));
  const nodes = types.map((type) => aws.elasticache.nodes[type]!);
  return { allowed, types, nodes, usableBytes: Float64Array.from(nodes, (n) => usableBytesOf(aws, n)), unitMicros: Float64Array.from(nodes, (n) => monthlyMicrosFromHourly(n.usdPerHour)) };
}

/** A node's memory less the share ElastiCache reserves for itself. */
export function usableBytesOf(aws: AwsSnapshot, node: CacheNode): number {
  return node.memoryGiB * GIB * (1 - aws.elasticache.reservedMemoryPercent.value / 100);
}

/** The least one node of an allowed type costs (0 when none is allowed: the choice then fails on its own). */
export function cheapestNodeMicros(aws: AwsSnapshot, allowed: readonly string[] | undefined): Micros {
  const { unitMicros } = nodeList(aws, allowed);
  return unitMicros.length > 0 ? Math.min(...unitMicros) : 0;
}

/** Cheapest node type and shard count for the memory and connections; more shards always fit, so this never fails. */
export function chooseCache(aws: AwsSnapshot, allowed: readonly string[] | undefined, redisConnections: number, ctx: CacheContext): CacheChoice {
  const required = cacheMemoryBytes(ctx.profile, ctx.demand);
  const maxClients = aws.elasticache.maxClientsPerNode.value;
  const { types, nodes, usableBytes, unitMicros } = nodeList(aws, allowed);
  // The connections' shard count does not depend on the node type.
  const connectionShards = Math.ceil(redisConnections / (ctx.target * maxClients) - 1e-9);
  let chosen = -1;
  let micros = Number.POSITIVE_INFINITY;
  let shards = 0;
  for (let i = 0; i < nodes.length; i++) {
    const candidateShards = Math.max(1, Math.ceil(required / (ctx.target * usableBytes[i]!) - 1e-9), connectionShards);
    const candidateMicros = unitMicros[i]! * (ctx.multiAz ? candidateShards * 2 : candidateShards);
    if (chosen === -1 || candidateMicros < micros) {
      chosen = i;
      micros = candidateMicros;
      shards = candidateShards;
    }
  }
  if (chosen === -1) throw new Error('no cache node types in the catalogue');
  // The limits of the choice only: more shards always fit, so nothing else needs them.
  const node = nodes[chosen]!;
  return { nodeType: types[chosen]!, node, shards, nodes: ctx.multiAz ? shards * 2 : shards, constraints: cacheConstraints(aws, node, shards, redisConnections, required, ctx), micros };
}

/** The same node type and shards at another load: the cost is unchanged, the limits are computed afresh. */
export function cacheAt(aws: AwsSnapshot, choice: CacheChoice, redisConnections: number, ctx: CacheContext): CacheChoice {
  return { ...choice, constraints: cacheConstraints(aws, choice.node, choice.shards, redisConnections, cacheMemoryBytes(ctx.profile, ctx.demand), ctx) };
}

function cacheConstraints(aws: AwsSnapshot, node: CacheNode, shards: number, redisConnections: number, requiredBytes: number, ctx: CacheContext): Constraint[] {
  const usable = usableBytesOf(aws, node);
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
