/**
 * GetMetricData responses as data: merged from pages, written by `--save`, and read back by `--metrics` either from
 * what `--save` wrote or from what `aws cloudwatch get-metric-data` prints (its pages concatenated, timestamps as
 * ISO-8601 strings). A saved file carries, under `capacity`, the window and queries it was fetched with.
 */
import '../zod-config.js';
import * as z from 'zod/mini';
import { UserError } from '../errors.js';
import type { CheckWindow, MetricDataQuery, MetricSpec, Series } from './types.js';
import { windowFromJson, windowJson, type Window } from './window.js';

export const METRICS_FILE_KIND = 'capacity-check-metrics';

/** One MetricDataResults entry with timestamps in epoch seconds. */
export interface RawResult {
  Id: string;
  Label?: string;
  Timestamps: number[];
  Values: number[];
  StatusCode?: string;
  Messages?: { Code?: string; Value?: string }[];
}

export interface MetricData {
  series: Map<string, Series>;
  /** Top-level and per-query messages, e.g. "ArithmeticError" or why a query was Forbidden. */
  messages: string[];
}

export interface SavedMeta {
  schemaVersion: 1;
  kind: typeof METRICS_FILE_KIND;
  window: CheckWindow;
  region: string;
  calls: number;
  metricsRequested: number;
  queries: MetricDataQuery[];
}

/** Pages of results (several entries per Id) → one series per Id, oldest first. */
export function mergeResults(results: readonly RawResult[], topMessages: readonly { Code?: string; Value?: string }[] = []): MetricData {
  const series = new Map<string, Series>();
  const messages = topMessages.map((m) => [m.Code, m.Value].filter(Boolean).join(': '));
  for (const r of results) {
    const s = series.get(r.Id) ?? { timestamps: [], values: [], statusCodes: [], messages: [] };
    r.Timestamps.forEach((t, i) => {
      s.timestamps.push(t);
      s.values.push(r.Values[i]!);
    });
    if (r.StatusCode) s.statusCodes.push(r.StatusCode);
    for (const m of r.Messages ?? []) s.messages.push([m.Code, m.Value].filter(Boolean).join(': '));
    series.set(r.Id, s);
  }
  for (const s of series.values()) {
    const order = s.timestamps.map((_, i) => i).sort((a, b) => s.timestamps[a]! - s.timestamps[b]!);
    s.timestamps = order.map((i) => s.timestamps[i]!);
    s.values = order.map((i) => s.values[i]!);
  }
  return { series, messages };
}

/** The file `--save` writes: the response in the AWS CLI's shape, plus what capacity needs to read it back. */
export function savedMetricsJson(results: readonly RawResult[], messages: readonly { Code?: string; Value?: string }[], meta: SavedMeta): string {
  const MetricDataResults = results.map((r) => ({
    Id: r.Id,
    ...(r.Label !== undefined ? { Label: r.Label } : {}),
    Timestamps: r.Timestamps.map((t) => new Date(t * 1000).toISOString()),
    Values: r.Values,
    StatusCode: r.StatusCode ?? 'Complete',
    ...(r.Messages && r.Messages.length > 0 ? { Messages: r.Messages } : {}),
  }));
  return `${JSON.stringify({ MetricDataResults, Messages: messages, capacity: meta }, null, 2)}\n`;
}

const messageSchema = z.looseObject({ Code: z.optional(z.string()), Value: z.optional(z.string()) });
const resultSchema = z
  .looseObject({
    Id: z.string().check(z.minLength(1)),
    Label: z.optional(z.string()),
    Timestamps: z.array(z.union([z.string(), z.number()])),
    Values: z.array(z.number()),
    StatusCode: z.optional(z.string()),
    Messages: z.optional(z.array(messageSchema)),
  })
  .check(z.refine((r) => r.Timestamps.length === r.Values.length, { message: 'Timestamps and Values differ in length', path: ['Values'] }));
const dimensionSchema = z.object({ Name: z.string(), Value: z.string() });
const querySchema = z.looseObject({
  Id: z.string(),
  MetricStat: z.looseObject({ Metric: z.looseObject({ Namespace: z.string(), MetricName: z.string(), Dimensions: z.array(dimensionSchema) }), Period: z.int().check(z.positive()), Stat: z.string() }),
});
const metaSchema = z.looseObject({
  schemaVersion: z.literal(1),
  kind: z.literal(METRICS_FILE_KIND),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime(), periodSeconds: z.int().check(z.positive()) }),
  region: z.string(),
  calls: z.int().check(z.nonnegative()),
  metricsRequested: z.int().check(z.nonnegative()),
  queries: z.array(querySchema),
});
const fileSchema = z.looseObject({
  MetricDataResults: z.array(resultSchema),
  Messages: z.optional(z.array(messageSchema)),
  NextToken: z.optional(z.string()),
  capacity: z.optional(metaSchema),
});

