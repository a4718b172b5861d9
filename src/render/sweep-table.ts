/** Terminal rendering of a Sweep: the breakpoints, then the plan at each user count. */
import Table from 'cli-table3';
import type { Style } from '../cli/output.js';
import type { Sweep } from '../sweep/sweep.js';
import { num, pct, usd } from './format.js';

function table(head: string[], style: Style, colWidths: (number | null)[] = []): Table.Table {
  return new Table({
    head: head.map((h) => style.bold(h)),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colWidths,
    wordWrap: true,
  });
}

export function sweepHeadline(sweep: Sweep): string {
  const r = sweep.range;
  return `profile "${sweep.profile}", ${num(r.from)}..${num(r.to)} users, ${r.points} points (${r.scale}), ${sweep.pricing.region} (prices ${sweep.pricing.date}: ${sweep.pricing.snapshot}, ${sweep.pricing.llmCatalogue})`;
}

export function renderSweepTable(sweep: Sweep, style: Style): string {
  const out: string[] = [`${style.bold('capacity sweep')}: ${sweepHeadline(sweep)}`, ''];
  out.push(`${style.bold('Phases')}: ${sweep.phases.map((b) => `${style.cyan(b.phase)} ${num(b.fromUsers)}–${num(b.toUsers)}`).join(', ')}`, '');
  if (sweep.breakpoints.length === 0) {
    out.push(`${style.bold('Breakpoints')}: none in this range: the same configuration carries every user count`, '');
  } else {
    const bp = table(['users', 'kind', 'constraint', 'change', '$/month before', '$/month at'], style, [null, null, null, 64]);
    for (const b of sweep.breakpoints) {
      bp.push([num(b.users), b.kind === 'phase' ? style.cyan('phase') : 'component', b.constraint ?? '', b.reason, usd(b.before.monthlyUsd), usd(b.after.monthlyUsd)]);
    }
    out.push(`${style.bold('Breakpoints')} (the plan at "users" differs from the plan one user below)`, bp.toString(), '');
  }
  const pts = table(['users', 'phase', 'configured as', 'binding', 'utilization', '$/month', '$/user/month'], style);
  for (const p of sweep.points) {
    pts.push([num(p.users), p.phase, p.configuredAs === p.phase ? '' : p.configuredAs, p.binding ?? '', pct(p.bindingUtilization), usd(p.monthlyUsd), usd(p.perUserMonthlyUsd)]);
  }
  out.push(`${style.bold('Plan at each user count')} (target utilisation ${pct(sweep.targetUtilization)})`, pts.toString());
  return `${out.join('\n')}\n`;
}
