/**
 * A baseline: a Plan saved with `capacity plan --format json --out plan.json` (on the main branch, say). Only the
 * fields the gate compares are checked; the rest of the plan may be anything. Pure: the CLI reads the file.
 */
import '../zod-config.js';
import * as z from 'zod/mini';
import { UserError } from '../errors.js';
import { PLAN_SCHEMA_VERSION } from '../model/plan.js';

const micros = z.int();

const baselineSchema = z.looseObject({
  schemaVersion: z.number(),
  profile: z.optional(z.looseObject({ name: z.optional(z.string()) })),
  pricing: z.optional(z.looseObject({ snapshot: z.optional(z.string()), llmCatalogue: z.optional(z.string()) })),
  phase: z.optional(z.looseObject({ id: z.string() })),
  demand: z.looseObject({ users: z.number().check(z.positive()) }),
  components: z.array(z.looseObject({ role: z.string(), service: z.string(), type: z.string(), count: z.number(), monthlyMicros: micros })),
  totals: z.looseObject({ infraMonthlyMicros: micros, llmMonthlyMicros: micros, monthlyMicros: micros }),
});

export type BaselinePlan = z.output<typeof baselineSchema>;

export interface Baseline {
  /** The path as the user gave it. */
  file: string;
  plan: BaselinePlan;
}

const HINT = 'a baseline is the JSON of a plan: capacity plan --format json --out plan.json';

export function parseBaseline(raw: unknown, file: string): Baseline {
  const version = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).schemaVersion : undefined;
  if (version === undefined) throw new UserError(`baseline ${file} is not a capacity plan: it has no schemaVersion`, [], HINT);
  const kind = (raw as Record<string, unknown>).kind;
  if (kind === 'capacity-uncertain-plan') {
    throw new UserError(`baseline ${file} is an uncertain plan (a profile with ranges); the gate compares plans at the ranges' mid values`, [], 'save the baseline with capacity plan --at-mid --format json --out plan.json');
  }
  if (typeof kind === 'string' && kind !== 'capacity-plan') throw new UserError(`baseline ${file} is a ${kind}, not a capacity plan`, [], HINT);
  if (version !== PLAN_SCHEMA_VERSION) {
    throw new UserError(`baseline ${file} is a plan of schemaVersion ${JSON.stringify(version)}; this capacity reads schemaVersion ${PLAN_SCHEMA_VERSION}`, [], 'save the baseline again with this version of capacity');
  }
  const result = baselineSchema.safeParse(raw);
  if (!result.success) {
    const details = result.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String).join('.') || '(top level)', message: describe(issue, valueAt(raw, issue.path)) }));
    throw new UserError(`baseline ${file} is not a capacity plan`, details, HINT);
  }
  return { file, plan: result.data };
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const key of path) current = current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  return current;
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (value === undefined) return `required field is missing (expected ${issue.expected})`;
  return `expected ${issue.expected === 'int' ? 'a whole number of micro-dollars' : issue.expected}, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`;
}
