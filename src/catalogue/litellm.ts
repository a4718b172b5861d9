/**
 * Import LLM prices from a LiteLLM `model_prices_and_context_window.json` (USD per token) into the catalogue format
 * (USD per million tokens). Pure: the CLI reads and writes the files.
 */
import { UserError, type ErrorDetail } from '../errors.js';
import type { LlmCatalogue } from './schema.js';

interface LiteLlmEntry {
  mode?: unknown;
  litellm_provider?: unknown;
  input_cost_per_token?: unknown;
  cache_read_input_token_cost?: unknown;
  output_cost_per_token?: unknown;
  max_input_tokens?: unknown;
}

const perMillion = (usdPerToken: number) => Math.round(usdPerToken * 1e6 * 1e9) / 1e9;

function price(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

export function importLiteLlm(raw: unknown, previous: LlmCatalogue, date: string, sourceName: string): { catalogue: LlmCatalogue; updated: string[]; added: string[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`${sourceName} is not a LiteLLM price file: expected an object of models`);
  const models: LlmCatalogue['models'] = { ...previous.models };
  const updated: string[] = [];
  const added: string[] = [];
  const errors: ErrorDetail[] = [];
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const entry = value as LiteLlmEntry;
    if (entry.mode !== 'chat') continue;
    const input = price(entry.input_cost_per_token);
    const output = price(entry.output_cost_per_token);
    const cached = price(entry.cache_read_input_token_cost);
    const bad = [input === undefined || input === null ? 'input_cost_per_token' : undefined, output === undefined || output === null ? 'output_cost_per_token' : undefined, cached === null ? 'cache_read_input_token_cost' : undefined].filter(Boolean);
    if (bad.length > 0) {
      errors.push({ path: id, message: `${bad.join(', ')} must be a non-negative number of USD per token` });
      continue;
    }
    const provider = typeof entry.litellm_provider === 'string' ? entry.litellm_provider : (models[id]?.provider ?? 'unknown');
    const contextTokens = typeof entry.max_input_tokens === 'number' && Number.isInteger(entry.max_input_tokens) && entry.max_input_tokens > 0 ? entry.max_input_tokens : undefined;
    const before = models[id];
    models[id] = {
      provider,
      inputUsdPerMTok: perMillion(input!),
      ...(cached !== undefined ? { cachedInputUsdPerMTok: perMillion(cached!) } : {}),
      outputUsdPerMTok: perMillion(output!),
      ...(contextTokens ? { contextTokens } : {}),
      ...(before?.rateLimits ? { rateLimits: before.rateLimits } : {}),
      source: { tag: 'P', ref: sourceName, note: `LiteLLM catalogue, imported ${date}` },
    };
    (before ? updated : added).push(id);
  }
  if (errors.length > 0) throw new UserError(`${sourceName}: ${errors.length} chat model entr${errors.length === 1 ? 'y is' : 'ies are'} malformed`, errors.slice(0, 20));
  if (updated.length + added.length === 0) throw new UserError(`${sourceName} has no chat models (entries with "mode": "chat")`);
  return {
    catalogue: { ...previous, date, source: `LiteLLM model_prices_and_context_window.json (${sourceName}), imported ${date}; rate limits kept from the previous catalogue`, models },
    updated,
    added,
  };
}
