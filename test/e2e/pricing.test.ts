/** `capacity pricing show | diff | import-llm` through the built CLI. */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tmpDir } from '../helpers/cli.js';

const bundled = (prefix: string) => {
  const dir = join(ROOT, 'pricing-snapshots');
  return join(dir, readdirSync(dir).filter((f) => f.startsWith(prefix)).sort().at(-1)!);
};

/** A LiteLLM-format file: USD per token (model_prices_and_context_window.json keys). */
const liteLlm = {
  sample_spec: { mode: 'one of: chat, embedding, completion', input_cost_per_token: 0 },
  'gpt-4.1-mini': { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 3e-7, cache_read_input_token_cost: 7.5e-8, output_cost_per_token: 1.2e-6, max_input_tokens: 1047576 },
  'new-chat-model': { litellm_provider: 'acme', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 },
  'text-embedding-3-small': { litellm_provider: 'openai', mode: 'embedding', input_cost_per_token: 2e-8, output_cost_per_token: 0 },
};

describe('pricing import-llm', () => {
  it('updates chat model prices per million tokens, keeps rate limits, skips non-chat entries', () => {
    const dir = mkdtempSync(join(tmpDir(), 'llm-'));
    const file = join(dir, 'model_prices_and_context_window.json');
    writeFileSync(file, JSON.stringify(liteLlm));
    const r = runCli(['pricing', 'import-llm', file, '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 model updated, 1 added/);
    const written = readdirSync(dir).find((f) => /^llm-\d{4}-\d{2}-\d{2}\.json$/.test(f))!;
    const catalogue = JSON.parse(readFileSync(join(dir, written), 'utf8'));
    // 3e-7 USD per token = $0.30 per 1M tokens; 7.5e-8 → $0.075; 1.2e-6 → $1.20.
    expect(catalogue.models['gpt-4.1-mini']).toMatchObject({ provider: 'openai', inputUsdPerMTok: 0.3, cachedInputUsdPerMTok: 0.075, outputUsdPerMTok: 1.2, contextTokens: 1047576 });
    expect(catalogue.models['new-chat-model']).toMatchObject({ provider: 'acme', inputUsdPerMTok: 1, outputUsdPerMTok: 2 });
    expect(catalogue.models['text-embedding-3-small']).toBeUndefined();
    expect(catalogue.models.sample_spec).toBeUndefined();
    // Models the file does not mention stay, with their rate limits (gpt-4.1 tier 1: 500 RPM / 30,000 TPM).
    expect(catalogue.models['gpt-4.1'].rateLimits['1']).toEqual({ rpm: 500, tpm: 30000 });

    // The planner prices with the imported catalogue: a copy of the AWS snapshot beside it.
    copyFileSync(bundled('aws-us-east-1-'), join(dir, 'aws-us-east-1-2026-01-01.json'));
    const plan = runCli(['plan', '--users', '500', '--pricing-dir', dir, '--format', 'json']);
    expect(plan.status, plan.stderr).toBe(0);
    const json = JSON.parse(plan.stdout);
    expect(json.pricing.llmCatalogue).toBe(written);
    // default profile: 2,539.3 input tokens per message at a 50 % cached share, 250 output tokens, 82,125 messages.
    const perMessage = (2539.2857142857 * (0.5 * 0.3 + 0.5 * 0.075) + 250 * 1.2) / 1e6;
    expect(json.totals.llmMonthlyUsd).toBeCloseTo(perMessage * 82125, 2);
  });

  it.each([
    ['a price that is not a number', { 'bad-model': { mode: 'chat', input_cost_per_token: 'cheap', output_cost_per_token: 1e-6 } }, 'bad-model'],
    ['a missing output price', { 'half-model': { mode: 'chat', input_cost_per_token: 1e-6 } }, 'half-model'],
    ['a negative price', { 'neg-model': { mode: 'chat', input_cost_per_token: -1, output_cost_per_token: 1e-6 } }, 'neg-model'],
  ])('malformed input (%s) exits 2 naming the entry and writes nothing', (_name, content, entry) => {
    const dir = mkdtempSync(join(tmpDir(), 'llm-bad-'));
    const file = join(dir, 'prices.json');
    writeFileSync(file, JSON.stringify(content));
    const r = runCli(['pricing', 'import-llm', file, '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(entry);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['prices.json']);
  });

  it('a file that is not JSON exits 2', () => {
    const dir = mkdtempSync(join(tmpDir(), 'llm-bad-'));
    const file = join(dir, 'prices.json');
    writeFileSync(file, '{ not json');
    const r = runCli(['pricing', 'import-llm', file, '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not JSON');
  });
});

describe('pricing show and diff', () => {
  it('shows one service of the catalogue', () => {
    const r = runCli(['pricing', 'show', '--service', 'rds', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'capacity-pricing', region: 'us-east-1', snapshot: expect.stringMatching(/^aws-us-east-1-\d{4}-\d{2}-\d{2}\.json$/) });
    // Storage and the proxy are priced per GB-month and per DB vCPU-hour (aws-llm-facts.md: gp3 $0.115 per GB-month,
    // Multi-AZ $0.23; RDS Proxy $0.015 per vCPU-hour, minimum 2 vCPUs): tables of their own, not under per-hour columns.
    expect(json['rds-storage']).toEqual([{ type: 'gp3', singleAzUsdPerGbMonth: 0.115, multiAzUsdPerGbMonth: 0.23, minimumGB: 20, source: expect.any(String) }]);
    expect(json['rds-proxy']).toEqual([{ usdPerDbVcpuHour: 0.015, minimumVcpu: 2, source: expect.any(String) }]);
    const rows = json.rds;
    expect(rows.every((r: { type: string }) => r.type.startsWith('db.'))).toBe(true);
    // aws-llm-facts.md: db.t3.micro Single-AZ $0.018/h [G].
    expect(rows.find((x: { type: string }) => x.type === 'db.t3.micro')).toMatchObject({ singleAzUsdPerHour: 0.018, maxConnections: 99 });
    const table = runCli(['pricing', 'show', '--service', 'ec2']);
    expect(table.stdout).toContain('t3.small');
    expect(table.stdout).toContain('0.0208');
  });

  it('an unknown service exits 2 and lists the services', () => {
    const r = runCli(['pricing', 'show', '--service', 'lambda']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('ec2, fargate, rds, elasticache, alb, transfer, llm');
  });

  it('diff shows old → new and the change in percent', () => {
    const dir = mkdtempSync(join(tmpDir(), 'diff-'));
    const oldFile = bundled('aws-us-east-1-');
    const snapshot = JSON.parse(readFileSync(oldFile, 'utf8'));
    snapshot.ec2['t3.small'].usdPerHour = 0.0312; // +50 %
    snapshot.rds.postgres['db.t3.micro'].singleAzUsdPerHour = 0.0162; // -10 %
    const newFile = join(dir, 'aws-us-east-1-2026-12-01.json');
    writeFileSync(newFile, JSON.stringify(snapshot));
    const r = runCli(['pricing', 'diff', oldFile, newFile, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const { changes, ...head } = JSON.parse(r.stdout);
    expect(head).toEqual({ schemaVersion: 1, kind: 'capacity-price-diff', old: oldFile, new: newFile });
    expect(changes).toHaveLength(2);
    expect(changes).toContainEqual({ path: 'ec2.t3.small.usdPerHour', old: 0.0208, new: 0.0312, changePercent: expect.closeTo(50, 6) });
    expect(changes).toContainEqual({ path: 'rds.postgres.db.t3.micro.singleAzUsdPerHour', old: 0.018, new: 0.0162, changePercent: expect.closeTo(-10, 6) });
    const table = runCli(['pricing', 'diff', oldFile, newFile]);
    expect(table.stdout).toContain('+50 %');
    expect(table.stdout).toContain('-10 %');
  });

  // Both files are validated as the pricing files they claim to be: a diff of anything else lists every price as
  // removed and exits 0.
  it.each([
    ['an LLM catalogue against an AWS snapshot', () => bundled('llm-'), /cannot compare an AWS snapshot .* with an LLM catalogue/],
    ['an empty object', () => tmp('{}'), /is not a valid pricing file\n\s+schemaVersion: required field is missing \(expected 1\)/],
    ['a plan', () => tmp('{"schemaVersion": 1, "kind": "capacity-plan"}'), /snapshot\.json is a capacity-plan, not a pricing file/],
    ['a directory', () => tmpDir(), /cannot read .*: it is a directory, not a file \(EISDIR\)/],
    ['a negative price', () => tmp(JSON.stringify({ ...awsSnapshot(), ec2: { ...awsSnapshot().ec2, 't3.small': { ...awsSnapshot().ec2['t3.small'], usdPerHour: -1 } } })), /ec2\.t3\.small\.usdPerHour: must be at least 0, got -1/],
    ['a price given as text', () => tmp(JSON.stringify({ ...awsSnapshot(), ec2: { ...awsSnapshot().ec2, 't3.small': { ...awsSnapshot().ec2['t3.small'], usdPerHour: 'abc' } } })), /ec2\.t3\.small\.usdPerHour: expected number, got "abc"/],
  ])('diff with %s exits 2', (_, newFile, message) => {
    const r = runCli(['pricing', 'diff', bundled('aws-us-east-1-'), newFile()]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('diff of two regions says so on stderr, and compares them', () => {
    const other = tmp(JSON.stringify({ ...awsSnapshot(), region: 'eu-west-3' }));
    const r = runCli(['pricing', 'diff', bundled('aws-us-east-1-'), other, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('note: the snapshots price two regions: us-east-1 (old) and eu-west-3 (new)\n');
    expect(JSON.parse(r.stdout).changes).toEqual([]);
  });
});

function awsSnapshot() {
  return JSON.parse(readFileSync(bundled('aws-us-east-1-'), 'utf8'));
}

function tmp(content: string): string {
  const file = join(mkdtempSync(join(tmpDir(), 'diff-')), 'snapshot.json');
  writeFileSync(file, content);
  return file;
}