export interface MetricsFile {
  data: MetricData;
  meta?: SavedMeta;
  /** The window: the saved one, or (for an AWS CLI response) from the timestamps. */
  window?: Window;
  notes: string[];
}

/**
 * Read a metrics file. Without capacity's metadata the period is the smallest step between timestamps, and the window
 * runs from the first timestamp to one period past the last; `fallbackPeriod` serves when no series has two points.
 */
export function parseMetricsFile(raw: unknown, file: string, fallbackPeriod: number): MetricsFile {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UserError(
      `invalid metrics file ${file}`,
      parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join('.') || '(top level)', message: i.message })),
      'give the JSON that `capacity check --live --save` wrote, or that `aws cloudwatch get-metric-data` printed',
    );
  }
  const f = parsed.data;
  const notes: string[] = [];
  const results: RawResult[] = [];
  f.MetricDataResults.forEach((r, index) => {
    const Timestamps = r.Timestamps.map((t, i) => {
      const seconds = typeof t === 'number' ? t : Date.parse(t) / 1000;
      if (!Number.isFinite(seconds)) throw new UserError(`invalid metrics file ${file}`, [{ path: `MetricDataResults.${index}.Timestamps.${i}`, message: `not a timestamp: ${JSON.stringify(t)}` }]);
      return seconds;
    });
    results.push({ Id: r.Id, Timestamps, Values: r.Values, ...(r.StatusCode ? { StatusCode: r.StatusCode } : {}), ...(r.Messages ? { Messages: r.Messages } : {}) });
  });
  const data = mergeResults(results, f.Messages ?? []);
  if (f.NextToken) notes.push(`${file} ends with a NextToken: it holds only the first page(s) of the response`);
  if (f.capacity) return { data, meta: f.capacity as SavedMeta, window: windowFromJson(f.capacity.window), notes };
  const window = inferWindow(data, fallbackPeriod);
  if (window) notes.push(`${file} has no capacity metadata: the window (${windowJson(window).start} to ${windowJson(window).end}, ${window.periodSeconds} s periods) comes from its timestamps`);
  return { data, ...(window ? { window } : {}), notes };
}

function inferWindow(data: MetricData, fallbackPeriod: number): Window | undefined {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let step = Number.POSITIVE_INFINITY;
  for (const s of data.series.values()) {
    s.timestamps.forEach((t, i) => {
      first = Math.min(first, t);
      last = Math.max(last, t);
      const gap = i > 0 ? t - s.timestamps[i - 1]! : 0;
      if (gap > 0) step = Math.min(step, gap);
    });
  }
  if (!Number.isFinite(first)) return undefined;
  const periodSeconds = Number.isFinite(step) ? step : fallbackPeriod;
  return { startSeconds: first, endSeconds: last + periodSeconds, periodSeconds };
}

/** A saved file must have been fetched for the deployment now being checked: same ids, metrics, dimensions, stats. */
export function checkSavedQueries(meta: SavedMeta, specs: readonly MetricSpec[], file: string): void {
  const byId = new Map(meta.queries.map((q) => [q.Id, q]));
  const mismatched: string[] = [];
  for (const s of specs) {
    const q = byId.get(s.id);
    const same =
      q !== undefined &&
      q.MetricStat.Metric.Namespace === s.namespace &&
      q.MetricStat.Metric.MetricName === s.metric &&
      q.MetricStat.Stat === s.stat &&
      JSON.stringify(q.MetricStat.Metric.Dimensions) === JSON.stringify(s.dimensions);
    if (!same) mismatched.push(`${s.id} (${s.namespace} ${s.metric} ${s.dimensions.map((d) => `${d.Name}=${d.Value}`).join(',')})`);
  }
  if (mismatched.length > 0) {
    throw new UserError(
      `${file} was fetched for a different deployment`,
      mismatched.slice(0, 5).map((m) => ({ message: `not in the file: ${m}` })),
      'check with the profile and flags the file was saved with',
    );
  }
}

/** A response fetched with other queries (not from --print-queries) shares no id with the deployment's queries. */
export function checkResponseIds(data: MetricData, specs: readonly MetricSpec[], file: string): void {
  if (data.series.size === 0 || specs.some((s) => data.series.has(s.id))) return;
  throw new UserError(
    `${file} answers other queries than this deployment's`,
    [{ message: `its ids: ${[...data.series.keys()].slice(0, 5).join(', ')}; capacity's: ${specs.slice(0, 5).map((s) => s.id).join(', ')}` }],
    'fetch it with the input `capacity check --print-queries` prints: aws cloudwatch get-metric-data --cli-input-json file://queries.json',
  );
}
