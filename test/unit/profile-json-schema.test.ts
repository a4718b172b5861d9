/**
 * The JSON Schema of profiles (`capacity schema`, profiles/profile.schema.json), checked with a real JSON Schema
 * validator: it accepts a range {low, mid, high} wherever the profile parser does (every numeric field outside
 * NOT_RANGES), rejects one where the parser does, and every bundled profile validates against it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseProfile, parseProfileWithRanges } from '../../src/profile/load.js';
import { NOT_RANGES, profileJsonSchema } from '../../src/profile/schema.js';
import { ROOT } from '../helpers/cli.js';

type Json = Record<string, unknown>;

const schema = profileJsonSchema();
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const valid = (profile: unknown): boolean => validate(profile) === true;
const errors = () => JSON.stringify(validate.errors, null, 1);

/** The raw profile with `value` at `path`, creating the sections on the way. */
function withValue(base: Json, path: string[], value: unknown): Json {
  const out = structuredClone(base);
  let node = out;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Json;
  node[path.at(-1)!] = value;
  return out;
}

/** A profile in which every optional numeric field is given, so that each appears in the parsed profile. */
const FULL: Json = {
  name: 'full',
  users: 500,
  traffic: { peakConcurrentRatio: 0.1 },
  llm: { provider: 'openai', model: 'gpt-4.1-mini', perRequestUsd: 0.01 },
  database: { cpuMsPerQuery: 2 },
  deployment: { rds: { maxConnections: 100 } },
  uncertainty: { samples: 100, seed: 1, regret: { under: 3, over: 1 } },
};

/** The dotted paths of every number in a parsed profile (arrays excluded: they hold names, and ranges are not read there). */
function numericPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'number') return [path.join('.')];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => numericPaths(v, [...path, k]));
}

/** The dotted paths of the fields the JSON Schema lets be a range. */
function rangePathsInSchema(node: Json, path: string[] = []): string[] {
  const found: string[] = [];
  for (const [key, field] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
    const at = [...path, key];
    const branches = (field.anyOf ?? []) as Json[];
    if (branches.some((b) => b.type === 'object' && Object.keys((b.properties ?? {}) as Json).join() === 'low,mid,high')) found.push(at.join('.'));
    else found.push(...rangePathsInSchema(field, at), ...branches.flatMap((b) => rangePathsInSchema(b, at)));
  }
  return found;
}

const PARSED_FULL = parseProfile(stringifyYaml(FULL), 'full.yaml');
const NUMERIC = [...numericPaths(PARSED_FULL), 'traffic.peakConcurrentUsers'].sort();
const RANGEABLE = NUMERIC.filter((p) => !NOT_RANGES.has(p));

