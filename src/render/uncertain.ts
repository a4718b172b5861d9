/** Rendering of an uncertain plan (a profile with ranges, sampled): table, markdown or JSON. */
import Table from 'cli-table3';
import { markdownText } from './markdown.js';
import type { Style } from '../cli/output.js';
import type { Percentiles, UncertainPlan } from '../uncertainty/uncertain.js';
import { num, pct, usd } from './format.js';

const money = (p: Percentiles) => [usd(p.p10), usd(p.p50), usd(p.p90)];
const share = (p: Percentiles) => [pct(p.p10), pct(p.p50), pct(p.p90)];

function rows(u: UncertainPlan): { costs: string[][]; limits: string[][]; phases: string[][]; ranges: string[][] } {
  return {
    ranges: u.ranges.map((r) => [r.field, num(r.low), num(r.mid), num(r.high)]),
    costs: [
      ['total $/month', ...money(u.totals.monthlyUsd)],
      ['infrastructure $/month', ...money(u.totals.infraMonthlyUsd)],
      ['LLM $/month', ...money(u.totals.llmMonthlyUsd)],
      ['$/user/month', ...money(u.totals.perUserMonthlyUsd)],
    ],
    limits: u.constraints.map((c) => [c.id, ...share(c.utilization), pct(c.probabilityOverTarget)]),
    phases: u.phases.map((p) => {
      const regret = u.regret.byPhase.find((r) => r.phase === p.phase)!.expectedRegret;
      return [p.phase, pct(p.probability), regret.toFixed(3), p.phase === u.regret.recommendation ? 'recommended' : ''];
    }),
  };
}

function headline(u: UncertainPlan, text = (s: string) => s): string[] {
  return [
    `profile "${text(u.profile)}", ${num(u.users)} users, ${num(u.samples)} sample${u.samples === 1 ? '' : 's'} (seed ${u.seed}) of ${u.ranges.length} ranged field${u.ranges.length === 1 ? '' : 's'}; ${u.distribution}`,
    `At the mid values: phase ${u.atMid.phase}, ${usd(u.atMid.monthlyUsd)}/month.`,
  ];
}

function recommendation(u: UncertainPlan): string {
  const w = u.regret.weights;
  return `Recommendation: ${u.regret.recommendation} (lowest expected regret, under-provisioning weighted ${w.under}, over-provisioning ${w.over}); budget ${usd(u.regret.monthlyBudgetUsd)}/month (the P${Math.round(u.regret.budgetQuantile * 100)} of total cost).`;
}

export function renderUncertainTable(u: UncertainPlan, style: Style): string {
  const t = (head: string[]) => new Table({ head: head.map((h) => style.bold(h)), style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  const r = rows(u);
  const out = [`${style.bold('capacity plan (uncertain)')}: ${headline(u)[0]}`, headline(u)[1]!, ''];
  const ranges = t(['field', 'low', 'mid', 'high']);
  ranges.push(...r.ranges);
  out.push(style.bold('Ranges'), ranges.toString(), '');
  const costs = t(['', 'P10', 'P50', 'P90']);
  costs.push(...r.costs);
  out.push(style.bold('Cost'), costs.toString(), '');
  const limits = t(['constraint', 'P10', 'P50', 'P90', overTargetHeading(u)]);
  limits.push(...r.limits);
  out.push(`${style.bold('Utilisation')} (target ${pct(u.targetUtilization)})`, limits.toString(), '');
  const phases = t(['phase', 'probability needed', 'expected regret', '']);
  phases.push(...r.phases.map((row) => (row[3] ? row.map((c) => style.cyan(c)) : row)));
  out.push(style.bold('Phases'), phases.toString(), '', style.bold(recommendation(u)));
  return `${out.join('\n')}\n`;
}

export function renderUncertainMarkdown(u: UncertainPlan): string {
  const table = (head: string[], body: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const r = rows(u);
  return `${[
    '# capacity plan (uncertain)',
    '',
    ...headline(u, markdownText),
    '',
    '## Ranges',
    '',
    table(['field', 'low', 'mid', 'high'], r.ranges),
    '',
    '## Cost',
    '',
    table(['', 'P10', 'P50', 'P90'], r.costs),
    '',
    `## Utilisation (target ${pct(u.targetUtilization)})`,
    '',
    table(['constraint', 'P10', 'P50', 'P90', overTargetHeading(u)], r.limits),
    '',
    '## Phases',
    '',
    table(['phase', 'probability needed', 'expected regret', ''], r.phases),
    '',
    `**${recommendation(u)}**`,
  ].join('\n')}\n`;
}

export const uncertainRenderers = {
  table: renderUncertainTable,
  json: (u: UncertainPlan) => `${JSON.stringify(u, null, 2)}\n`,
  markdown: (u: UncertainPlan) => renderUncertainMarkdown(u),
} satisfies Record<string, (u: UncertainPlan, style: Style) => string>;

/** The over-target column: the target itself, or each sample's own when targets.utilization is a range. */
function overTargetHeading(u: UncertainPlan): string {
  return u.ranges.some((r) => r.field === 'targets.utilization') ? 'P(> its target)' : `P(> ${pct(u.targetUtilization)})`;
}
