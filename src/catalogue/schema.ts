/**
 * The pricing catalogue: an AWS snapshot for one region plus the LLM price list. Both are dated JSON files under
 * `pricing-snapshots/` (format documented in the README), validated on load so that a broken file is a clear error.
 */
import { z } from 'zod';

const provenance = z.looseObject({
  /** G real Price List item, P AWS/provider documentation, I public cost tool golden tests, S secondary (unconfirmed). */
  tag: z.enum(['G', 'P', 'I', 'S', 'API']),
  ref: z.string().optional(),
  section: z.string().optional(),
  sku: z.string().optional(),
  publicationDate: z.string().optional(),
  note: z.string().optional(),
});

const price = z.number().finite().nonnegative();

export const ec2TypeSchema = z.object({
  vcpu: z.number().positive(),
  memoryGiB: z.number().positive(),
  usdPerHour: price,
  /** Burstable (T family): the baseline share of each vCPU and the credits earned per hour. */
  burst: z.object({ baselinePerVcpu: z.number().min(0).max(1), creditsPerHour: z.number().nonnegative() }).optional(),
  source: provenance,
});

export const rdsClassSchema = z.object({
  vcpu: z.number().positive(),
  memoryGiB: z.number().positive(),
  singleAzUsdPerHour: price,
  multiAzUsdPerHour: price,
  maxConnections: z.number().int().positive(),
  burstable: z.boolean().default(false),
  /** Burstable classes: the CPU share per vCPU the class sustains without spending credits. */
  baselinePerVcpu: z.number().min(0).max(1).optional(),
  source: provenance,
});

export const cacheNodeSchema = z.object({ memoryGiB: z.number().positive(), usdPerHour: price, source: provenance });

export const awsSnapshotSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('capacity-aws-pricing'),
  region: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  currency: z.literal('USD'),
  hoursPerMonth: z.literal(730),
  source: z.string(),
  ec2: z.record(z.string(), ec2TypeSchema),
  t3SurplusCreditUsdPerVcpuHour: z.object({ value: price, source: provenance }),
  fargate: z.object({
    x86: z.object({ usdPerVcpuHour: price, usdPerGbHour: price, source: provenance }),
    arm: z.object({ usdPerVcpuHour: price, usdPerGbHour: price, source: provenance }).optional(),
    taskSizes: z.array(z.object({ vcpu: z.number().positive(), memoryGB: z.array(z.number().positive()).min(1) })).min(1),
    taskSizesSource: provenance.optional(),
  }),
  rds: z.object({
    postgres: z.record(z.string(), rdsClassSchema),
    storage: z.object({ singleAzUsdPerGbMonth: price, multiAzUsdPerGbMonth: price, minimumGB: z.number().nonnegative(), source: provenance }),
    proxy: z.object({ usdPerVcpuHour: price, minimumVcpu: z.number().nonnegative(), source: provenance }),
    maxReadReplicas: z.number().int().min(1),
  }),
  elasticache: z.object({
    nodes: z.record(z.string(), cacheNodeSchema),
    reservedMemoryPercent: z.object({ value: z.number().min(0).max(100), source: provenance }),
    maxClientsPerNode: z.object({ value: z.number().int().positive(), source: provenance }),
  }),
  alb: z.object({
    usdPerHour: price,
    usdPerLcuHour: price,
    source: provenance,
    lcu: z.object({
      newConnectionsPerSecond: z.number().positive(),
      activeConnectionsPerMinute: z.number().positive(),
      processedGbPerHour: z.number().positive(),
      ruleEvaluationsPerSecond: z.number().positive(),
      source: provenance,
    }),
  }),
  dataTransferOut: z.object({
    freeGbPerMonth: z.number().nonnegative(),
    tiers: z.array(z.object({ upToGbPerMonth: z.number().positive().nullable(), usdPerGb: price })).min(1),
    source: provenance,
  }),
});

export const rateLimitSchema = z.object({ rpm: z.number().positive(), tpm: z.number().positive() });

export const llmModelSchema = z.object({
  provider: z.string(),
  inputUsdPerMTok: price,
  cachedInputUsdPerMTok: price.optional(),
  outputUsdPerMTok: price,
  contextTokens: z.number().int().positive().optional(),
  /** Rate limits per usage tier ("1" … "5"). */
  rateLimits: z.record(z.string(), rateLimitSchema).optional(),
  source: provenance,
});

export const llmCatalogueSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('capacity-llm-prices'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
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
