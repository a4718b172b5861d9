/**
 * The workload profile (design §3). This one schema yields the TypeScript types, the validation, the defaults and
 * the JSON Schema that `capacity schema` prints. Every object is strict: an unknown key is an error.
 */
import '../zod-config.js';
import * as z from 'zod/mini';
import { count, duration, positive, ratio, size, wholeCount } from './fields.js';

const KB = 1e3;
const MB = 1e6;
const GB = 1e9;

export const trafficSchema = z
  .strictObject({
    dailyActiveRatio: z._default(ratio('Share of users active on a day'), 0.3),
    peakConcurrentRatio: z.optional(ratio('Share of users with an open session at the daily peak')),
    peakConcurrentUsers: z.optional(count('Users with an open session at the daily peak, at the profile\'s `users`; scaled with users')),
    sessionsPerActiveUserPerDay: z._default(count('Sessions an active user starts per day'), 1.5),
    messagesPerSession: z._default(positive('Messages a user sends in one session'), 12),
    secondsBetweenMessages: z._default(duration(1000, 'seconds', 'Think time between two messages of an active user', { positive: true }), 30),
  })
  .check(
    z.refine((t) => !(t.peakConcurrentRatio !== undefined && t.peakConcurrentUsers !== undefined), {
      message: 'give either peakConcurrentRatio or peakConcurrentUsers, not both',
      path: ['peakConcurrentUsers'],
    }),
  );

export const conversationSchema = z.strictObject({
  threadBytes: z._default(size(1, 'bytes', 'In-memory size of one conversation thread'), 100 * KB),
  retentionHours: z._default(duration(3_600_000, 'hours', 'How long threads stay in process memory when there is no database'), 24),
});

export const llmSchema = z
  .strictObject({
    provider: z.optional(z.string().check(z.minLength(1), z.meta({ description: 'LLM provider, e.g. openai, anthropic, replicate' }))),
    model: z.optional(z.string().check(z.minLength(1), z.meta({ description: 'Model id from the LLM price catalogue, e.g. gpt-4.1-mini' }))),
    systemPromptTokens: z._default(count('Tokens of system prompt sent with every call'), 800),
    tokensPerUserMessage: z._default(count('Tokens in one user message'), 60),
    tokensPerReply: z._default(count('Tokens in one model reply'), 250),
    historyTurnsSent: z._default(wholeCount('Earlier turns (message + reply) resent as history, at most'), 10),
    cachedInputShare: z._default(ratio('Share of input tokens billed at the cached-input price'), 0),
    perRequestUsd: z.optional(count('Price of one call, for per-call priced APIs (image or video generation) instead of tokens')),
    streamSeconds: z._default(duration(1000, 'seconds', 'Duration of one streamed reply'), 6),
    usageTier: z._default(z.int().check(z.minimum(1), z.maximum(5), z.meta({ description: 'Provider rate-limit tier (OpenAI tiers 1-5)' })), 1),
  })
  .check(
    z.refine((l) => l.model !== undefined || l.perRequestUsd !== undefined, {
      message: 'an llm section needs a model (priced from the catalogue) or perRequestUsd',
      path: ['model'],
    }),
  );

export const appSchema = z.strictObject({
  processBaseMB: z._default(size(MB, 'MB', 'Resident memory of one idle worker process'), 250),
  systemReservedMB: z._default(size(MB, 'MB', 'Memory the OS and agents keep on each instance or task'), 300),
  workersPerVcpu: z._default(positive('Worker processes per vCPU'), 2),
  cpuMsPerMessage: z._default(duration(1, 'milliseconds', 'App CPU time to handle one message, all its requests included'), 30),
  requestsPerMessage: z._default(count('HTTP requests one message causes'), 3),
  connectionKB: z._default(size(KB, 'KB', 'App memory per open client connection'), 64),
  responseKB: z._default(size(KB, 'KB', 'Bytes sent to the client per message (reply stream and page data), for data transfer'), 8),
  ec2Types: z.optional(z.array(z.string()).check(z.minLength(1), z.meta({ description: 'Only consider these EC2 instance types (single-instance and rds phases)' }))),
});

export const databaseSchema = z.strictObject({
  queriesPerMessage: z._default(count('Database queries per message'), 6),
  queryMs: z._default(duration(1, 'milliseconds', 'Time one query holds a connection'), 4),
  cpuMsPerQuery: z.optional(duration(1, 'milliseconds', 'Database CPU time of one query; default: queryMs (a query that holds its connection through other work, such as an LLM call, uses far less)')),
  readShare: z._default(ratio('Share of queries that are reads'), 0.7),
  poolSizePerWorker: z._default(wholeCount('Connection pool size of one worker'), 5),
  maxOverflowPerWorker: z._default(wholeCount('Extra connections a worker may open beyond its pool'), 10),
  storageGB: z._default(size(GB, 'GB', 'Database storage'), 20),
  memoryPerConnectionMB: z._default(size(MB, 'MB', 'Database memory per open connection (PostgreSQL backend process)'), 5),
  classes: z.optional(z.array(z.string()).check(z.minLength(1), z.meta({ description: 'Only consider these RDS instance classes' }))),
});

export const redisSchema = z.strictObject({
  bytesPerConnection: z._default(size(1, 'bytes', 'Redis memory per open client connection (e.g. channel-layer state per WebSocket)'), 1 * KB),
  bytesPerSession: z._default(size(1, 'bytes', 'Redis memory per live session'), 2 * KB),
  sessionTtlHours: z._default(duration(3_600_000, 'hours', 'How long a session key lives in Redis'), 24),
  poolSizePerWorker: z._default(wholeCount('Redis connections per worker'), 10),
  nodeTypes: z.optional(z.array(z.string()).check(z.minLength(1), z.meta({ description: 'Only consider these ElastiCache node types' }))),
});

export const targetsSchema = z.strictObject({
  utilization: z._default(z.number().check(z.gt(0), z.maximum(1), z.meta({ description: 'Highest planned utilisation of any limit' })), 0.7),
  availability: z._default(z.number().check(z.minimum(90), z.maximum(100), z.meta({ description: 'Availability target in percent; at or above 99.9 the app needs 2+ instances and the database Multi-AZ' })), 99.5),
  durability: z._default(z.enum(['ephemeral-ok', 'required']).check(z.meta({ description: '`ephemeral-ok` allows state in process memory (lost on restart)' })), 'required'),
});

export const profileSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    name: z._default(z.string().check(z.minLength(1), z.meta({ description: 'Profile name' })), 'unnamed'),
    users: z._default(positive('People with access (registered or invited)'), 500),
    region: z._default(z.string().check(z.regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region such as us-east-1')), 'us-east-1'),
    traffic: z.prefault(trafficSchema, {}),
    conversation: z.prefault(conversationSchema, {}),
    llm: z.optional(llmSchema),
    app: z.prefault(appSchema, {}),
    database: z.prefault(databaseSchema, {}),
    redis: z.prefault(redisSchema, {}),
    targets: z.prefault(targetsSchema, {}),
  })
  .check(z.meta({ title: 'capacity workload profile', description: 'Workload profile for capacity plan (see README: Profile fields)' }));

/** A profile after defaults and unit conversion. */
export type Profile = z.output<typeof profileSchema>;
/** A profile as written in YAML. */
export type ProfileInput = z.input<typeof profileSchema>;

export function profileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(profileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
