/**
 * Token model and LLM cost (design §4: "input tokens per message = system prompt + new message + resent history,
 * where history grows through a session and is capped at historyTurnsSent; cost = input × (uncached price, cached
 * price by cachedInputShare) + output × output price; peak TPM/RPM against the provider tier's limits").
 * Prices per 1M tokens and OpenAI rate limits: shared/reference/aws-llm-facts.md, "LLM prices".
 */
import { describe, expect, it } from 'vitest';
import type { LlmModel } from '../../src/catalogue/schema.js';
import { computeDemand } from '../../src/model/demand.js';
import { averageHistoryTurns, llmConstraints, llmMonthlyMicros, tokensPerMessage, usdPerMessage, type LlmSettings } from '../../src/model/llm.js';
import { plan, profileOf, usEast1 } from '../helpers/model.js';
import { parseProfile } from '../../src/profile/load.js';

function llm(overrides: Partial<LlmSettings> = {}): LlmSettings {
  return profileOf({ llm: { model: 'gpt-4.1', ...overrides } }).llm!;
}

function model(name: string): LlmModel {
  const m = usEast1().llm.models[name];
  if (!m) throw new Error(`no ${name} in the catalogue`);
  return m;
}

describe('averageHistoryTurns (turns resent per message, averaged over a session)', () => {
  // Message i (1-based) resends min(i − 1, H) earlier turns; the average is the sum over the session / M.
  it.each([
    // [messagesPerSession M, historyTurnsSent H, average, hand calculation]
    [1, 10, 0, 'one message resends nothing'],
    [2, 10, 0.5, '(0 + 1) / 2'],
    [3, 10, 1, '(0 + 1 + 2) / 3'],
    [11, 10, 5, '(0 + 1 + … + 10) / 11 = 55 / 11'],
    [12, 10, 65 / 12, '(0 + … + 10 + 10) / 12 = 65 / 12 = 5.4167 (the cap binds on the 12th message)'],
    [100, 10, 9.45, '(55 + 89 × 10) / 100 = 945 / 100'],
    [3, 2, 1, '(0 + 1 + 2) / 3'],
    [5, 2, 1.4, '(0 + 1 + 2 + 2 + 2) / 5 = 7 / 5'],
    [20, 3, 2.7, '(0 + 1 + 2 + 17 × 3) / 20 = 54 / 20'],
    [5, 0, 0, 'no history sent'],
    [0.5, 10, 0, 'fewer than one message counts as one message, which resends nothing'],
    [2.5, 10, 0.75, 'continuous: M(M − 1)/2 / M = (M − 1)/2 = 0.75'],
  ])('M = %s, H = %s → %s (%s)', (m, h, expected) => {
    expect(averageHistoryTurns(m, h)).toBeCloseTo(expected, 12);
  });

  it('is continuous at the cap M − 1 = H (H = 4: M = 5 → 10/5 = 2 from both branches)', () => {
    expect(averageHistoryTurns(5, 4)).toBeCloseTo(2, 12);
    expect(averageHistoryTurns(5.000_001, 4)).toBeCloseTo(2, 5);
  });
});

describe('tokensPerMessage', () => {
  it.each([
    // [settings, messagesPerSession, input, output, hand calculation]
    [{ systemPromptTokens: 1000, tokensPerUserMessage: 100, tokensPerReply: 400, historyTurnsSent: 2 }, 5, 1800, 400, '1000 + 100 + (100 + 400) × 1.4 = 1800'],
    [{ systemPromptTokens: 1000, tokensPerUserMessage: 100, tokensPerReply: 400, historyTurnsSent: 2 }, 1, 1100, 400, '1000 + 100 + 500 × 0 = 1100'],
    [{ systemPromptTokens: 800, tokensPerUserMessage: 60, tokensPerReply: 250, historyTurnsSent: 10 }, 12, 860 + (310 * 65) / 12, 250, '800 + 60 + 310 × 65/12 = 2539.17 (profile defaults)'],
    [{ systemPromptTokens: 0, tokensPerUserMessage: 50, tokensPerReply: 150, historyTurnsSent: 0 }, 30, 50, 150, 'no history: just the new message'],
  ])('%j with %s messages/session → %s in, %s out (%s)', (settings, m, input, output) => {
    const t = tokensPerMessage(llm(settings), m);
    expect(t.input).toBeCloseTo(input, 9);
    expect(t.output).toBe(output);
  });
});

