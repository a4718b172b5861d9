/** The user counts a sweep plans at: integers from `from` to `to`, spaced evenly on a log or linear axis. */
import { decimal } from '../number-text.js';

export type SweepScale = 'log' | 'linear';

export interface UserRange {
  from: number;
  to: number;
}

/** Parses `50..20000` (underscores, exponents and a k/M suffix allowed: `1k..20k`, `1e3..2e4`). Returns an error message instead of throwing. */
export function parseUserRange(text: string): UserRange | string {
  const match = /^\s*(\S+?)\s*\.\.\s*(\S+?)\s*$/.exec(text);
  if (!match) return `expected a range like 50..20000, got "${text}"`;
  const from = count(match[1]!);
  const to = count(match[2]!);
  if (from === undefined || to === undefined) return `expected whole user counts like 50..20000, got "${text}"`;
  if (from < 1) return `the range must start at 1 user or more, got "${text}"`;
  if (to <= from) return `the range must end above its start, got "${text}"`;
  return { from, to };
}

/** `20000`, `20_000`, `2e4`, `20k`, `1.5m`: a whole user count, else undefined. */
function count(text: string): number | undefined {
  const suffix = text.slice(-1).toLowerCase();
  const factor = suffix === 'k' ? 1_000 : suffix === 'm' ? 1_000_000 : 1;
  // Scaled by the exponent, not by multiplying: 2.01 × 1000 is 2009.9999999999998, 2.01e3 is 2010.
  const n = factor === 1 ? decimal(text) : decimal(`${text.slice(0, -1)}e${factor === 1_000 ? 3 : 6}`);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * `points` user counts from `from` to `to` inclusive, rounded to integers and deduplicated (so a narrow range can
 * give fewer points than asked). Log spacing is the default: cost curves of chat products span decades of users.
 */
export function userGrid(range: UserRange, points: number, scale: SweepScale): number[] {
  const { from, to } = range;
  const n = Math.max(2, Math.floor(points));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    const x = scale === 'log' ? from * Math.pow(to / from, t) : from + (to - from) * t;
    const users = i === 0 ? from : i === n - 1 ? to : Math.round(x);
    if (out.length === 0 || users > out[out.length - 1]!) out.push(users);
  }
  return out;
}
