/**
 * Generated workload profiles for property tests: realistic but wide ranges of every numeric field, with and without
 * an LLM (token or per-call priced), both durability targets and availability on either side of 99.9 %, validated
 * by profileSchema.parse like a YAML profile.
 */
import fc from 'fast-check';
import { profileSchema, type Profile } from '../../src/profile/schema.js';
import { usEast1 } from './model.js';

export const catalogue = usEast1();
const llmModels = Object.keys(catalogue.llm.models);
const ec2Types = Object.keys(catalogue.aws.ec2);
const dbClasses = Object.keys(catalogue.aws.rds.postgres);
const cacheNodes = Object.keys(catalogue.aws.elasticache.nodes);

export const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
/** A value spread over orders of magnitude (log-uniform), so small and large values are both common. */
export const logNum = (min: number, max: number) => num(Math.log(min), Math.log(max)).map((x) => Math.min(max, Math.max(min, Math.exp(x))));
export const int = (min: number, max: number) => fc.integer({ min, max });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** A non-empty subset of a list, or no restriction. */
const allowList = (names: string[]) => maybe(fc.subarray(names, { minLength: 1 }));

const trafficArb = fc
  .record({
    dailyActiveRatio: num(0.01, 1),
    concurrency: fc.oneof(
      fc.record({ peakConcurrentRatio: logNum(0.001, 1) }),
      fc.record({ peakConcurrentUsers: logNum(1, 100_000) }),
      fc.constant({}),
    ),
    sessionsPerActiveUserPerDay: logNum(0.1, 5),
    messagesPerSession: logNum(0.5, 100),
    secondsBetweenMessages: fc.oneof(logNum(1, 600), int(1, 600).map((s) => `${s}s`)),
  })
  .map(({ concurrency, ...rest }) => ({ ...rest, ...concurrency }));

const llmArb = fc.oneof(
  fc.record({
    model: fc.constantFrom(...llmModels),
    systemPromptTokens: int(0, 4000),
    tokensPerUserMessage: int(0, 1000),
    tokensPerReply: int(0, 2000),
    historyTurnsSent: int(0, 30),
    cachedInputShare: num(0, 1),
    streamSeconds: num(0, 120),
    usageTier: int(1, 5),
  }),
  fc.record({ provider: fc.constant('replicate'), perRequestUsd: logNum(0.001, 0.2), streamSeconds: num(0, 300) }),
);

const profileInputArb = fc.record({
  users: int(1, 1_000_000),
  traffic: trafficArb,
  conversation: fc.record({
    threadBytes: fc.oneof(logNum(1_000, 2_000_000), int(1, 2000).map((kb) => `${kb}KB`)),
    retentionHours: fc.oneof(num(0, 720), int(1, 30).map((d) => `${d}d`)),
  }),
  llm: maybe(llmArb),
  app: fc.record({
    processBaseMB: logNum(30, 2000),
    systemReservedMB: num(0, 1000),
    workersPerVcpu: num(0.25, 8),
    cpuMsPerMessage: logNum(0.5, 2000),
    requestsPerMessage: num(0, 20),
    connectionKB: num(0, 512),
    responseKB: logNum(0.1, 2000),
    ec2Types: allowList(ec2Types),
  }),
  database: fc.record({
    queriesPerMessage: num(0, 50),
    queryMs: logNum(0.1, 500),
    readShare: num(0, 1),
    poolSizePerWorker: int(0, 50),
    maxOverflowPerWorker: int(0, 50),
    storageGB: logNum(1, 10_000),
    memoryPerConnectionMB: num(1, 30),
    classes: allowList(dbClasses),
  }),
  redis: fc.record({
    bytesPerConnection: num(0, 50_000),
    bytesPerSession: logNum(10, 1_000_000),
    sessionTtlHours: num(0, 720),
    poolSizePerWorker: int(0, 50),
    nodeTypes: allowList(cacheNodes),
  }),
  targets: fc.record({
    utilization: num(0.3, 1),
    availability: fc.constantFrom(90, 99, 99.5, 99.89, 99.9, 99.95, 99.99),
    durability: fc.constantFrom('ephemeral-ok' as const, 'required' as const),
  }),
});

/** Drops undefined keys (the YAML a user writes has no `key: undefined`), then validates like a loaded profile. */
export function toProfile(input: unknown): Profile {
  return profileSchema.parse(JSON.parse(JSON.stringify(input)));
}

export const profileArb = profileInputArb.map(toProfile);
