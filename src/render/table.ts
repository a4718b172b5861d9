/** Terminal rendering of a Plan: cli-table3 tables, utilisation coloured by headroom. */
import Table from 'cli-table3';
import type { Style } from '../cli/output.js';
import type { Plan } from '../model/plan.js';
import { num, pct, usd } from './format.js';

function table(head: string[], style: Style): Table.Table {
  return new Table({
    head: head.map((h) => style.bold(h)),
    style: { head: [], border: [] },
    // No rule between body rows: tables stay as tall as their data.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}

export function utilizationColor(utilization: number, target: number, style: Style): (s: string) => string {
  if (utilization > target) return style.red;
  if (utilization > target * 0.8) return style.yellow;
  return style.green;
}

export function renderTable(plan: Plan, style: Style): string {
  const out: string[] = [];
  const d = plan.demand;
  const target = plan.profile.targets.utilization;
  out.push(
    `${style.bold('capacity plan')}: profile "${plan.profile.name}", ${num(d.users)} users, ${plan.pricing.region} (prices ${plan.pricing.date}: ${plan.pricing.snapshot}, ${plan.pricing.llmCatalogue})`,
    '',
    `${style.bold('Phase')}: ${style.cyan(plan.phase.id)}: ${plan.phase.description}`,
    `  ${plan.phase.reason}`,
    '',
    `${style.bold('Demand at peak')}: ${num(d.concurrentUsers)} concurrent users, ${num(d.peakMessagesPerSecond)} messages/s, ${num(d.peakRequestsPerSecond)} requests/s, ${num(d.dbQueriesInFlight)} DB queries in flight, ${num(d.llmCallsInFlight)} LLM calls in flight`,
    `${style.bold('Per month')}: ${num(d.monthlyMessages)} messages, ${num(d.inputTokensPerMessage)} input + ${num(d.outputTokensPerMessage)} output tokens per message, ${num(d.monthlyTransferGB)} GB out`,
    '',
  );
  const components = table(['role', 'service', 'type', 'count', 'vCPU', 'GiB', 'unit $/mo', '$/month', 'note'], style);
  for (const c of plan.components) {
    components.push([c.role, c.service, c.type, num(c.count), c.vcpu === null ? '' : num(c.vcpu), c.memoryGiB === null ? '' : num(c.memoryGiB), usd(c.unitMonthlyUsd), usd(c.monthlyUsd), c.note ?? '']);
  }
  out.push(style.bold('Components'), components.toString(), '');
  const constraints = table(['constraint', 'required', 'capacity', 'unit', 'utilization', 'ok'], style);
  for (const c of plan.constraints) {
    const color = utilizationColor(c.utilization, target, style);
    const label = c.id === plan.binding ? `${c.id} (binding)` : c.id;
    constraints.push([label, num(c.required), num(c.capacity), c.unit, color(pct(c.utilization)), c.ok ? style.green('ok') : style.red('over')]);
  }
  out.push(`${style.bold('Constraints')} (target utilisation ${pct(target)})`, constraints.toString(), '');
  const t = plan.totals;
  out.push(
    `${style.bold('Totals')}: infrastructure ${usd(t.infraMonthlyUsd)}/month, LLM ${usd(t.llmMonthlyUsd)}/month, ${style.bold(`total ${usd(t.monthlyUsd)}/month`)}, ${usd(t.perUserMonthlyUsd)} per user per month`,
  );
  const nb = plan.nextBreakpoint;
  const moves = nb && (nb.phase ? `the plan moves to ${style.cyan(nb.phase)}` : 'no configuration in the catalogue can run the app');
  out.push(nb ? `${style.bold('Next breakpoint')}: at ${num(nb.users)} users ${moves} (${nb.constraint})` : `${style.bold('Next breakpoint')}: none (top phase)`);
  if (plan.warnings.length > 0) {
    out.push('', style.bold('Warnings'));
    for (const w of plan.warnings) out.push(`  ${style.yellow('!')} ${w}`);
  }
  return `${out.join('\n')}\n`;
}
