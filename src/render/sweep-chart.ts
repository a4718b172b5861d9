/**
 * The sweep as plain-character charts for a terminal: monthly cost and cost per user against users, with a band
 * of letters under each chart for the phase at each column and `|` marks for phase breakpoints.
 */
import type { Style } from '../cli/output.js';
import type { Sweep, SweepPoint } from '../sweep/sweep.js';
import { num, usd } from './format.js';
import { sweepHeadline } from './sweep-table.js';
import { PHASE_LETTER, PHASE_ORDER, niceCeiling, xFraction, xTicks } from './sweep-scale.js';

const WIDTH = 64;
const HEIGHT = 15;

export function renderSweepChart(sweep: Sweep, style: Style): string {
  const out: string[] = [`${style.bold('capacity sweep')}: ${sweepHeadline(sweep)}`, ''];
  out.push(...chart(sweep, style, 'Monthly cost (USD) against users', (p) => p.monthlyUsd), '');
  out.push(...chart(sweep, style, 'Cost per user per month (USD) against users', (p) => p.perUserMonthlyUsd), '');
  out.push(`* a planned user count, . between two of them. Phase band: ${PHASE_ORDER.map((p) => `${PHASE_LETTER[p]} = ${p}`).join(', ')}; | marks a phase breakpoint.`);
  const phaseBreaks = sweep.breakpoints.filter((b) => b.kind === 'phase');
  if (phaseBreaks.length > 0) out.push(`Phase breakpoints: ${phaseBreaks.map((b) => `${num(b.users)} users → ${b.after.phase} (${b.constraint ?? 'limit'})`).join('; ')}.`);
  out.push(`${sweep.breakpoints.length} breakpoint${sweep.breakpoints.length === 1 ? '' : 's'} in all; see --format table for the list.`);
  return `${out.join('\n')}\n`;
}

function column(sweep: Sweep, users: number): number {
  return Math.min(WIDTH - 1, Math.max(0, Math.round(xFraction(sweep, users) * (WIDTH - 1))));
}

function chart(sweep: Sweep, style: Style, title: string, value: (p: SweepPoint) => number): string[] {
  const top = niceCeiling(Math.max(...sweep.points.map(value)));
  const rows = Array.from({ length: HEIGHT }, () => Array<string>(WIDTH).fill(' '));
  // Each column shows the highest value that falls in it; columns between points are joined by the next point.
  const byColumn = new Map<number, number>();
  for (const p of sweep.points) {
    const col = column(sweep, p.users);
    byColumn.set(col, Math.max(byColumn.get(col) ?? 0, value(p)));
  }
  const rowOf = (v: number) => HEIGHT - 1 - Math.min(HEIGHT - 1, Math.round((v / top) * (HEIGHT - 1)));
  // Columns between two planned points get a '.' on the straight line between them, so the curve reads as one.
  const cols = [...byColumn.keys()].sort((a, b) => a - b);
  for (let i = 1; i < cols.length; i++) {
    const [c0, c1] = [cols[i - 1]!, cols[i]!];
    for (let c = c0 + 1; c < c1; c++) rows[rowOf(byColumn.get(c0)! + ((byColumn.get(c1)! - byColumn.get(c0)!) * (c - c0)) / (c1 - c0))]![c] = '.';
  }
  for (const [col, v] of byColumn) rows[rowOf(v)]![col] = '*';
  const label = (v: number) => usd(v).padStart(12);
  const lines = [style.bold(title)];
  rows.forEach((r, i) => {
    const v = i === 0 ? top : i === HEIGHT - 1 ? 0 : i === Math.floor((HEIGHT - 1) / 2) ? top * (1 - i / (HEIGHT - 1)) : undefined;
    lines.push(`${v === undefined ? ' '.repeat(12) : label(v)} |${r.join('')}`);
  });
  lines.push(`${' '.repeat(12)} +${'-'.repeat(WIDTH)}`);
  // Phase band: the phase at each column, from the exact phase ranges.
  const band = Array<string>(WIDTH).fill(' ');
  for (const b of sweep.phases) {
    for (let c = column(sweep, b.fromUsers); c <= column(sweep, b.toUsers); c++) band[c] = PHASE_LETTER[b.phase];
  }
  for (const b of sweep.breakpoints) if (b.kind === 'phase') band[column(sweep, b.users)] = '|';
  lines.push(`${'phase'.padStart(12)}  ${band.join('')}`);
  const axis = Array<string>(WIDTH + 8).fill(' ');
  let free = 0;
  for (const t of xTicks(sweep)) {
    const text = num(t);
    const at = Math.min(axis.length - text.length, column(sweep, t));
    if (at < free) continue; // would overwrite the previous label
    for (let i = 0; i < text.length; i++) axis[at + i] = text[i]!;
    free = at + text.length + 1;
  }
  lines.push(`${'users'.padStart(12)}  ${axis.join('').trimEnd()}`);
  return lines;
}
