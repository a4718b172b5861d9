/**
 * The workload profile (design §3). This one schema yields the TypeScript types, the validation, the defaults and
 * the JSON Schema that `capacity schema` prints. Every object is strict: an unknown key is an error.
 */
import '../zod-config.js';
import { AWS_REGION_MESSAGE, AWS_REGION_PATTERN } from '../aws-region.js';
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
    provider: z.optional(z.string().check(z.minLength(1)).register(z.globalRegistry, { description: 'LLM provider, e.g. openai, anthropic, replicate' })),
    model: z.optional(z.string().check(z.minLength(1)).register(z.globalRegistry, { description: 'Model id from the LLM price catalogue, e.g. gpt-4.1-mini' })),
    systemPromptTokens: z._default(count('Tokens of system prompt sent with every call'), 800),
    tokensPerUserMessage: z._default(count('Tokens in one user message'), 60),
    tokensPerReply: z._default(count('Tokens in one model reply'), 250),
    historyTurnsSent: z._default(wholeCount('Earlier turns (message + reply) resent as history, at most'), 10),
    cachedInputShare: z._default(ratio('Share of input tokens billed at the cached-input price'), 0),
    perRequestUsd: z.optional(count('Price of one call, for per-call priced APIs (image or video generation) instead of tokens')),
    streamSeconds: z._default(duration(1000, 'seconds', 'Duration of one streamed reply'), 6),
    usageTier: z._default(z.int().check(z.minimum(1), z.maximum(5)).register(z.globalRegistry, { description: 'Provider rate-limit tier (OpenAI tiers 1-5)' }), 1),
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
  ec2Types: z.optional(z.array(z.string()).check(z.minLength(1)).register(z.globalRegistry, { description: 'Only consider these EC2 instance types (single-instance and rds phases)' })),
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
  classes: z.optional(z.array(z.string()).check(z.minLength(1)).register(z.globalRegistry, { description: 'Only consider these RDS instance classes' })),
});

export const redisSchema = z.strictObject({
  bytesPerConnection: z._default(size(1, 'bytes', 'Redis memory per open client connection (e.g. channel-layer state per WebSocket)'), 1 * KB),
  bytesPerSession: z._default(size(1, 'bytes', 'Redis memory per live session'), 2 * KB),
  sessionTtlHours: z._default(duration(3_600_000, 'hours', 'How long a session key lives in Redis'), 24),
  poolSizePerWorker: z._default(wholeCount('Redis connections per worker'), 10),
  nodeTypes: z.optional(z.array(z.string()).check(z.minLength(1)).register(z.globalRegistry, { description: 'Only consider these ElastiCache node types' })),
});

export const targetsSchema = z.strictObject({
  utilization: z._default(z.number().check(z.gt(0), z.maximum(1)).register(z.globalRegistry, { description: 'Highest planned utilisation of any limit' }), 0.7),
  availability: z._default(z.number().check(z.minimum(90), z.maximum(100)).register(z.globalRegistry, { description: 'Availability target in percent; at or above 99.9 the app needs 2+ instances and the database Multi-AZ' }), 99.5),
  durability: z._default(z.enum(['ephemeral-ok', 'required']).register(z.globalRegistry, { description: '`ephemeral-ok` allows state in process memory (lost on restart)' }), 'required'),
});

/**
 * Settings of an uncertain plan (a profile with ranges). Each is optional: its flag (`--samples`, `--seed`,
 * `--regret-under`, `--regret-over`) overrides it, and without either the default applies. A profile without ranges
 * ignores the section.
 */
export const uncertaintySchema = z.strictObject({
  samples: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000)).register(z.globalRegistry, { description: 'Profiles to sample and plan (default 1000; --samples overrides)' })),
  seed: z.optional(z.int().check(z.minimum(0), z.maximum(2 ** 31 - 1)).register(z.globalRegistry, { description: 'Seed of the sampler; the same seed gives the same output (default 1; --seed overrides)' })),
  regret: z.optional(
    z
      .strictObject({
        under: z.optional(positive('Weight of under-provisioning (a phase lower than a sample needs) in the expected regret (default 3; --regret-under overrides)')),
        over: z.optional(positive('Weight of over-provisioning (a phase higher than a sample needs) in the expected regret (default 1; --regret-over overrides)')),
      })
      .register(z.globalRegistry, { description: 'Regret weights: the recommended phase minimises the expected weighted regret, and the monthly budget is the under / (under + over) quantile of cost' }),
  ),
});