describe('usdPerMessage', () => {
  const tokens = { input: 1800, output: 400 };
  it.each([
    // [model, cachedInputShare, USD, hand calculation]
    ['gpt-4.1', 0, 0.0068, 'aws-llm-facts.md gpt-4.1 $2 / $0.50 / $8: 1800 × 2/1M + 400 × 8/1M = 0.0036 + 0.0032'],
    ['gpt-4.1', 0.5, 0.005_45, 'input price 0.5 × 2 + 0.5 × 0.5 = $1.25/M: 1800 × 1.25/1M + 0.0032 = 0.00225 + 0.0032'],
    ['gpt-4.1', 1, 0.0041, 'all cached: 1800 × 0.5/1M + 0.0032 = 0.0009 + 0.0032'],
    ['claude-sonnet-4-5', 0.25, 0.010_185, 'aws-llm-facts.md $3 / $0.30 / $15: (0.75 × 3 + 0.25 × 0.3) = 2.325; 1800 × 2.325/1M + 400 × 15/1M = 0.004185 + 0.006'],
    ['gpt-4o-mini', 0, 0.000_51, 'aws-llm-facts.md $0.15 / $0.075 / $0.60: 1800 × 0.15/1M + 400 × 0.6/1M = 0.00027 + 0.00024'],
  ])('%s, cached share %s → $%s (%s)', (name, share, usd) => {
    expect(usdPerMessage(llm({ cachedInputShare: share }), model(name), tokens)).toBeCloseTo(usd, 12);
  });

  it('gpt-4.1-mini at the default profile tokens, half cached: 2539.17 × 0.25/1M + 250 × 1.6/1M = $0.00103479', () => {
    // input price 0.5 × 0.40 + 0.5 × 0.10 = $0.25/M; 2539.1667 × 0.25 / 1M = 0.000634792; 250 × 1.60 / 1M = 0.0004
    expect(usdPerMessage(llm({ cachedInputShare: 0.5 }), model('gpt-4.1-mini'), { input: 860 + (310 * 65) / 12, output: 250 })).toBeCloseTo(0.001_034_791_667, 12);
  });

  it('a model without a cached price bills cached input at the full input price', () => {
    const noCache: LlmModel = { provider: 'x', inputUsdPerMTok: 2, outputUsdPerMTok: 8, source: { tag: 'S' } };
    // 1800 × 2/1M + 400 × 8/1M = 0.0068, whatever the cached share
    expect(usdPerMessage(llm({ cachedInputShare: 0.5 }), noCache, tokens)).toBeCloseTo(0.0068, 12);
  });

  it('a per-call price replaces the token prices', () => {
    expect(usdPerMessage(llm({ perRequestUsd: 0.04 }), model('gpt-4.1'), tokens)).toBe(0.04);
  });

  it('an unknown model costs nothing rather than a guess', () => {
    expect(usdPerMessage(llm(), undefined, tokens)).toBe(0);
  });
});

describe('llmMonthlyMicros', () => {
  // 1000 users × 0.3 active × 1.5 sessions × 5 messages × 730/24 days = 2250 × 30.41667 = 68,437.5 messages/month
  const base = {
    users: 1000,
    traffic: { dailyActiveRatio: 0.3, peakConcurrentRatio: 0.1, sessionsPerActiveUserPerDay: 1.5, messagesPerSession: 5, secondsBetweenMessages: 30 },
  };

  it('gpt-4.1, 1800 in / 400 out, half cached: 68,437.5 × $0.00545 = $372.984375', () => {
    const profile = profileOf({ ...base, llm: { model: 'gpt-4.1', systemPromptTokens: 1000, tokensPerUserMessage: 100, tokensPerReply: 400, historyTurnsSent: 2, cachedInputShare: 0.5 } });
    const demand = computeDemand(profile, { users: 1000 });
    expect(demand.monthlyMessages).toBeCloseTo(68_437.5, 9);
    expect(llmMonthlyMicros(profile.llm!, model('gpt-4.1'), demand)).toBe(372_984_375);
  });

  it('per-call pricing: 68,437.5 calls × $0.04 = $2,737.50', () => {
    const profile = profileOf({ ...base, llm: { perRequestUsd: 0.04 } });
    const demand = computeDemand(profile, { users: 1000 });
    expect(llmMonthlyMicros(profile.llm!, undefined, demand)).toBe(2_737_500_000);
  });
});

