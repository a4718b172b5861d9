/** Builds profiles and plans in-process for unit tests. */
import { loadCatalogue } from '../../src/catalogue/load.js';
import type { Catalogue } from '../../src/catalogue/schema.js';
import { planCapacity, type PlanOptions } from '../../src/model/planner.js';
import { parseProfile } from '../../src/profile/load.js';
import { profileSchema, type Profile, type ProfileInput } from '../../src/profile/schema.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

let catalogue: Catalogue | undefined;
export function usEast1(): Catalogue {
  catalogue ??= loadCatalogue('us-east-1');
  return catalogue;
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
