/** Profile → peak and monthly demand at a user count (design §4, "Peak demand at users = N"). */
import type { Profile } from '../profile/schema.js';
import { tokensPerMessage } from './llm.js';
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from './money.js';
import type { Demand } from './types.js';

/** Used when a profile gives neither peakConcurrentRatio nor peakConcurrentUsers. */
export const DEFAULT_PEAK_CONCURRENT_RATIO = 0.1;

export function peakConcurrentRatio(profile: Profile): number {
  const t = profile.traffic;
  if (t.peakConcurrentRatio !== undefined) return t.peakConcurrentRatio;
  // An absolute figure describes the profile's own user count; keep its share when planning other counts.
  if (t.peakConcurrentUsers !== undefined) return Math.min(1, t.peakConcurrentUsers / profile.users);
  return DEFAULT_PEAK_CONCURRENT_RATIO;
}

export interface DemandOptions {
  users: number;
  /** Fixes the peak concurrent users instead of deriving them from the ratio (`--concurrent`). */
  concurrentUsers?: number;
}

export function computeDemand(profile: Profile, options: DemandOptions): Demand {
  const { traffic, conversation, database, redis, llm, app } = profile;
  const users = options.users;
  const concurrentUsers = options.concurrentUsers ?? users * peakConcurrentRatio(profile);
  const peakMessagesPerSecond = concurrentUsers / traffic.secondsBetweenMessages;
  const dailyActiveUsers = users * traffic.dailyActiveRatio;
  const sessionsPerDay = dailyActiveUsers * traffic.sessionsPerActiveUserPerDay;
  const monthlySessions = sessionsPerDay * DAYS_PER_MONTH;
  const monthlyMessages = monthlySessions * traffic.messagesPerSession;
  const averageMessagesPerSecond = monthlyMessages / (HOURS_PER_MONTH * 3600);
  const tokens = llm && llm.perRequestUsd === undefined ? tokensPerMessage(llm, traffic.messagesPerSession) : { input: 0, output: 0 };
  const llmCallsPerMessage = llm ? 1 : 0;
  return {
    users,
    concurrentUsers,
    peakMessagesPerSecond,
    averageMessagesPerSecond,
    peakRequestsPerSecond: peakMessagesPerSecond * app.requestsPerMessage,
    dailyActiveUsers,
    sessionsPerDay,
    monthlySessions,
    monthlyMessages,
    // Every thread created within the retention window stays in memory; at least the active ones.
    threadsHeldWithoutDatabase: Math.max(concurrentUsers, sessionsPerDay * (conversation.retentionHours / 24)),
    activeThreads: concurrentUsers,
    liveRedisSessions: Math.max(concurrentUsers, sessionsPerDay * (redis.sessionTtlHours / 24)),
    // Little's law: items in flight = arrival rate × time each stays.
    dbQueriesInFlight: peakMessagesPerSecond * database.queriesPerMessage * (database.queryMs / 1000),
    dbCpuVcpu: peakMessagesPerSecond * database.queriesPerMessage * ((database.cpuMsPerQuery ?? database.queryMs) / 1000),
    llmCallsInFlight: llm ? peakMessagesPerSecond * llm.streamSeconds : 0,
    inputTokensPerMessage: tokens.input,
    outputTokensPerMessage: tokens.output,
    monthlyInputTokens: tokens.input * monthlyMessages,
    monthlyOutputTokens: tokens.output * monthlyMessages,
    peakTokensPerMinute: peakMessagesPerSecond * 60 * (tokens.input + tokens.output),
    peakRequestsPerMinute: peakMessagesPerSecond * 60 * llmCallsPerMessage,
    monthlyTransferGB: (monthlyMessages * app.responseKB * 1e3) / 1e9,
  };
}
