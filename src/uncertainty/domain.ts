/**
 * The values a profile field may take, read from the JSON Schema the profile schema generates (`capacity schema`), so
 * that a fitted range distribution can be clamped into them: `traffic.peakConcurrentRatio` to [0, 1],
 * `targets.utilization` to (0, 1], and so on. The caller passes the JSON Schema (the CLI, the shipped
 * profiles/profile.schema.json): importing the profile schema here would build it, most of a profile's validation
 * time, in runs that take an already validated profile.
 */
import type { Domain } from './pert.js';

type JsonSchema = Record<string, unknown>;

let root: JsonSchema | undefined;

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows a local `$ref` (`#/$defs/…`) to the schema it names. */
function deref(node: JsonSchema): JsonSchema {
  const ref = node['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  let at: unknown = root;
  for (const key of ref.slice(2).split('/')) at = isObject(at) ? at[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isObject(at) ? deref(at) : node;
}

/** The node and every alternative it offers (`anyOf`, `oneOf`, `allOf`), flattened. */
function alternatives(node: JsonSchema): JsonSchema[] {
  const n = deref(node);
  const out = [n];
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = n[key];
    if (Array.isArray(list)) for (const item of list) if (isObject(item)) out.push(...alternatives(item));
  }
  return out;
}

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The domain of the numeric field at `path` (e.g. `['traffic', 'peakConcurrentRatio']`): its JSON Schema `minimum` /
 * `exclusiveMinimum` and `maximum` / `exclusiveMaximum`, an exclusive bound read as the closed one (exclusiveMinimum 0
 * gives min 0). For a field with a unit the number form is the one read (the bounds are in the field's unit, as ranges
 * are). Every ranged field is at least non-negative: min is never below 0, and a field the schema does not describe
 * gets { min: 0 }.
 */
export function fieldDomain(path: readonly string[], schema: JsonSchema): Domain {
  root = schema;
  let nodes: JsonSchema[] = [root];
  for (const key of path) {
    const next: JsonSchema[] = [];
    for (const node of nodes) {
      for (const alt of alternatives(node)) {
        const props = alt['properties'];
        if (isObject(props) && isObject(props[key])) next.push(props[key]);
      }
    }
    nodes = next;
  }
  const numeric = nodes.flatMap(alternatives).find((n) => n['type'] === 'number' || n['type'] === 'integer');
  if (!numeric) return { min: 0 };
  const mins = [numeric['minimum'], numeric['exclusiveMinimum']].map(finite).filter((v) => v !== undefined);
  const maxes = [numeric['maximum'], numeric['exclusiveMaximum']].map(finite).filter((v) => v !== undefined);
  return { min: Math.max(0, ...mins), ...(maxes.length > 0 ? { max: Math.min(...maxes) } : {}) };
}
