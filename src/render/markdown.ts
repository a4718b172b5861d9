/** Markdown rendering of a Plan, fit for a pull-request comment. */
import type { Plan } from '../model/plan.js';
import { num, pct, usd } from './format.js';

const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;

/** Text from a profile (its name) made inert in markdown: no emphasis, links, headings or HTML from it. */
export const markdownText = (text: string): string => text.replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function markdownTable(head: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const sep = head.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [row(head), `| ${sep.join(' | ')} |`, ...rows.map(row)].join('\n');
}

export function renderMarkdown(plan: Plan): string {
  const t = plan.totals;
  const d = plan.demand;
  const target = plan.profile.targets.utilization;
  const lines = [
    `### capacity plan: \`${plan.phase.id}\` at ${num(d.users)} users, ${usd(t.monthlyUsd)}/month`,
    '',
    `Profile **${markdownText(plan.profile.name)}**, ${plan.pricing.region}, prices of ${plan.pricing.date} (\`${plan.pricing.snapshot}\`, \`${plan.pricing.llmCatalogue}\`).`,
    '',
    `**Phase \`${plan.phase.id}\`**: ${plan.phase.description}. ${plan.phase.reason}.`,
    '',
    markdownTable(
      ['role', 'service', 'type', 'count', '$/month'],
      plan.components.map((c) => [c.role, c.service, c.type, num(c.count), usd(c.monthlyUsd)]),
      ['l', 'l', 'l', 'r', 'r'],
    ),
    '',
    markdownTable(
      ['constraint', 'required', 'capacity', 'utilization', ''],
      plan.constraints.map((c) => [c.id === plan.binding ? `**${c.id}** (binding)` : c.id, `${num(c.required)} ${c.unit}`, `${num(c.capacity)} ${c.unit}`, pct(c.utilization), c.ok ? 'ok' : `**over ${pct(target)}**`]),
      ['l', 'r', 'r', 'r', 'l'],
    ),
    '',
    `**Totals**: infrastructure ${usd(t.infraMonthlyUsd)}, LLM ${usd(t.llmMonthlyUsd)}, **total ${usd(t.monthlyUsd)}** per month (${usd(t.perUserMonthlyUsd)} per user).`,
    '',
    plan.nextBreakpoint
      ? `**Next breakpoint**: ${num(plan.nextBreakpoint.users)} users → ${plan.nextBreakpoint.phase ? `\`${plan.nextBreakpoint.phase}\`` : 'no configuration in the catalogue can run the app'} (${plan.nextBreakpoint.constraint}).`
      : '**Next breakpoint**: none (top phase).',
  ];
  if (plan.rejected.length > 0) {
    lines.push('', 'Rejected lower phases:', ...plan.rejected.map((r) => `- \`${r.phase}\`: ${r.reason}`));
  }
  if (plan.warnings.length > 0) lines.push('', 'Warnings:', ...plan.warnings.map((w) => `- ${w}`));
  return `${lines.join('\n')}\n`;
}
