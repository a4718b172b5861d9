/** zod issues in plain words, for every input the CLI validates (profiles, budgets, pricing files). */
import type * as z from 'zod/mini';

/** The value at `path` in parsed input (undefined where the path leaves it). */
export function valueAt(input: unknown, path: string[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A zod issue in words, with the value that caused it: what both YAML and JSON inputs report. */
export function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type' && value === undefined) return `required field is missing (expected ${issue.expected})`;
  if (issue.code === 'too_small') return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}, got ${describeValue(value)}`;
  if (issue.code === 'too_big') return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}, got ${describeValue(value)}`;
  if (issue.code === 'invalid_union') {
    // A union of number | unit string: report the string branch's message when the input was a string.
    const messages = issue.errors.flat().map((e) => e.message);
    const custom = messages.find((m) => m.includes('is not a'));
    return custom ?? `expected a number or a string with a unit, got ${describeValue(value)}`;
  }
  if (issue.code === 'invalid_type') return `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}, got ${describeValue(value)}`;
  if (issue.code === 'invalid_value' && value === undefined) return `required field is missing (expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')})`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(value)}`;
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}
