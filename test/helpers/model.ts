/** Builds profiles and plans in-process for unit tests. */
import { loadCatalogue } from '../../src/catalogue/load.js';
import type { Catalogue } from '../../src/catalogue/schema.js';
import { planCapacity, type PlanOptions } from '../../src/model/planner.js';
import type { Plan } from '../../src/model/plan.js';
import { parseProfile } from '../../src/profile/load.js';
import { profileJsonSchema, profileSchema, type Profile, type ProfileInput } from '../../src/profile/schema.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** A profile with three ranges (the README's example), at 2,000 users. */
export const RANGED_PROFILE = `name: ranged
users: 2000
traffic:
  peakConcurrentRatio: {low: 0.05, mid: 0.1, high: 0.2}
conversation:
  threadBytes: {low: 50KB, mid: 100KB, high: 200KB}
llm:
  provider: openai
  model: gpt-4.1-mini
  tokensPerReply: {low: 150, mid: 250, high: 500}
`;

let catalogue: Catalogue | undefined;
export function usEast1(): Catalogue {
  catalogue ??= loadCatalogue('us-east-1');
  return catalogue;
}

let jsonSchema: Record<string, unknown> | undefined;
/** The profile JSON Schema, generated once per test file (where an uncertain plan reads each field's domain). */
export function profileJsonSchemaOnce(): Record<string, unknown> {
  jsonSchema ??= profileJsonSchema();
  return jsonSchema;
}

export function profileOf(input: ProfileInput): Profile {
  return profileSchema.parse(input);
}

export function bundledProfile(name: string, overrides: { users?: number } = {}): Profile {
  const file = join(ROOT, 'profiles', `${name}.yaml`);
  return parseProfile(readFileSync(file, 'utf8'), file, overrides);
}

export function plan(profile: Profile, options: PlanOptions = {}) {
  return planCapacity(profile, usEast1(), options);
}

type Overrides = { [K in keyof Profile]?: Partial<NonNullable<Profile[K]>> };

/** The profile with some fields of its sections replaced, as a resolved profile (no re-validation). */
export function withOverrides(profile: Profile, overrides: Overrides): Profile {
  const out: Record<string, unknown> = { ...profile };
  for (const [key, value] of Object.entries(overrides)) {
    const section = (profile as Record<string, unknown>)[key] as object | undefined;
    out[key] = { ...section, ...(value as object) };
  }
  return out as Profile;
}

export const componentOf = (p: Plan, role: string) => p.components.find((c) => c.role === role);
export const constraintOf = (p: Plan, id: string) => p.constraints.find((c) => c.id === id);
