/** Datapoints → the values the check reasons with: converted per period, zero-filled where AWS says so, and peaks. */
import type { MetricSpec, Peak, Series } from './types.js';
import { periodStarts, type Window } from './window.js';

export interface Point {
  t: number;
  v: number;
}

/** One value per period, oldest first; duplicates (a page boundary) keep the last. */
export function pointsOf(spec: MetricSpec, series: Series | undefined, w: Window): Point[] {
  const byTime = new Map<number, number>();
  if (series) series.timestamps.forEach((t, i) => byTime.set(t, convert(spec, series.values[i]!, w.periodSeconds)));
  if (spec.missingIsZero) for (const t of periodStarts(w)) if (!byTime.has(t)) byTime.set(t, 0);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
}

function convert(spec: MetricSpec, value: number, periodSeconds: number): number {
  switch (spec.conversion) {
    case 'value':
      return value;
    case 'per-second':
      return value / periodSeconds;
    case 'per-minute':
      return (value * 60) / periodSeconds;
    case 'per-minute-halved':
      return (value * 60) / periodSeconds / 2;
  }
}

/** The highest value, or the 99th percentile by nearest rank (the ⌈0.99·n⌉-th smallest); null for no points. */
export function peakOf(points: readonly Point[], peak: Peak): number | null {
  if (points.length === 0) return null;
  const values = points.map((p) => p.v).sort((a, b) => a - b);
  if (peak === 'max') return values.at(-1)!;
  return values[Math.ceil(0.99 * values.length) - 1]!;
}

/** The point with the highest value (the earliest of equals). */
export function busiest(points: readonly Point[]): Point | undefined {
  let best: Point | undefined;
  for (const p of points) if (!best || p.v > best.v) best = p;
  return best;
}

/** The value at time t, or else the highest value; undefined without points. */
export function valueAtOrMax(points: readonly Point[], t: number | undefined): number | undefined {
  const at = t === undefined ? undefined : points.find((p) => p.t === t);
  return at?.v ?? busiest(points)?.v;
}
