/** Axis arithmetic shared by the terminal chart and the HTML report. */
import type { Sweep } from '../sweep/sweep.js';
import { PHASES, type PhaseId } from '../model/types.js';

/** Maps a user count to [0, 1] along the sweep's axis (log or linear). */
export function xFraction(sweep: Sweep, users: number): number {
  const { from, to, scale } = sweep.range;
  if (scale === 'log') return (Math.log(users) - Math.log(from)) / (Math.log(to) - Math.log(from));
  return (users - from) / (to - from);
}

/** A "nice" upper bound for a y axis: 1, 2 or 5 times a power of ten, at or above `max`. */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(max)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= max) return m * power;
  return 10 * power;
}

/** Tick positions for the x axis: powers of 1, 2, 5 on a log axis, five even steps on a linear one. */
export function xTicks(sweep: Sweep): number[] {
  const { from, to, scale } = sweep.range;
  if (scale === 'linear') return [0, 1, 2, 3, 4].map((i) => Math.round(from + ((to - from) * i) / 4));
  const ticks: number[] = [];
  for (let p = Math.pow(10, Math.floor(Math.log10(from))); p <= to; p *= 10) for (const m of [1, 2, 5]) if (m * p >= from && m * p <= to) ticks.push(m * p);
  return ticks;
}

export const PHASE_LETTER: Record<PhaseId, string> = { 'single-instance': 'S', rds: 'R', ecs: 'E', proxy: 'P', replicas: 'X' };
export const PHASE_ORDER = PHASES;
