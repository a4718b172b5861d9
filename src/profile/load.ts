/**
 * Profile text → validated, resolved Profile. Pure: the CLI reads the file. Flags (`--users`, `--concurrent`,
 * `--region`, `--model`) are applied here, so the resolved profile in the plan shows what was planned.
 */
import { locateInYaml, parseYamlWithSchema } from '../config/yaml.js';
import { UserError, type ErrorDetail } from '../errors.js';
import type { Catalogue } from '../catalogue/schema.js';
import { NOT_RANGES, profileSchema, type Profile } from './schema.js';
import { checkReferences, resolveConcurrency, type ProfileOverrides } from './resolve.js';

export type { ProfileOverrides } from './resolve.js';

/**
 * The profile, every range read at its mid value (what every command but an uncertain `plan` plans). The ranges are
 * still checked in full, as parseProfileWithRanges checks them: a profile `plan` rejects is invalid for every command.
 */
export function parseProfile(text: string, file: string, overrides: ProfileOverrides = {}): Profile {
  return parseProfileWithRanges(text, file, overrides).profile;
}

/** Which value of each range a parse takes. Commands other than an uncertain `plan` read ranges at `mid`. */
export type RangeBound = 'low' | 'mid' | 'high';

/** A numeric profile field given as `{low, mid, high}`, in the field's own unit (after unit conversion). */
export interface RangeField {
  path: string[];
  low: number;
  mid: number;
  high: number;
}

function parseProfileAt(text: string, file: string, overrides: ProfileOverrides, bound: RangeBound, found: string[][], keepRaw?: (raw: Record<string, unknown>) => void): Profile {
  const result = parseYamlWithSchema(text, profileSchema, (raw) => {
    const withFlags = applyRawOverrides(raw as Record<string, unknown>, overrides);
    keepRaw?.(withFlags);
    return substituteRanges(withFlags, bound, [], found);
  });
  if (!result.ok) throw new UserError(`invalid profile ${file}`, result.errors.map((e) => blameFlag(e, overrides)));
  const bad = found.filter((path) => NOT_RANGES.has(path.join('.')));
  if (bad.length > 0) {
    throw new UserError(
      `invalid profile ${file}`,
      bad.map((path) => ({ path: path.join('.'), ...(locateInYaml(text, path) ?? {}), message: `cannot be a range {low, mid, high}; give a number${path[0] === 'uncertainty' ? ' (it sets how ranges are sampled)' : ' (for concurrency, a range on traffic.peakConcurrentRatio)'}` })),
    );
  }
  return resolveConcurrency(result.value, overrides, file, (path) => locateInYaml(text, path));
}

/** `{low, mid, high}` and nothing else: the shape of a range. */
function isRange(value: unknown): value is Record<RangeBound, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  return keys.length === 3 && keys[0] === 'high' && keys[1] === 'low' && keys[2] === 'mid';
}

/** The raw profile with each range replaced by its `bound`; the paths of the ranges are appended to `found`. */
function substituteRanges(value: unknown, bound: RangeBound, path: string[], found: string[][]): unknown {
  if (isRange(value)) {
    found.push(path);
    return value[bound];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = substituteRanges(v, bound, [...path, key], found);
  return out;
}

function valueAt(profile: Profile, path: string[]): unknown {
  let v: unknown = profile;
  for (const key of path) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[key];
  return v;
}

/**
 * The profile at the mid value of every range, and the ranges themselves: each bound is validated (and its unit
 * converted) by the field's own schema, so `threadBytes: {low: 50KB, mid: 100KB, high: 200KB}` gives bytes; then
 * low ≤ mid ≤ high is checked, with the field's YAML line on error.
 */
export function parseProfileWithRanges(text: string, file: string, overrides: ProfileOverrides = {}): { profile: Profile; ranges: RangeField[] } {
  const paths: string[][] = [];
  let raw: Record<string, unknown> = {};
  const profile = parseProfileAt(text, file, overrides, 'mid', paths, (r) => (raw = r));
  if (paths.length === 0) return { profile, ranges: [] };
  // The YAML is parsed once: the low and high profiles validate the same document with the other bound substituted
  // (the full parse runs again only to place an error on its line).
  const atBound = (bound: RangeBound): Profile => {
    const checked = profileSchema.safeParse(substituteRanges(raw, bound, [], []));
    if (checked.success) {
      try {
        return resolveConcurrency(checked.data, overrides, file, () => undefined);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
      }
    }
    return parseProfileAt(text, file, overrides, bound, []);
  };
  const low = atBound('low');
  const high = atBound('high');
  const ranges: RangeField[] = [];
  const details: ErrorDetail[] = [];
  for (const path of paths) {
    const [l, m, h] = [valueAt(low, path), valueAt(profile, path), valueAt(high, path)];
    const where = () => ({ path: path.join('.'), ...(locateInYaml(text, path) ?? {}) });
    if (typeof l !== 'number' || typeof m !== 'number' || typeof h !== 'number') details.push({ ...where(), message: 'a range {low, mid, high} is only allowed on a numeric field' });
    else if (!(l <= m && m <= h)) details.push({ ...where(), message: `a range needs low ≤ mid ≤ high; got low ${l}, mid ${m}, high ${h} (in the field's unit)` });
    else ranges.push({ path, low: l, mid: m, high: h });
  }
  if (details.length > 0) throw new UserError(`invalid profile ${file}`, details);
  return { profile, ranges };
}

/** An error in a value a flag set names the flag, not the profile line the flag replaced. */
function blameFlag(detail: ErrorDetail, o: ProfileOverrides): ErrorDetail {
  const flag = detail.path === 'region' && o.region !== undefined ? '--region' : detail.path === 'llm.model' && o.model !== undefined ? '--model' : undefined;
  return flag ? { path: flag, message: detail.message } : detail;
}

function applyRawOverrides(raw: Record<string, unknown>, o: ProfileOverrides): Record<string, unknown> {
  const out = { ...raw };
  if (o.region !== undefined) out.region = o.region;
  if (o.model !== undefined) {
    // The model's provider is the catalogue's: the profile's, named for its own model, would only disagree.
    const { provider: _, ...llm } = (raw.llm as Record<string, unknown> | undefined) ?? {};
    out.llm = { ...llm, model: o.model };
  }
  return out;
}

/** Names the profile uses that the catalogue must know: the LLM model and any pinned instance types. */
export function checkCatalogueReferences(profile: Profile, catalogue: Catalogue, text: string, file: string, flags: ProfileOverrides = {}): void {
  checkReferences(profile, catalogue, file, flags, (path) => locateInYaml(text, path));
}