describe('the profile JSON Schema and ranges', () => {
  it('is what profiles/profile.schema.json holds (regenerate with: capacity schema > profiles/profile.schema.json)', () => {
    expect(readFileSync(join(ROOT, 'profiles', 'profile.schema.json'), 'utf8')).toBe(`${JSON.stringify(schema, null, 2)}\n`);
  });

  it('allows a range on exactly the numeric fields outside NOT_RANGES', () => {
    expect(NUMERIC.length).toBeGreaterThan(35);
    for (const p of NOT_RANGES) expect(NUMERIC, `NOT_RANGES names a numeric field: ${p}`).toContain(p);
    expect(rangePathsInSchema(schema).sort()).toEqual(RANGEABLE);
  });

  it('the full profile validates, with a scalar in every numeric field', () => {
    expect(valid(FULL), errors()).toBe(true);
  });

  it.each(RANGEABLE)('a range on %s: the JSON Schema and the parser both accept it', (field) => {
    const path = field.split('.');
    const v = valueAt(PARSED_FULL, path);
    const raw = withValue(FULL, path, { low: v, mid: v, high: v });
    expect(valid(raw), errors()).toBe(true);
    const { ranges } = parseProfileWithRanges(stringifyYaml(raw), 'ranged.yaml');
    expect(ranges.map((r) => r.path.join('.'))).toEqual([field]);
  });

  it.each([...NOT_RANGES])('a range on %s: the JSON Schema and the parser both reject it', (field) => {
    const path = field.split('.');
    const base = field === 'traffic.peakConcurrentUsers' ? withValue(FULL, ['traffic'], {}) : FULL;
    const raw = withValue(base, path, { low: 1, mid: 1, high: 1 });
    expect(valid(raw)).toBe(false);
    expect(valid(withValue(base, path, 1)), errors()).toBe(true);
    expect(() => parseProfileWithRanges(stringifyYaml(raw), 'bad.yaml')).toThrow(UserError);
  });

  it('accepts the ranges of the README, bounds with units included', () => {
    const ranged = parseYaml(`
name: ranged
users: 2000
traffic:
  peakConcurrentRatio: {low: 0.05, mid: 0.1, high: 0.2}
  secondsBetweenMessages: {low: 10s, mid: 30, high: 1m}
conversation:
  threadBytes: {low: 50KB, mid: 100KB, high: 200KB}
llm:
  provider: openai
  model: gpt-4.1-mini
  tokensPerReply: {low: 150, mid: 250, high: 500}
app:
  processBaseMB: {low: 200, mid: 0.25GB, high: 400MB}
`) as Json;
    expect(valid(ranged), errors()).toBe(true);
  });

  it.each([
    ['an extra key', { conversation: { threadBytes: { low: '50KB', mid: '100KB', high: '200KB', p90: '180KB' } } }],
    ['a missing bound', { conversation: { threadBytes: { low: '50KB', high: '200KB' } } }],
    ['a bound out of the field\'s bounds', { traffic: { dailyActiveRatio: { low: 0.1, mid: 0.2, high: 1.5 } } }],
    ['a bound of the wrong type', { llm: { model: 'gpt-4.1-mini', tokensPerReply: { low: 150, mid: 'many', high: 500 } } }],
    ['a range on users', { users: { low: 10, mid: 20, high: 30 } }],
    ['a range on traffic.peakConcurrentUsers', { traffic: { peakConcurrentUsers: { low: 10, mid: 20, high: 30 } } }],
    ['a range on a text field', { name: { low: 'a', mid: 'b', high: 'c' } }],
    ['a range on a regret weight', { uncertainty: { regret: { under: { low: 1, mid: 3, high: 5 } } } }],
  ])('rejects %s', (_, raw) => {
    expect(valid(raw)).toBe(false);
  });

  it.each(readdirSync(join(ROOT, 'profiles')).filter((f) => f.endsWith('.yaml')))('profiles/%s validates', (name) => {
    const raw = parseYaml(readFileSync(join(ROOT, 'profiles', name), 'utf8')) as unknown;
    expect(valid(raw), errors()).toBe(true);
  });
});

describe('the uncertainty section in the JSON Schema', () => {
  it('accepts the documented shape and rejects unknown keys and non-positive weights, as the parser does', () => {
    const good = { uncertainty: { samples: 1000, seed: 1, regret: { under: 3, over: 1 } } };
    expect(valid(good), errors()).toBe(true);
    expect(() => parseProfile(stringifyYaml(good), 'good.yaml')).not.toThrow();
    for (const bad of [
      { uncertainty: { regret: { under: 3, sideways: 1 } } },
      { uncertainty: { weights: { under: 3 } } },
      { uncertainty: { regret: { under: 0 } } },
      { uncertainty: { regret: { over: -1 } } },
      { uncertainty: { samples: 0 } },
      { uncertainty: { samples: 1.5 } },
      { uncertainty: { seed: -1 } },
    ]) {
      expect(valid(bad), JSON.stringify(bad)).toBe(false);
      expect(() => parseProfile(stringifyYaml(bad), 'bad.yaml'), JSON.stringify(bad)).toThrow(UserError);
    }
  });
});

function valueAt(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) v = (v as Json)[key];
  return v;
}
