/** Renderings of a check report: a terminal table, Markdown for a pull request or job summary, and JSON as is. */
import Table from 'cli-table3';
import type { Style } from '../cli/output.js';
import type { CheckItem, CheckReport, Status } from '../check/types.js';
import { num, pct } from './format.js';
import { markdownTable, markdownText } from './markdown.js';

const HEAD = ['resource', 'metric', 'observed', 'limit', 'utilization', 'predicted', 'error', 'status'];

const SHORT_UNITS: Record<string, string> = { '%': ' %', '% of maxmemory': ' %', 'requests/s': ' req/s', 'client connections': ' conn', connections: ' conn', tasks: ' tasks' };

/** Load balancer and target group names without their ids, to keep the table narrow (JSON keeps them whole). */
const shortResource = (resource: string) => resource.replace(/\b(app|targetgroup)\/([^/]+)\/[0-9a-f]+$/, (_, kind: string, name: string) => `${kind === 'app' ? 'app' : 'tg'}/${name}`);

function cells(i: CheckItem): string[] {
  const unit = SHORT_UNITS[i.unit] ?? ` ${i.unit}`;
  return [
    shortResource(i.resource),
    `${i.metric} ${i.stat}${i.peak === 'p99' ? ' p99' : ''}`,
    i.observed === null ? '—' : `${num(i.observed)}${unit}`,
    i.limit === null ? '' : `${num(i.limit)}${unit}`,
    i.utilization === null ? '' : pct(i.utilization),
    i.predicted === null ? '' : `${i.predictedIsCeiling ? '≤ ' : ''}${num(i.predicted)}${unit}`,
    i.relativeError === null ? '' : `${i.relativeError >= 0 ? '+' : ''}${pct(i.relativeError)}`,
    i.status,
  ];
}

function headline(r: CheckReport, text = (s: string) => s): string {
  const from = r.source.mode === 'live' ? `CloudWatch ${r.source.region}, ${r.source.calls} GetMetricData call${r.source.calls === 1 ? '' : 's'}, ${r.source.metricsRequested} metrics requested ($${r.source.costUsd.toFixed(4)})` : `metrics file ${r.source.file}`;
  return `profile "${text(r.profile)}", ${r.window.start} to ${r.window.end} in ${r.window.periodSeconds} s periods, ${from}`;
}

function loadLine(r: CheckReport): string {
  const l = r.load;
  if (l.requestsPerSecond === null) return 'no load balancer in the deployment: no load observed';
  const parts = [`${num(l.requestsPerSecond)} requests/s`, `${num(l.clientConnections ?? 0)} client connections`];
  if (l.messagesPerSecond !== null) parts.push(`${num(l.messagesPerSecond)} messages/s`);
  if (l.appInstances !== null) parts.push(`${num(l.appInstances)} app instance${l.appInstances === 1 ? '' : 's'} (${l.appInstancesSource})`);
  return parts.join(', ');
}

const verdictText = (r: CheckReport) => {
  const count = (s: Status) => r.items.filter((i) => i.status === s).length;
  return `${r.verdict.toUpperCase()}: ${count('breach')} breach, ${count('drift')} drift, ${count('warn')} warn, ${count('ok')} ok, ${count('no-data')} no-data (tolerance ${pct(r.tolerance)})`;
};

export function renderCheckTable(r: CheckReport, style: Style): string {
  const color: Record<Status, (s: string) => string> = { ok: style.green, warn: style.yellow, breach: style.red, drift: style.red, 'no-data': style.dim };
  const table = new Table({ head: HEAD.map((h) => style.bold(h)), style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const i of r.items) {
    const row = cells(i);
    row[7] = color[i.status](i.status);
    table.push(row);
  }
  const out = [`${style.bold('capacity check')}: ${headline(r)}`, '', `${style.bold('Peak load')}: ${loadLine(r)}`, '', table.toString(), style.dim('Peaks are the highest period (p99: the 99th percentile of the periods); ≤ marks a ceiling (connection pools).')];
  const hinted = r.items.filter((i) => i.hint && i.status !== 'ok');
  if (hinted.length > 0) {
    out.push('', style.bold('Findings'));
    for (const i of hinted) out.push(`  ${color[i.status](i.status)} ${i.resource} ${i.metric}: ${i.hint}`);
  }
  if (r.notes.length > 0) {
    out.push('', style.bold('Notes'));
    for (const n of r.notes) out.push(`  ${style.dim('-')} ${n}`);
  }
  out.push('', (r.verdict === 'pass' ? style.green : style.red)(style.bold(verdictText(r))));
  return `${out.join('\n')}\n`;
}

export function renderCheckMarkdown(r: CheckReport): string {
  const lines = [
    `### capacity check: ${r.verdict === 'pass' ? 'pass' : '**fail**'}`,
    '',
    headline(r, markdownText).replace(/^profile "([^"]*)"/, 'Profile **$1**') + '.',
    '',
    `Peak load: ${loadLine(r)}.`,
    '',
    markdownTable(HEAD, r.items.map((i) => cells(i).map((c, k) => (k === 7 && (i.status === 'breach' || i.status === 'drift') ? `**${c}**` : c))), ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l']),
  ];
  const hinted = r.items.filter((i) => i.hint && i.status !== 'ok');
  if (hinted.length > 0) lines.push('', ...hinted.map((i) => `- \`${i.status}\` ${i.resource} ${i.metric}: ${i.hint}`));
  if (r.notes.length > 0) lines.push('', '<details><summary>Notes</summary>', '', ...r.notes.map((n) => `- ${n}`), '', '</details>');
  lines.push('', verdictText(r));
  return `${lines.join('\n')}\n`;
}

export const checkRenderers = {
  table: renderCheckTable,
  markdown: (r: CheckReport) => renderCheckMarkdown(r),
  json: (r: CheckReport) => `${JSON.stringify(r, null, 2)}\n`,
} satisfies Record<string, (r: CheckReport, style: Style) => string>;
