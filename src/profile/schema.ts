/**
 * The workload profile (design §3). This one schema yields the TypeScript types, the validation, the defaults and
 * the JSON Schema that `capacity schema` prints. Every object is strict: an unknown key is an error.
 */
import { z } from 'zod';
import { count, duration, positive, ratio, size, wholeCount } from './fields.js';

const KB = 1e3;
const MB = 1e6;
const GB = 1e9;

export const trafficSchema = z
  .strictObject({
    dailyActiveRatio: ratio('Share of users active on a day').default(0.3),
    peakConcurrentRatio: ratio('Share of users with an open session at the daily peak').optional(),
    peakConcurrentUsers: count('Users with an open session at the daily peak, at the profile\'s `users`; scaled with users').optional(),
    sessionsPerActiveUserPerDay: count('Sessions an active user starts per day').default(1.5),
    messagesPerSession: positive('Messages a user sends in one session').default(12),
    secondsBetweenMessages: duration(1000, 'seconds', 'Think time between two messages of an active user', { positive: true }).default(30),
  })
  .refine((t) => !(t.peakConcurrentRatio !== undefined && t.peakConcurrentUsers !== undefined), {
    message: 'give either peakConcurrentRatio or peakConcurrentUsers, not both',
    path: ['peakConcurrentUsers'],
  });

export const conversationSchema = z.strictObject({
  threadBytes: size(1, 'bytes', 'In-memory size of one conversation thread').default(100 * KB),
  retentionHours: duration(3_600_000, 'hours', 'How long threads stay in process memory when there is no database').default(24),
});

export const llmSchema = z
  .strictObject({
    provider: z.string().min(1).meta({ description: 'LLM provider, e.g. openai, anthropic, replicate' }).optional(),
    model: z.string().min(1).meta({ description: 'Model id from the LLM price catalogue, e.g. gpt-4.1-mini' }).optional(),
    systemPromptTokens: count('Tokens of system prompt sent with every call').default(800),
    tokensPerUserMessage: count('Tokens in one user message').default(60),
    tokensPerReply: count('Tokens in one model reply').default(250),
    historyTurnsSent: wholeCount('Earlier turns (message + reply) resent as history, at most').default(10),
    cachedInputShare: ratio('Share of input tokens billed at the cached-input price').default(0),
    perRequestUsd: count('Price of one call, for per-call priced APIs (image or video generation) instead of tokens').optional(),
    streamSeconds: duration(1000, 'seconds', 'Duration of one streamed reply').default(6),
    usageTier: z.number().int().min(1).max(5).meta({ description: 'Provider rate-limit tier (OpenAI tiers 1-5)' }).default(1),
  })
  .refine((l) => l.model !== undefined || l.perRequestUsd !== undefined, {
    message: 'an llm section needs a model (priced from the catalogue) or perRequestUsd',
    path: ['model'],
  });

export const appSchema = z.strictObject({
  processBaseMB: size(MB, 'MB', 'Resident memory of one idle worker process').default(250),
  systemReservedMB: size(MB, 'MB', 'Memory the OS and agents keep on each instance or task').default(300),
  workersPerVcpu: positive('Worker processes per vCPU').default(2),
  cpuMsPerMessage: duration(1, 'milliseconds', 'App CPU time to handle one message, all its requests included').default(30),
  requestsPerMessage: count('HTTP requests one message causes').default(3),
  connectionKB: size(KB, 'KB', 'App memory per open client connection').default(64),
  responseKB: size(KB, 'KB', 'Bytes sent to the client per message (reply stream and page data), for data transfer').default(8),
  ec2Types: z.array(z.string()).min(1).meta({ description: 'Only consider these EC2 instance types (single-instance and rds phases)' }).optional(),
});

export const databaseSchema = z.strictObject({
  queriesPerMessage: count('Database queries per message').default(6),
  queryMs: duration(1, 'milliseconds', 'Time one query holds a connection (also its database CPU time)').default(4),
  readShare: ratio('Share of queries that are reads').default(0.7),
  poolSizePerWorker: wholeCount('Connection pool size of one worker').default(5),
  maxOverflowPerWorker: wholeCount('Extra connections a worker may open beyond its pool').default(10),
  storageGB: size(GB, 'GB', 'Database storage').default(20),
  memoryPerConnectionMB: size(MB, 'MB', 'Database memory per open connection (PostgreSQL backend process)').default(5),
  classes: z.array(z.string()).min(1).meta({ description: 'Only consider these RDS instance classes' }).optional(),
});

export const redisSchema = z.strictObject({
  bytesPerConnection: size(1, 'bytes', 'Redis memory per open client connection (e.g. channel-layer state per WebSocket)').default(1 * KB),
  bytesPerSession: size(1, 'bytes', 'Redis memory per live session').default(2 * KB),
  sessionTtlHours: duration(3_600_000, 'hours', 'How long a session key lives in Redis').default(24),
  poolSizePerWorker: wholeCount('Redis connections per worker').default(10),
  nodeTypes: z.array(z.string()).min(1).meta({ description: 'Only consider these ElastiCache node types' }).optional(),
});

export const targetsSchema = z.strictObject({
  utilization: z.number().finite().gt(0).max(1).meta({ description: 'Highest planned utilisation of any limit' }).default(0.7),
  availability: z.number().finite().min(90).max(100).meta({ description: 'Availability target in percent; at or above 99.9 the app needs 2+ instances and the database Multi-AZ' }).default(99.5),
  durability: z.enum(['ephemeral-ok', 'required']).meta({ description: '`ephemeral-ok` allows state in process memory (lost on restart)' }).default('required'),
});

export const profileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).meta({ description: 'Profile name' }).default('unnamed'),
    users: positive('People with access (registered or invited)').default(500),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region such as us-east-1').default('us-east-1'),
    traffic: trafficSchema.prefault({}),
    conversation: conversationSchema.prefault({}),
    llm: llmSchema.optional(),
    app: appSchema.prefault({}),
    database: databaseSchema.prefault({}),
    redis: redisSchema.prefault({}),
    targets: targetsSchema.prefault({}),
  })
  .meta({ title: 'capacity workload profile', description: 'Workload profile for capacity plan (see README: Profile fields)' });

/** A profile after defaults and unit conversion. */
export type Profile = z.output<typeof profileSchema>;
/** A profile as written in YAML. */
export type ProfileInput = z.input<typeof profileSchema>;

export function profileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(profileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