const resourceName = (description: string) => z.string().check(z.minLength(1)).register(z.globalRegistry, { description });

/** Identifiers of the live resources `capacity check --live` reads CloudWatch metrics for; what is absent is not checked. */
export const deploymentSchema = z
  .strictObject({
    ecs: z.optional(
      z.strictObject({
        cluster: z.optional(resourceName('ECS cluster name (CloudWatch dimension ClusterName)')),
        service: z.optional(resourceName('ECS service name (CloudWatch dimension ServiceName)')),
        taskSize: z.optional(z.string().check(z.regex(/^\d+(\.\d+)?vCPU-\d+(\.\d+)?GB$/, 'expected a Fargate task size such as 1vCPU-2GB')).register(z.globalRegistry, { description: 'Fargate task size the service runs, e.g. 1vCPU-2GB; without it, the size the model picks at the observed load' })),
      }),
    ),
    ec2: z.optional(
      z.strictObject({
        instanceIds: z.optional(z.array(z.string().check(z.regex(/^i-[0-9a-f]{8,17}$/, 'expected an EC2 instance id such as i-0123456789abcdef0'))).check(z.minLength(1)).register(z.globalRegistry, { description: 'EC2 instance ids of the app tier (CloudWatch dimension InstanceId)' })),
        autoScalingGroup: z.optional(resourceName('Auto Scaling group of the app instances (CloudWatch dimension AutoScalingGroupName)')),
        instanceType: z.optional(resourceName('EC2 instance type the app runs on, e.g. t3.medium; without it, the type the model picks at the observed load')),
      }),
    ),
    alb: z.optional(
      z.strictObject({
        loadBalancer: z.optional(z.string().check(z.regex(/^app\/[^/]+\/[0-9a-f]+$/, 'expected app/<name>/<id>, the end of the load balancer ARN')).register(z.globalRegistry, { description: 'Application Load Balancer as app/<name>/<id> (CloudWatch dimension LoadBalancer)' })),
        targetGroup: z.optional(z.string().check(z.regex(/^targetgroup\/[^/]+\/[0-9a-f]+$/, 'expected targetgroup/<name>/<id>, the end of the target group ARN')).register(z.globalRegistry, { description: 'Target group of the app as targetgroup/<name>/<id> (CloudWatch dimension TargetGroup)' })),
      }),
    ),
    rds: z.optional(
      z.strictObject({
        instance: z.optional(resourceName('RDS DB instance identifier of the primary (CloudWatch dimension DBInstanceIdentifier)')),
        instanceClass: z.optional(resourceName('RDS instance class of the primary, e.g. db.t4g.medium; without it, the class the model picks at the observed load')),
        maxConnections: z.optional(z.int().check(z.positive()).register(z.globalRegistry, { description: 'max_connections when the parameter group sets it; default: the class\'s from the pricing snapshot' })),
        proxy: z.optional(resourceName('RDS Proxy name (CloudWatch dimension ProxyName)')),
      }),
    ),
    redis: z.optional(
      z.strictObject({
        cluster: z.optional(resourceName('ElastiCache cache cluster id of the primary node, e.g. chat-redis-001 (CloudWatch dimension CacheClusterId)')),
        nodeType: z.optional(resourceName('ElastiCache node type, e.g. cache.t4g.small; without it, the node the model picks at the observed load')),
      }),
    ),
  })
  .check(
    z.refine((d) => !(d.ecs && d.ec2), { message: 'give deployment.ecs or deployment.ec2 for the app tier, not both', path: ['ec2'] }),
    z.refine((d) => !d.ecs || (d.ecs.cluster === undefined) === (d.ecs.service === undefined), { message: 'ECS service metrics need both cluster and service', path: ['ecs'] }),
    z.refine((d) => !d.ec2 || !(d.ec2.instanceIds && d.ec2.autoScalingGroup), { message: 'give instanceIds or autoScalingGroup, not both', path: ['ec2'] }),
    z.refine((d) => !d.alb?.targetGroup || d.alb.loadBalancer !== undefined, { message: 'target group metrics need the load balancer too (alb.loadBalancer)', path: ['alb', 'loadBalancer'] }),
  );

