/** Token model and LLM cost: what one message sends and receives, what a month costs, and the provider's limits. */
import type { LlmModel } from '../catalogue/schema.js';
import type { Profile } from '../profile/schema.js';
import { usdToMicros, type Micros } from './money.js';
import type { Constraint, Demand } from './types.js';
import { formatQuantity as fmt } from './quantity.js';
import { constraint } from './constraint.js';

export type LlmSettings = NonNullable<Profile['llm']>;

/**
 * Average input tokens per message over one session. Message i (1-based) resends min(i-1, historyTurnsSent) earlier
 * turns, each a user message plus a reply. Summed over M messages the resent turns are M(M-1)/2 while M-1 ≤ H, then
 * H(H+1)/2 + (M-1-H)·H; the formula is continuous, so a fractional messagesPerSession is fine.
 */
export function averageHistoryTurns(messagesPerSession: number, historyTurnsSent: number): number {
  const m = Math.max(1, messagesPerSession);
  const h = historyTurnsSent;
  const resentTurns = m - 1 <= h ? (m * (m - 1)) / 2 : (h * (h + 1)) / 2 + (m - 1 - h) * h;
  return resentTurns / m;
}

export function tokensPerMessage(llm: LlmSettings, messagesPerSession: number): { input: number; output: number } {
  const turnTokens = llm.tokensPerUserMessage + llm.tokensPerReply;
  const input = llm.systemPromptTokens + llm.tokensPerUserMessage + turnTokens * averageHistoryTurns(messagesPerSession, llm.historyTurnsSent);
  return { input, output: llm.tokensPerReply };
}

/** USD for one message: per-call price when given, else tokens at the model's prices. */
export function usdPerMessage(llm: LlmSettings, model: LlmModel | undefined, tokens: { input: number; output: number }): number {
  if (llm.perRequestUsd !== undefined) return llm.perRequestUsd;
  if (!model) return 0;
  const cachedPrice = model.cachedInputUsdPerMTok ?? model.inputUsdPerMTok;
  const inputPrice = (1 - llm.cachedInputShare) * model.inputUsdPerMTok + llm.cachedInputShare * cachedPrice;
  return (tokens.input * inputPrice + tokens.output * model.outputUsdPerMTok) / 1e6;
}

export function llmMonthlyMicros(llm: LlmSettings, model: LlmModel | undefined, demand: Demand): Micros {
  const perMessage = usdPerMessage(llm, model, { input: demand.inputTokensPerMessage, output: demand.outputTokensPerMessage });
  return usdToMicros(perMessage * demand.monthlyMessages);
}

/**
 * Peak tokens and requests per minute against the provider tier, when the catalogue knows the tier's limits. Without
 * `explain` the one-line details are left empty (a sampled plan needs only the numbers).
 */
export function llmConstraints(llm: LlmSettings, model: LlmModel | undefined, demand: Demand, target: number, explain = true): Constraint[] {
  const limits = model?.rateLimits?.[String(llm.usageTier)];
  if (!limits) return [];
  return [
    constraint('llm.tpm', demand.peakTokensPerMinute, limits.tpm, 'tokens/min', target, explain ? `peak ${fmt(demand.peakMessagesPerSecond)} msg/s × 60 × ${fmt(demand.inputTokensPerMessage + demand.outputTokensPerMessage)} tokens vs tier ${llm.usageTier}` : ''),
    constraint('llm.rpm', demand.peakRequestsPerMinute, limits.rpm, 'requests/min', target, explain ? `peak ${fmt(demand.peakMessagesPerSecond)} msg/s × 60 vs tier ${llm.usageTier}` : ''),
  ];
}
