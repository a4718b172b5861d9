/**
 * Peak and monthly demand (design §4, "Peak demand at users = N"): C = N × peakConcurrentRatio, λ = C /
 * secondsBetweenMessages, HTTP rate λ × requestsPerMessage, LLM calls in flight λ × streamSeconds and DB queries in
 * flight λ × queriesPerMessage × queryMs (Little's law), monthly messages N × dailyActiveRatio ×
 * sessionsPerActiveUserPerDay × messagesPerSession × 730/24.
 */
import { describe, expect, it } from 'vitest';
import { computeDemand, DEFAULT_PEAK_CONCURRENT_RATIO, peakConcurrentRatio } from '../../src/model/demand.js';
import type { ProfileInput } from '../../src/profile/schema.js';
import { profileOf } from '../helpers/model.js';

const base: ProfileInput = {
  users: 1000,
  traffic: { dailyActiveRatio: 0.3, peakConcurrentRatio: 0.1, sessionsPerActiveUserPerDay: 1.5, messagesPerSession: 12, secondsBetweenMessages: 30 },
  conversation: { threadBytes: 100_000, retentionHours: 24 },
  llm: { model: 'gpt-4.1', systemPromptTokens: 800, tokensPerUserMessage: 60, tokensPerReply: 250, historyTurnsSent: 10, streamSeconds: 6 },
  app: { requestsPerMessage: 3, responseKB: 8 },
  database: { queriesPerMessage: 6, queryMs: 4 },
  redis: { sessionTtlHours: 24 },
};

describe('computeDemand at 1000 users (hand calculation)', () => {
  const d = computeDemand(profileOf(base), { users: 1000 });
  const inputTokens = 860 + (310 * 65) / 12; // 800 + 60 + (60 + 250) × 65/12 (llm.test.ts) = 2539.1667

  it.each([
    ['users', 1000, 'N'],
    ['concurrentUsers', 100, 'C = 1000 × 0.1'],
    ['peakMessagesPerSecond', 100 / 30, 'λ = 100 / 30 s = 3.3333'],
    ['peakRequestsPerSecond', 10, 'λ × 3 requests = 10'],
    ['dailyActiveUsers', 300, '1000 × 0.3'],
    ['sessionsPerDay', 450, '300 × 1.5'],
    ['monthlySessions', 13_687.5, '450 × 730/24 = 450 × 30.41667'],
    ['monthlyMessages', 164_250, '13,687.5 × 12'],
    ['averageMessagesPerSecond', 0.0625, '164,250 / (730 × 3600 = 2,628,000 s)'],
    ['threadsHeldWithoutDatabase', 450, 'max(C = 100, 450 sessions/day × 24 h / 24) = 450'],
    ['activeThreads', 100, 'C'],
    ['liveRedisSessions', 450, 'max(C, 450 × 24 h / 24)'],
    ['dbQueriesInFlight', 0.08, '3.3333 msg/s × 6 queries × 0.004 s'],
    ['llmCallsInFlight', 20, '3.3333 msg/s × 6 s'],
    ['inputTokensPerMessage', inputTokens, '800 + 60 + 310 × 65/12'],
    ['outputTokensPerMessage', 250, 'tokensPerReply'],
    ['monthlyInputTokens', inputTokens * 164_250, '2539.1667 × 164,250 = 417,058,125'],
    ['monthlyOutputTokens', 41_062_500, '250 × 164,250'],
    ['peakRequestsPerMinute', 200, '3.3333 × 60'],
    ['peakTokensPerMinute', 200 * (inputTokens + 250), '200 × (2539.1667 + 250) = 557,833.3'],
    ['monthlyTransferGB', 1.314, '164,250 × 8 KB = 1,314,000,000 B'],
  ] as const)('%s = %s (%s)', (field, expected, _how) => {
    expect(d[field]).toBeCloseTo(expected, 6);
  });
});

