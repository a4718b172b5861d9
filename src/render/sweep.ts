/** Renderers over one Sweep, looked up by `capacity sweep --format`. */
import type { Style } from '../cli/output.js';
import type { Sweep } from '../sweep/sweep.js';
import { renderSweepChart } from './sweep-chart.js';
import { renderSweepHtml } from './sweep-html.js';
import { renderSweepTable } from './sweep-table.js';

export type SweepRenderer = (sweep: Sweep, style: Style) => string;

export const sweepRenderers = {
  table: renderSweepTable,
  json: (sweep: Sweep) => `${JSON.stringify(sweep, null, 2)}\n`,
  chart: renderSweepChart,
  html: (sweep: Sweep) => renderSweepHtml(sweep),
} satisfies Record<string, SweepRenderer>;

export type SweepFormat = keyof typeof sweepRenderers;
export const SWEEP_FORMATS = Object.keys(sweepRenderers) as SweepFormat[];