describe('llmConstraints (aws-llm-facts.md: gpt-4.1 RPM / TPM tier 1 500 / 30,000; tier 2 5,000 / 450,000; tier 3 5,000 / 800,000; tier 4 10,000 / 2,000,000)', () => {
  // 1000 users × 0.1 = 100 concurrent / 30 s = 3.333 msg/s → 200 requests/min; × (1800 + 400) tokens = 440,000 tokens/min
  const profileFor = (usageTier: number) =>
    profileOf({
      users: 1000,
      traffic: { peakConcurrentRatio: 0.1, secondsBetweenMessages: 30, messagesPerSession: 5 },
      llm: { model: 'gpt-4.1', systemPromptTokens: 1000, tokensPerUserMessage: 100, tokensPerReply: 400, historyTurnsSent: 2, usageTier },
    });

  it.each([
    // [tier, tpm utilisation, tpm ok, rpm utilisation, rpm ok]
    [1, 440_000 / 30_000, false, 200 / 500, true], // 14.67, 0.4
    [2, 440_000 / 450_000, false, 200 / 5000, true], // 0.978 > 0.7, 0.04
    [3, 440_000 / 800_000, true, 200 / 5000, true], // 0.55, 0.04
    [4, 440_000 / 2_000_000, true, 200 / 10_000, true], // 0.22, 0.02
  ])('tier %i: tpm %s (ok %s), rpm %s (ok %s)', (tier, tpmUtil, tpmOk, rpmUtil, rpmOk) => {
    const profile = profileFor(tier);
    const demand = computeDemand(profile, { users: 1000 });
    const [tpm, rpm] = llmConstraints(profile.llm!, model('gpt-4.1'), demand, 0.7);
    expect(tpm!.id).toBe('llm.tpm');
    expect(tpm!.required).toBeCloseTo(440_000, 6);
    expect(tpm!.utilization).toBeCloseTo(tpmUtil, 9);
    expect(tpm!.ok).toBe(tpmOk);
    expect(rpm!.id).toBe('llm.rpm');
    expect(rpm!.required).toBeCloseTo(200, 9);
    expect(rpm!.utilization).toBeCloseTo(rpmUtil, 9);
    expect(rpm!.ok).toBe(rpmOk);
  });

  it('a model whose limits are unknown yields no constraint (gpt-4.1-mini has no rateLimits in the snapshot)', () => {
    const profile = profileOf({ llm: { model: 'gpt-4.1-mini' } });
    expect(llmConstraints(profile.llm!, model('gpt-4.1-mini'), computeDemand(profile, { users: 500 }), 0.7)).toEqual([]);
  });
});

describe('LLM settings that disagree', () => {
  const llmWarnings = (llmSection: Record<string, unknown>) => plan(profileOf({ llm: llmSection })).warnings.filter((w) => w.startsWith('llm.p'));

  it('a provider other than the catalogue\'s for the model: planned at the catalogue\'s prices, and said so', () => {
    const p = plan(profileOf({ llm: { provider: 'anthropic', model: 'gpt-4.1' } }));
    expect(p.components.find((c) => c.role === 'llm')!.service).toBe('openai');
    expect(llmWarnings({ provider: 'anthropic', model: 'gpt-4.1' })).toEqual([expect.stringMatching(/^llm\.provider is "anthropic", but llm-.*\.json prices gpt-4\.1 as openai's: the plan uses those prices$/)]);
  });

  it('a price per call beside a model: the price per call wins, and the plan says the token prices are unused', () => {
    expect(llmWarnings({ model: 'gpt-4.1', perRequestUsd: 0.01 })).toEqual(['llm.perRequestUsd ($0.01 a call) prices the LLM: the token prices of gpt-4.1 are not used']);
  });

  it('--model takes the provider with the model: the profile\'s provider, named for its own model, does not disagree', () => {
    const overridden = plan(parseProfile('name: x\nllm:\n  provider: openai\n  model: gpt-4.1-mini\n', 'x.yaml', { model: 'claude-sonnet-4-5' }));
    expect(overridden.warnings.filter((w) => w.startsWith('llm.provider'))).toEqual([]);
    expect(overridden.components.find((c) => c.role === 'llm')!.service).toBe('anthropic');
  });

  it('settings that agree give neither warning', () => {
    expect(llmWarnings({ provider: 'openai', model: 'gpt-4.1' })).toEqual([]);
    expect(llmWarnings({ provider: 'replicate', perRequestUsd: 0.05 })).toEqual([]);
  });
});
