/**
 * The pricing catalogue: an AWS snapshot for one region plus the LLM price list. Both are dated JSON files under
 * `pricing-snapshots/` (format documented in the README), validated on load so that a broken file is a clear error.
 */
import '../zod-config.js';
import * as z from 'zod/mini';

const provenance = z.looseObject({
  /** G real Price List item, P AWS/provider documentation, I public cost tool golden tests, S secondary (unconfirmed). */
  tag: z.enum(['G', 'P', 'I', 'S', 'API']),
  ref: z.optional(z.string()),
  section: z.optional(z.string()),
  sku: z.optional(z.string()),
  publicationDate: z.optional(z.string()),
  note: z.optional(z.string()),
});

const price = z.number().check(z.nonnegative());

export const ec2TypeSchema = z.object({
  vcpu: z.number().check(z.positive()),
  memoryGiB: z.number().check(z.positive()),
  usdPerHour: price,
  /** Burstable (T family): the baseline share of each vCPU and the credits earned per hour. */
  burst: z.optional(z.object({ baselinePerVcpu: z.number().check(z.minimum(0), z.maximum(1)), creditsPerHour: z.number().check(z.nonnegative()) })),
  source: provenance,
});

export const rdsClassSchema = z.object({
  vcpu: z.number().check(z.positive()),
  memoryGiB: z.number().check(z.positive()),
  singleAzUsdPerHour: price,
  multiAzUsdPerHour: price,
  maxConnections: z.int().check(z.positive()),
  burstable: z._default(z.boolean(), false),
  /** Burstable classes: the CPU share per vCPU the class sustains without spending credits. */
  baselinePerVcpu: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  source: provenance,
});

export const cacheNodeSchema = z.object({ memoryGiB: z.number().check(z.positive()), usdPerHour: price, source: provenance });

export const awsSnapshotSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('capacity-aws-pricing'),
  region: z.string(),
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  currency: z.literal('USD'),
  hoursPerMonth: z.literal(730),
  source: z.string(),
  ec2: z.record(z.string(), ec2TypeSchema),
  t3SurplusCreditUsdPerVcpuHour: z.object({ value: price, source: provenance }),
  fargate: z.object({
    x86: z.object({ usdPerVcpuHour: price, usdPerGbHour: price, source: provenance }),
    arm: z.optional(z.object({ usdPerVcpuHour: price, usdPerGbHour: price, source: provenance })),
    taskSizes: z.array(z.object({ vcpu: z.number().check(z.positive()), memoryGB: z.array(z.number().check(z.positive())).check(z.minLength(1)) })).check(z.minLength(1)),
    taskSizesSource: z.optional(provenance),
  }),
  rds: z.object({
    postgres: z.record(z.string(), rdsClassSchema),
    storage: z.object({ singleAzUsdPerGbMonth: price, multiAzUsdPerGbMonth: price, minimumGB: z.number().check(z.nonnegative()), source: provenance }),
    proxy: z.object({ usdPerVcpuHour: price, minimumVcpu: z.number().check(z.nonnegative()), source: provenance }),
    maxReadReplicas: z.int().check(z.minimum(1)),
  }),
  elasticache: z.object({
    nodes: z.record(z.string(), cacheNodeSchema),
    reservedMemoryPercent: z.object({ value: z.number().check(z.minimum(0), z.maximum(100)), source: provenance }),
    maxClientsPerNode: z.object({ value: z.int().check(z.positive()), source: provenance }),
  }),
  alb: z.object({
    usdPerHour: price,
    usdPerLcuHour: price,
    source: provenance,
    lcu: z.object({
      newConnectionsPerSecond: z.number().check(z.positive()),
      activeConnectionsPerMinute: z.number().check(z.positive()),
      processedGbPerHour: z.number().check(z.positive()),
      ruleEvaluationsPerSecond: z.number().check(z.positive()),
      source: provenance,
    }),
  }),
  dataTransferOut: z.object({
    freeGbPerMonth: z.number().check(z.nonnegative()),
    tiers: z.array(z.object({ upToGbPerMonth: z.nullable(z.number().check(z.positive())), usdPerGb: price })).check(z.minLength(1)),
    source: provenance,
  }),
});

export const rateLimitSchema = z.object({ rpm: z.number().check(z.positive()), tpm: z.number().check(z.positive()) });

export const llmModelSchema = z.object({
  provider: z.string(),
  inputUsdPerMTok: price,
  cachedInputUsdPerMTok: z.optional(price),
  outputUsdPerMTok: price,
  contextTokens: z.optional(z.int().check(z.positive())),
  /** Rate limits per usage tier ("1" … "5"). */
  rateLimits: z.optional(z.record(z.string(), rateLimitSchema)),
  source: provenance,
});

export const llmCatalogueSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('capacity-llm-prices'),
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  currency: z.literal('USD'),
  source: z.string(),
  models: z.record(z.string(), llmModelSchema),
});

export type AwsSnapshot = z.output<typeof awsSnapshotSchema>;
export type Ec2Type = z.output<typeof ec2TypeSchema>;
export type RdsClass = z.output<typeof rdsClassSchema>;
export type CacheNode = z.output<typeof cacheNodeSchema>;
export type LlmCatalogue = z.output<typeof llmCatalogueSchema>;
export type LlmModel = z.output<typeof llmModelSchema>;

/** Everything the model prices with. */
export interface Catalogue {
  aws: AwsSnapshot;
  llm: LlmCatalogue;
  /** File names the catalogue came from, for the plan's `pricing` block. */
  awsFile: string;
  llmFile: string;
}
