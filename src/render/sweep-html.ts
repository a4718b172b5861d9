/**
 * The sweep as one self-contained HTML file: inline CSS and SVG, no script, no fonts or images from the network,
 * so it can be mailed, attached to a pull request, or opened offline by someone who has never run capacity.
 */
import type { Sweep, SweepPoint } from '../sweep/sweep.js';
import { num, pct, usd } from './format.js';
import { PHASE_ORDER, niceCeiling, xFraction, xTicks } from './sweep-scale.js';
import { PHASE_DESCRIPTIONS, type PhaseId } from '../model/types.js';

const PHASE_COLOR: Record<PhaseId, string> = {
  'single-instance': '#d8ecd0',
  rds: '#d2e3f3',
  ecs: '#f6e3c4',
  proxy: '#ead5ee',
  replicas: '#f3d2d2',
};

const W = 860;
const H = 340;
const M = { left: 88, right: 20, top: 20, bottom: 46 };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function svgChart(sweep: Sweep, id: string, title: string, value: (p: SweepPoint) => number): string {
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const top = niceCeiling(Math.max(...sweep.points.map(value)));
  const x = (users: number) => M.left + xFraction(sweep, users) * plotW;
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const f = (n: number) => n.toFixed(1);
  const parts: string[] = [];
  parts.push(`<svg id="${id}" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}">`);
  parts.push(`<title>${escapeHtml(title)}</title>`);
  // Phase bands: one rectangle per range of user counts the phase covers.
  for (const b of sweep.phases) {
    const x0 = x(b.fromUsers);
    const x1 = b.toUsers >= sweep.range.to ? x(sweep.range.to) : x(b.toUsers + 1);
    parts.push(`<rect class="phase-band" data-phase="${b.phase}" x="${f(x0)}" y="${M.top}" width="${f(Math.max(0.5, x1 - x0))}" height="${plotH}" fill="${PHASE_COLOR[b.phase]}"><title>${b.phase}: ${num(b.fromUsers)}–${num(b.toUsers)} users</title></rect>`);
  }
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    parts.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#bbb" stroke-width="0.5"/>`);
    parts.push(`<text x="${M.left - 6}" y="${f(y(v) + 4)}" text-anchor="end" font-size="11">${escapeHtml(usd(v))}</text>`);
  }
  for (const t of xTicks(sweep)) {
    parts.push(`<line x1="${f(x(t))}" x2="${f(x(t))}" y1="${M.top + plotH}" y2="${M.top + plotH + 5}" stroke="#333"/>`);
    parts.push(`<text x="${f(x(t))}" y="${M.top + plotH + 18}" text-anchor="middle" font-size="11">${num(t)}</text>`);
  }
  parts.push(`<text x="${M.left + plotW / 2}" y="${H - 6}" text-anchor="middle" font-size="12">users (${sweep.range.scale} scale)</text>`);
  for (const b of sweep.breakpoints) {
    parts.push(`<line class="breakpoint" data-users="${b.users}" x1="${f(x(b.users))}" x2="${f(x(b.users))}" y1="${M.top}" y2="${M.top + plotH}" stroke="${b.kind === 'phase' ? '#a00' : '#777'}" stroke-dasharray="4 3" stroke-width="${b.kind === 'phase' ? 1.5 : 0.8}"><title>${num(b.users)} users: ${escapeHtml(b.reason)}</title></line>`);
  }
  const d = sweep.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(x(p.users))},${f(y(value(p)))}`).join(' ');
  parts.push(`<path class="curve" d="${d}" fill="none" stroke="#1f4e9a" stroke-width="2"/>`);
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  parts.push('</svg>');
  return parts.join('\n');
}

export function renderSweepHtml(sweep: Sweep): string {
  const r = sweep.range;
  const e = escapeHtml;
  const legend = PHASE_ORDER.filter((p) => sweep.phases.some((b) => b.phase === p))
    .map((p) => `<li><span class="swatch" style="background:${PHASE_COLOR[p]}"></span><b>${p}</b>: ${e(PHASE_DESCRIPTIONS[p])}</li>`)
    .join('\n');
  const rows = sweep.breakpoints
    .map(
      (b) =>
        `<tr class="${b.kind}"><td class="n">${num(b.users)}</td><td>${b.kind}</td><td>${e(b.before.phase)} → ${e(b.after.phase)}</td><td>${e(b.constraint ?? '')}</td><td>${e(b.reason)}</td><td class="n">${e(usd(b.before.monthlyUsd))}</td><td class="n">${e(usd(b.after.monthlyUsd))}</td></tr>`,
    )
    .join('\n');
  const pointRows = sweep.points
    .map((p) => `<tr><td class="n">${num(p.users)}</td><td>${p.phase}</td><td>${p.configuredAs}</td><td>${e(p.binding ?? '')}</td><td class="n">${pct(p.bindingUtilization)}</td><td class="n">${e(usd(p.monthlyUsd))}</td><td class="n">${e(usd(p.perUserMonthlyUsd))}</td></tr>`)
    .join('\n');
  const first = sweep.points[0]!;
  const last = sweep.points[sweep.points.length - 1]!;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Capacity sweep: ${e(sweep.profile)}, ${num(r.from)}–${num(r.to)} users</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 900px; color: #222; }
table { border-collapse: collapse; font-size: 13px; margin: 1em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.phase td { font-weight: 600; }
.swatch { display: inline-block; width: 1em; height: 1em; margin-right: .4em; vertical-align: middle; border: 1px solid #999; }
ul.legend { list-style: none; padding: 0; }
p.note { color: #555; font-size: 13px; }
</style>
</head>
<body>
<h1>Capacity sweep: profile “${e(sweep.profile)}”</h1>
<p>What it costs per month to run this chat product on AWS, LLM included, as the number of users with access grows from
${num(r.from)} to ${num(r.to)}. Each point is the plan <code>capacity plan --users N</code> would give (${r.points} user counts, ${r.scale} scale);
prices from ${e(sweep.pricing.snapshot)} (${e(sweep.pricing.region)}, ${e(sweep.pricing.date)}) and ${e(sweep.pricing.llmCatalogue)}.</p>
<p>At ${num(first.users)} users: ${e(usd(first.monthlyUsd))} a month (${e(usd(first.perUserMonthlyUsd))} per user), phase <b>${first.phase}</b>.
At ${num(last.users)} users: ${e(usd(last.monthlyUsd))} a month (${e(usd(last.perUserMonthlyUsd))} per user), phase <b>${last.phase}</b>.</p>
<h2>Monthly cost</h2>
${svgChart(sweep, 'cost-chart', 'Monthly cost in USD against users', (p) => p.monthlyUsd)}
<h2>Cost per user per month</h2>
${svgChart(sweep, 'per-user-chart', 'Cost per user per month in USD against users', (p) => p.perUserMonthlyUsd)}
<h3>How to read the charts</h3>
<p>The background colour is the <b>phase</b>: the simplest architecture that keeps every limit (memory, CPU, database
connections, cache, LLM rate limits) under ${pct(sweep.targetUtilization)} utilisation. Dashed lines are <b>breakpoints</b>:
red where the phase changes, grey where a component is resized or replaced. Cost never falls as users grow; cost per user
usually does, with steps up at breakpoints.</p>
<ul class="legend">
${legend}
</ul>
<h2>Breakpoints</h2>
<p class="note">A breakpoint is the smallest user count at which the plan differs from the plan one user below it, found
exactly by bisection. “Constraint” is the limit that forces the change: for a phase change, the limit the lower phase
fails; for a component change, the tightest limit of the resized tier just below the breakpoint.</p>
${
  sweep.breakpoints.length === 0
    ? '<p>No breakpoints in this range: one configuration carries every user count.</p>'
    : `<table id="breakpoints">
<thead><tr><th>users</th><th>kind</th><th>phase</th><th>constraint</th><th>what changes</th><th>$/month just below</th><th>$/month at</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
}
<details>
<summary>The plan at each of the ${sweep.points.length} user counts</summary>
<table id="points">
<thead><tr><th>users</th><th>phase</th><th>configured as</th><th>binding limit</th><th>utilisation</th><th>$/month</th><th>$/user/month</th></tr></thead>
<tbody>
${pointRows}
</tbody>
</table>
</details>
<p class="note">Generated by capacity sweep (schema version ${sweep.schemaVersion}). “Configured as” differs from the phase when
a higher phase's topology is cheaper at that load.</p>
</body>
</html>
`;
}
