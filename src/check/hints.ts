/**
 * What a drifted observation says about the profile: the value of the profile field that, with everything else as
 * profiled, would make the model predict what was observed.
 */
import { REDIS_KEY_OVERHEAD_BYTES } from '../model/cache.js';
import { formatQuantity as q } from '../model/quantity.js';
import type { ModelAtLoad } from './model-at-load.js';
import type { MetricSpec } from './types.js';

const MB = 1e6;
const KB = 1e3;

export function impliedValueHint(spec: MetricSpec, observed: number, predicted: number, model: ModelAtLoad): string {
  const generic = `observed ${q(observed)} ${spec.unit} is ${q(observed / predicted)} × the model's ${q(predicted)}`;
  const p = model.profile;
  const app = model.app;
  const connections = model.concurrentUsers ?? 0;
  const lambda = model.messagesPerSecond ?? 0;
  switch (spec.role) {
    case 'alb.requests': {
      if (observed <= 0) return `no requests observed; the model expects ${q(predicted)} requests/s at ${q(connections)} connections`;
      const implied = (connections * p.app.requestsPerMessage) / observed;
      return `observed ${q(observed)} requests/s over ${q(connections)} connections imply traffic.secondsBetweenMessages ≈ ${q(implied)} s (profile: ${q(model.thinkSeconds)} s) at ${q(p.app.requestsPerMessage)} app.requestsPerMessage`;
    }
    case 'app.memory': {
      if (!app) return generic;
      const usedBytes = (observed / 100) * app.memoryBytes - app.outsideBytes;
      const workers = app.sizing.workersPerInstance;
      const threads = app.sizing.threadsPerInstance;
      const connectionBytes = (connections / app.count) * p.app.connectionKB * KB;
      const per = app.kind === 'ecs' ? 'task' : 'instance';
      const parts: string[] = [];
      if (threads > 0) {
        const threadBytes = (usedBytes - workers * p.app.processBaseMB * MB - connectionBytes) / threads;
        if (threadBytes > 0) parts.push(`conversation.threadBytes ≈ ${q(threadBytes / KB)} KB (profile: ${q(p.conversation.threadBytes / KB)} KB) at ${q(threads)} threads per ${per}`);
      }
      const baseMB = (usedBytes - threads * p.conversation.threadBytes - connectionBytes) / workers / MB;
      if (baseMB > 0) parts.push(`app.processBaseMB ≈ ${q(baseMB)} MB (profile: ${q(p.app.processBaseMB)} MB) with ${q(workers)} workers per ${per}`);
      return parts.length > 0 ? `observed memory implies ${parts.join(', or ')}` : `observed memory is below what ${q(workers)} idle workers need (app.processBaseMB ${q(p.app.processBaseMB)} MB)`;
    }
    case 'app.cpu': {
      if (!app) return generic;
      if (lambda <= 0) return `${q(observed)} % CPU with no messages observed: CPU is spent outside message handling`;
      const cpuMs = ((observed / 100) * app.count * app.option.vcpu * 1000) / lambda;
      return `observed CPU implies app.cpuMsPerMessage ≈ ${q(cpuMs)} ms (profile: ${q(p.app.cpuMsPerMessage)} ms) at ${q(lambda)} messages/s on ${app.count} × ${app.option.vcpu} vCPU`;
    }
    case 'db.connections':
    case 'proxy.clients': {
      if (!app) return generic;
      const workers = app.count * app.sizing.workersPerInstance;
      const allowed = p.database.poolSizePerWorker + p.database.maxOverflowPerWorker;
      return `${q(observed)} connections from ${app.count} × ${app.sizing.workersPerInstance} workers is ${q(observed / workers)} per worker, above database.poolSizePerWorker + database.maxOverflowPerWorker = ${allowed}: the pools are larger than profiled, or other clients connect`;
    }
    case 'cache.connections': {
      if (!app) return generic;
      const workers = app.count * app.sizing.workersPerInstance;
      return `${q(observed)} connections from ${app.count} × ${app.sizing.workersPerInstance} workers is ${q(observed / workers)} per worker, above redis.poolSizePerWorker = ${p.redis.poolSizePerWorker}: the pools are larger than profiled, or other clients connect`;
    }
    case 'cache.memory': {
      const maxmemory = model.cacheMaxmemoryBytes;
      const sessions = model.demand?.liveRedisSessions ?? 0;
      if (!maxmemory || sessions <= 0) return generic;
      const usedBytes = (observed / 100) * maxmemory;
      const perSession = (usedBytes - connections * p.redis.bytesPerConnection) / sessions - REDIS_KEY_OVERHEAD_BYTES;
      if (perSession <= 0) return `observed Redis memory is below the connection state alone (${q(connections)} × redis.bytesPerConnection ${q(p.redis.bytesPerConnection)} B)`;
      return `observed memory implies redis.bytesPerSession ≈ ${q(perSession / KB)} KB (profile: ${q(p.redis.bytesPerSession / KB)} KB) at ${q(sessions)} live sessions`;
    }
    default:
      return generic;
  }
}