export const profileSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    name: z._default(z.string().check(z.minLength(1)).register(z.globalRegistry, { description: 'Profile name' }), 'unnamed'),
    users: z._default(z.int().check(z.positive()).register(z.globalRegistry, { description: 'People with access (registered or invited): a whole number' }), 500),
    region: z._default(z.string().check(z.regex(AWS_REGION_PATTERN, AWS_REGION_MESSAGE)), 'us-east-1'),
    traffic: z.prefault(trafficSchema, {}),
    conversation: z.prefault(conversationSchema, {}),
    llm: z.optional(llmSchema),
    app: z.prefault(appSchema, {}),
    database: z.prefault(databaseSchema, {}),
    redis: z.prefault(redisSchema, {}),
    targets: z.prefault(targetsSchema, {}),
    uncertainty: z.optional(uncertaintySchema.register(z.globalRegistry, { description: 'For a profile with ranges {low, mid, high}: how `capacity plan` samples it and weighs regret; flags override each value' })),
    deployment: z.optional(deploymentSchema.register(z.globalRegistry, { description: 'Live resources for `capacity check --live`: each is optional, and what is absent is not checked' })),
  })
  .register(z.globalRegistry, { title: 'capacity workload profile', description: 'Workload profile for capacity plan (see README: Profile fields)' });

/** The live resources of a profile. */
export type Deployment = z.output<typeof deploymentSchema>;
/** A profile after defaults and unit conversion. */
export type Profile = z.output<typeof profileSchema>;
/** A profile as written in YAML. */
export type ProfileInput = z.input<typeof profileSchema>;

/**
 * Numeric fields that cannot be ranges {low, mid, high}: `users` is what a plan is asked about, a concurrent count is
 * turned into a ratio, and the settings of the sampling itself are not sampled. Every other numeric field can be a
 * range; the profile parser and the JSON Schema both read this set.
 */
export const NOT_RANGES: ReadonlySet<string> = new Set(['users', 'traffic.peakConcurrentUsers', 'uncertainty.samples', 'uncertainty.seed', 'uncertainty.regret.under', 'uncertainty.regret.over']);

type JsonSchema = Record<string, unknown>;

const RANGE_DESCRIPTION =
  'A range instead of one value (low ≤ mid ≤ high, mid the most likely), each bound written like the field itself: `capacity plan` samples it and reports percentiles (README: Uncertainty); other commands read mid.';

const isNumberType = (s: unknown) => typeof s === 'object' && s !== null && ((s as JsonSchema).type === 'number' || (s as JsonSchema).type === 'integer');

/** A number, or a number or a string with a unit (`anyOf`): the fields whose value the parser may take from a range. */
function isNumericField(s: JsonSchema): boolean {
  if (isNumberType(s)) return true;
  const anyOf = s.anyOf as unknown[] | undefined;
  return Array.isArray(anyOf) && anyOf.some(isNumberType) && anyOf.every((b) => isNumberType(b) || (b as JsonSchema).type === 'string');
}

/** `{default?, anyOf: [the field's own schema, {low, mid, high: the field's own schema}]}`; a field with a unit lists its number and string forms directly. */
function rangeable(field: JsonSchema): JsonSchema {
  const { default: dflt, ...own } = field;
  const alternatives = Object.keys(own).length === 1 && Array.isArray(own.anyOf) ? (own.anyOf as JsonSchema[]) : [own];
  const range = { type: 'object', properties: { low: own, mid: own, high: own }, required: ['low', 'mid', 'high'], additionalProperties: false, description: RANGE_DESCRIPTION };
  return { ...(dflt === undefined ? {} : { default: dflt }), anyOf: [...alternatives, range] };
}

/** The JSON Schema with a range allowed on every numeric field outside NOT_RANGES, as the profile parser allows it. */
function withRanges(schema: JsonSchema, path: string[] = []): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    const properties: Record<string, JsonSchema> = {};
    for (const [key, field] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
      const at = [...path, key];
      properties[key] = isNumericField(field) ? (NOT_RANGES.has(at.join('.')) ? field : rangeable(field)) : withRanges(field, at);
    }
    out.properties = properties;
  }
  if (Array.isArray(schema.anyOf)) out.anyOf = (schema.anyOf as JsonSchema[]).map((branch) => withRanges(branch, path));
  return out;
}

export function profileJsonSchema(): Record<string, unknown> {
  return withRanges(z.toJSONSchema(profileSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}