describe('peak concurrency', () => {
  it.each([
    // [traffic, profile users, planned users, concurrent, hand calculation]
    [{ peakConcurrentRatio: 0.25 }, 400, 2000, 500, '2000 × 0.25'],
    [{ peakConcurrentUsers: 50 }, 500, 2000, 200, '50/500 = 10 % of 2000 (the share is kept when users change)'],
    [{ peakConcurrentUsers: 900 }, 500, 2000, 2000, 'min(1, 900/500) = 100 % of 2000'],
    [{}, 500, 2000, 200, `default ratio ${DEFAULT_PEAK_CONCURRENT_RATIO}: 2000 × 0.1`],
  ])('%j, profile users %i, planned %i → %s (%s)', (traffic, profileUsers, users, concurrent, _how) => {
    const profile = profileOf({ users: profileUsers, traffic });
    expect(computeDemand(profile, { users }).concurrentUsers).toBeCloseTo(concurrent, 9);
  });

  it('the --concurrent override replaces the ratio: 37 concurrent / 30 s = 1.2333 msg/s', () => {
    const d = computeDemand(profileOf(base), { users: 1000, concurrentUsers: 37 });
    expect(d.concurrentUsers).toBe(37);
    expect(d.peakMessagesPerSecond).toBeCloseTo(37 / 30, 12);
  });

  it('peakConcurrentRatio() reads ratio, then users/profile users, then the 0.1 default', () => {
    expect(peakConcurrentRatio(profileOf({ traffic: { peakConcurrentRatio: 0.05 } }))).toBe(0.05);
    expect(peakConcurrentRatio(profileOf({ users: 800, traffic: { peakConcurrentUsers: 200 } }))).toBe(0.25);
    expect(peakConcurrentRatio(profileOf({}))).toBe(0.1);
  });
});

describe('threads and sessions held', () => {
  it.each([
    // [retentionHours, sessionTtlHours, threads held, redis sessions, hand calculation]
    [2, 2, 100, 100, '450 sessions/day × 2/24 = 37.5 < C = 100, so the active threads bound it'],
    [48, 12, 900, 225, 'threads 450 × 48/24 = 900; sessions max(100, 450 × 12/24 = 225)'],
    [0, 0, 100, 100, 'nothing retained: only the active sessions'],
  ])('retention %s h, TTL %s h → %s threads, %s sessions (%s)', (retentionHours, sessionTtlHours, threads, sessions) => {
    const d = computeDemand(profileOf({ ...base, conversation: { retentionHours }, redis: { sessionTtlHours } }), { users: 1000 });
    expect(d.threadsHeldWithoutDatabase).toBeCloseTo(threads, 9);
    expect(d.liveRedisSessions).toBeCloseTo(sessions, 9);
    expect(d.activeThreads).toBe(100);
  });
});

describe('without an LLM, or with per-call pricing', () => {
  it('no llm section: no tokens, no LLM calls in flight, no provider requests', () => {
    const { llm: _omit, ...noLlm } = base;
    const d = computeDemand(profileOf(noLlm), { users: 1000 });
    expect(d.inputTokensPerMessage).toBe(0);
    expect(d.outputTokensPerMessage).toBe(0);
    expect(d.llmCallsInFlight).toBe(0);
    expect(d.peakRequestsPerMinute).toBe(0);
    expect(d.peakTokensPerMinute).toBe(0);
    expect(d.monthlyMessages).toBeCloseTo(164_250, 6);
  });

  it('per-call pricing: no tokens, but one call per message (200 requests/min) each streaming 6 s (20 in flight)', () => {
    const d = computeDemand(profileOf({ ...base, llm: { perRequestUsd: 0.02, streamSeconds: 6 } }), { users: 1000 });
    expect(d.inputTokensPerMessage).toBe(0);
    expect(d.peakTokensPerMinute).toBe(0);
    expect(d.peakRequestsPerMinute).toBeCloseTo(200, 9);
    expect(d.llmCallsInFlight).toBeCloseTo(20, 9);
  });
});

describe('scaling', () => {
  it('every rate and count is proportional to users (10× users → 10× each)', () => {
    const p = profileOf(base);
    const d1 = computeDemand(p, { users: 1000 });
    const d10 = computeDemand(p, { users: 10_000 });
    expect(d10.concurrentUsers).toBeCloseTo(1000, 9);
    expect(d10.peakMessagesPerSecond).toBeCloseTo(1000 / 30, 9);
    expect(d10.monthlyMessages).toBeCloseTo(1_642_500, 6);
    expect(d10.dbQueriesInFlight).toBeCloseTo(0.8, 9);
    // per-message quantities do not scale
    expect(d10.inputTokensPerMessage).toBe(d1.inputTokensPerMessage);
  });
});
