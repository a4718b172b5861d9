/**
 * End-to-end: `capacity schema` prints the JSON Schema of profiles, and the committed profiles/profile.schema.json is
 * exactly that output, so it cannot go stale. Regenerate it with `node bin/capacity.cjs schema > profiles/profile.schema.json`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { show } from './expect-cli.js';

const SECTIONS = ['traffic', 'conversation', 'llm', 'app', 'database', 'redis', 'targets'];

interface JsonSchema {
  $schema?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
  [key: string]: unknown;
}

function schemaOutput(): string {
  const result = runCli(['schema'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
  expect(result.status, show(result)).toBe(0);
  expect(result.stderr, show(result)).toBe('');
  return result.stdout;
}

describe('capacity schema', () => {
  const text = schemaOutput();
  const schema = JSON.parse(text) as JsonSchema;

  it('prints one JSON document with no colour codes', () => {
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\x1b\[/);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('is a draft 2020-12 JSON Schema for an object', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
  });

  it('describes every profile section and the top-level fields', () => {
    const props = schema.properties ?? {};
    for (const key of [...SECTIONS, 'name', 'users', 'region']) expect(Object.keys(props), key).toContain(key);
    for (const key of SECTIONS) {
      const section = props[key]!;
      const inner = section.properties ? section : ((section.anyOf as JsonSchema[] | undefined)?.find((s) => s.properties) ?? section);
      expect(inner.type, key).toBe('object');
      expect(Object.keys(inner.properties ?? {}).length, `${key} has fields`).toBeGreaterThan(0);
    }
  });

  it('names the fields of the design (§3)', () => {
    const field = (section: string, name: string) => schema.properties?.[section]?.properties?.[name];
    const expected: Record<string, string[]> = {
      traffic: ['dailyActiveRatio', 'peakConcurrentRatio', 'peakConcurrentUsers', 'sessionsPerActiveUserPerDay', 'messagesPerSession', 'secondsBetweenMessages'],
      conversation: ['threadBytes', 'retentionHours'],
      llm: ['provider', 'model', 'systemPromptTokens', 'tokensPerUserMessage', 'tokensPerReply', 'historyTurnsSent', 'cachedInputShare', 'perRequestUsd', 'streamSeconds', 'usageTier'],
      app: ['processBaseMB', 'systemReservedMB', 'workersPerVcpu', 'cpuMsPerMessage', 'requestsPerMessage', 'connectionKB'],
      database: ['queriesPerMessage', 'queryMs', 'readShare', 'poolSizePerWorker', 'maxOverflowPerWorker', 'storageGB'],
      redis: ['bytesPerConnection', 'bytesPerSession', 'sessionTtlHours', 'poolSizePerWorker'],
      targets: ['utilization', 'availability', 'durability'],
    };
    for (const [section, names] of Object.entries(expected)) {
      for (const name of names) expect(field(section, name), `${section}.${name}`).toBeDefined();
    }
  });

  it('rejects unknown fields, as the validator does', () => {
    expect(schema.additionalProperties).toBe(false);
    for (const key of SECTIONS) expect(schema.properties?.[key]?.additionalProperties, key).toBe(false);
  });

  it('accepts sizes and durations with units as strings', () => {
    const threadBytes = JSON.stringify(schema.properties?.conversation?.properties?.threadBytes);
    expect(threadBytes).toContain('"number"');
    expect(threadBytes).toContain('"string"');
  });

  it('equals the committed profiles/profile.schema.json (regenerate with: capacity schema > profiles/profile.schema.json)', () => {
    expect(readFileSync(join(ROOT, 'profiles', 'profile.schema.json'), 'utf8')).toBe(text);
  });
});

describe('profiles point editors at the schema', () => {
  const profiles = readdirSync(join(ROOT, 'profiles')).filter((f) => f.endsWith('.yaml'));

  it('there are profiles', () => {
    expect(profiles.length).toBeGreaterThan(0);
  });

  it.each(profiles)('profiles/%s starts with the yaml-language-server $schema line', (name) => {
    const first = readFileSync(join(ROOT, 'profiles', name), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=./profile.schema.json');
  });
});
