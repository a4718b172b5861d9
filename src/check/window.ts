/**
 * The time window of a check and the period of its queries. CloudWatch keeps one-minute data for 15 days, five-minute
 * data for 63 days and hourly data for 455 days: a period that does not fit the age of the window's start returns no
 * data at all, so the period must be a multiple of 60 s, of 300 s past 15 days, and of 3600 s past 63 days.
 */
import type { CheckWindow } from './types.js';

const DAY = 86_400;
export const MAX_LOOKBACK_DAYS = 455;
/** Datapoints per metric the period aims at: one day at one-minute resolution. */
export const MAX_POINTS_PER_METRIC = 1440;
/** Periods on offer, shortest first; each past 300 s divides by 300 and each past 3600 s by 3600. */
export const PERIODS = [60, 300, 600, 900, 1800, 3600, 10_800, 21_600, 43_200, 86_400] as const;

/** The multiple of seconds a period must be for data whose oldest point is `ageSeconds` old. */
export function periodMultipleForAge(ageSeconds: number): number {
  if (ageSeconds > 63 * DAY) return 3600;
  if (ageSeconds > 15 * DAY) return 300;
  return 60;
}

export interface Window {
  startSeconds: number;
  endSeconds: number;
  periodSeconds: number;
}

/**
 * The window ending at the last whole period before `nowSeconds` and reaching back at least `lookbackSeconds`, with the
 * shortest period that keeps each metric to MAX_POINTS_PER_METRIC datapoints and is valid for the age of the start.
 * Start and end are aligned to the period, as CloudWatch recommends for consistent results.
 */
export function checkWindow(lookbackSeconds: number, nowSeconds: number): Window {
  for (const period of PERIODS) {
    if (lookbackSeconds / period > MAX_POINTS_PER_METRIC) continue;
    const endSeconds = Math.floor(nowSeconds / period) * period;
    const startSeconds = endSeconds - Math.ceil(lookbackSeconds / period) * period;
    if (period % periodMultipleForAge(nowSeconds - startSeconds) !== 0) continue;
    return { startSeconds, endSeconds, periodSeconds: period };
  }
  throw new RangeError(`no period fits a lookback of ${lookbackSeconds} s`);
}

export function windowJson(w: Window): CheckWindow {
  return { start: new Date(w.startSeconds * 1000).toISOString(), end: new Date(w.endSeconds * 1000).toISOString(), periodSeconds: w.periodSeconds };
}

export function windowFromJson(w: CheckWindow): Window {
  return { startSeconds: Date.parse(w.start) / 1000, endSeconds: Date.parse(w.end) / 1000, periodSeconds: w.periodSeconds };
}

/** Period starts from the window's start to its end: the timestamps CloudWatch labels each period with. */
export function periodStarts(w: Window): number[] {
  const out: number[] = [];
  for (let t = w.startSeconds; t < w.endSeconds; t += w.periodSeconds) out.push(t);
  return out;
}
