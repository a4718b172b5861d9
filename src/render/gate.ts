/**
 * Renderings of a gate report: a terminal table, markdown for a pull-request comment (a one-line verdict first), and
 * versioned JSON. All three show every rule with actual against allowed, and the change against each baseline.
 */
import Table from 'cli-table3';
import type { Style } from '../cli/output.js';
import type { Change, ComponentChange, ComponentSide, PlanDiff } from '../gate/diff.js';
import { GATE_SCHEMA_VERSION, type GatePlan, type GateReport } from '../gate/report.js';
import type { RuleResult } from '../gate/rules.js';
import { groupThousands } from '../model/quantity.js';
import { markdownTable, markdownText } from './markdown.js';
import { num, usd } from './format.js';

/** Hidden marker at the end of the markdown, so a CI job can find and update its earlier comment. */
export const GATE_COMMENT_MARKER = '<!-- capacity-gate -->';

/** Micro-dollars to six decimals, for amounts that cents would hide. */
function exactUsd(micros: number): string {
  const abs = Math.abs(micros);
  return `${micros < 0 ? '-' : ''}$${groupThousands(Math.floor(abs / 1e6))}.${String(abs % 1e6).padStart(6, '0')}`;
}

/** USD as the plan shows it, or exact when rounding would make a non-zero amount look like zero. */
function money(micros: number): string {
  const shown = usd(micros / 1e6);
  return micros !== 0 && /^-?\$0\.0+$/.test(shown) ? exactUsd(micros) : shown;
}

/** Two amounts that must not look equal when they differ (actual against allowed). */
function moneyPair(a: number, b: number): [string, string] {
  const [fa, fb] = [money(a), money(b)];
  return fa === fb && a !== b ? [exactUsd(a), exactUsd(b)] : [fa, fb];
}

const signed = (micros: number): string => (micros > 0 ? `+${money(micros)}` : money(micros));

function percent(value: number | null): string {
  if (value === null) return 'new';
  const rounded = Number(value.toFixed(1));
  return `${rounded > 0 ? '+' : ''}${rounded === 0 ? '0.0' : value.toFixed(1)} %`;
}

/** A percent rule's actual, with enough digits that a failure never reads as equal to its limit. */
function rulePercent(r: RuleResult): string {
  if (r.actual === null) return `+∞ % (from ${money(r.baselineMicros ?? 0)})`;
  const shown = percent(r.actual);
  const looksOk = Number(r.actual.toFixed(1)) <= r.allowed;
  return looksOk === r.ok ? shown : `${r.actual > 0 ? '+' : ''}${Number(r.actual.toFixed(6))} %`;
}

function ruleCells(r: RuleResult): { rule: string; actual: string; allowed: string; result: string } {
  if (r.unit === 'percent') {
    return { rule: r.rule, actual: rulePercent(r), allowed: `${r.allowed} %`, result: r.ok ? 'within' : 'over' };
  }
  const [actual, allowed] = moneyPair(r.actualMicros!, r.allowedMicros!);
  const growth = r.baselineMicros !== undefined ? ` (${money(r.baselineMicros)} → ${money(r.newMicros!)})` : '';
  const shownActual = r.baselineMicros !== undefined ? `${r.actualMicros! > 0 ? '+' : ''}${actual}${growth}` : actual;
  return { rule: r.rule, actual: shownActual, allowed, result: r.ok ? 'within' : `over by ${money(r.actualMicros! - r.allowedMicros!)}` };
}

const describeSide = (s: ComponentSide): string => `${s.count !== 1 ? `${num(s.count)} × ` : ''}${s.service} ${s.type}`;

function configuration(c: ComponentChange): string {
  if (!c.old) return `new: ${describeSide(c.new!)}`;
  if (!c.new) return `removed: ${describeSide(c.old)}`;
  const [o, n] = [describeSide(c.old), describeSide(c.new)];
  return o === n ? n : `${o} → ${n}`;
}

function changeCells(c: Change): [string, string, string, string] {
  return [money(c.oldMicros), money(c.newMicros), signed(c.changeMicros), c.oldMicros === 0 && c.newMicros === 0 ? '0.0 %' : percent(c.changePercent)];
}

const failedRules = (report: GateReport): RuleResult[] => report.plans.flatMap((p) => p.rules.filter((r) => !r.ok));
const allRules = (report: GateReport): RuleResult[] => report.plans.flatMap((p) => p.rules);

function planTitle(p: GatePlan): string {
  const who = p.id === 'main' ? `${num(p.plan.demand.users)} users (main plan)` : `Checkpoint ${num(p.plan.demand.users)} users${p.name ? ` (${p.name})` : ''}`;
  return `${who}: ${p.plan.phase.id}, ${money(p.plan.totals.monthlyMicros)}/month`;
}

function diffTitle(d: PlanDiff): string {
  const users = d.users.old === d.users.new ? `${num(d.users.new)} users` : `${num(d.users.old)} → ${num(d.users.new)} users`;
  const phase = d.phase.old === null || d.phase.old === d.phase.new ? `phase ${d.phase.new}` : `phase ${d.phase.old} → ${d.phase.new}`;
  return `Change against baseline ${d.baseline} (${users}, ${phase})`;
}

const pricingNote = (d: PlanDiff): string | undefined => (d.pricing.old !== null && d.pricing.old !== d.pricing.new ? `prices differ: baseline ${d.pricing.old}, now ${d.pricing.new}` : undefined);

/** The verdict, the main plan's total, and its change against the baseline. */
export function gateSummary(report: GateReport): string {
  const main = report.plans[0]!;
  const failed = failedRules(report).length;
  const total = allRules(report).length;
  const verdict = report.verdict === 'pass' ? 'pass' : 'fail';
  const skipped = report.plans.reduce((n, p) => n + p.skipped.length, 0);
  const counted = `${failed > 0 ? `${failed} of ${total} rules exceeded` : `${total} rule${total === 1 ? '' : 's'} within budget`}${skipped > 0 ? `, ${skipped} not checked` : ''}`;
  const d = main.diff;
  const changeText = d ? `${signed(d.totals.monthly.changeMicros)} (${percent(d.totals.monthly.changePercent)}) against ${d.baseline}` : 'no baseline';
  return `capacity gate: ${verdict}, ${counted}; ${money(main.plan.totals.monthlyMicros)}/month at ${num(main.plan.demand.users)} users, ${changeText}`;
}

/** One line per exceeded rule, `rule: actual > allowed (over by …)`, for logs. */
export function failedRuleLines(report: GateReport): string[] {
  return failedRules(report).map((r) => {
    const c = ruleCells(r);
    return `${c.rule}: ${c.actual} > ${c.allowed} (${c.result})`;
  });
}

export function renderGateMarkdown(report: GateReport): string {
  const main = report.plans[0]!;
  const code = (s: string) => `\`${s}\``;
  const pricing = main.plan.pricing;
  const icon = report.verdict === 'pass' ? '✅' : '❌';
  const lines = [
    `${icon} **${gateSummary(report).replace(/^capacity gate: (pass|fail)/, 'capacity gate: $1**')}`,
    '',
    `Budget ${code(report.budget)}, profile **${markdownText(report.profile.name)}**, ${pricing.region}, prices of ${pricing.date} (${code(pricing.snapshot)}, ${code(pricing.llmCatalogue)}).`,
  ];
  for (const p of report.plans) {
    lines.push('', `#### ${planTitle(p)}`);
    if (p.rules.length > 0) {
      const rows = p.rules.map((r) => {
        const c = ruleCells(r);
        return r.ok ? [code(c.rule), c.actual, c.allowed, `✅ ${c.result}`] : [`**${code(c.rule)}**`, `**${c.actual}**`, c.allowed, `❌ **${c.result}**`];
      });
      lines.push('', markdownTable(['rule', 'actual', 'allowed', 'result'], rows, ['l', 'r', 'r', 'l']));
    }
    for (const s of p.skipped) lines.push('', `Not checked: ${code(s.rule)} (at most ${s.unit === 'usd' ? usd(s.allowed) : `${s.allowed} %`}): ${s.reason}.`);
    if (p.diff) {
      const d = p.diff;
      const note = pricingNote(d);
      const rows = d.components.map((c) => [c.role, configuration(c), ...changeCells(c)]);
      const [o, n, ch, pc] = changeCells(d.totals.monthly);
      rows.push(['**total**', '', `**${o}**`, `**${n}**`, `**${ch}**`, `**${pc}**`]);
      lines.push('', `${diffTitle(d).replace(d.baseline, code(d.baseline))}${note ? `; ${note}` : ''}:`, '', markdownTable(['component', 'configuration', 'old', 'new', '± USD', '± %'], rows, ['l', 'l', 'r', 'r', 'r', 'r']));
    }
  }
  lines.push('', GATE_COMMENT_MARKER);
  return `${lines.join('\n')}\n`;
}

function table(head: string[], style: Style): Table.Table {
  return new Table({ head: head.map((h) => style.bold(h)), style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
}

export function renderGateTable(report: GateReport, style: Style): string {
  const paint = report.verdict === 'pass' ? style.green : style.red;
  const out = [paint(style.bold(gateSummary(report))), `budget ${report.budget}, profile "${report.profile.name}" (${report.profile.file})`];
  for (const p of report.plans) {
    out.push('', style.bold(planTitle(p)));
    if (p.rules.length > 0) {
      const rules = table(['rule', 'actual', 'allowed', 'result'], style);
      for (const r of p.rules) {
        const c = ruleCells(r);
        const color = r.ok ? style.green : style.red;
        rules.push([c.rule, c.actual, c.allowed, color(c.result)]);
      }
      out.push(rules.toString());
    }
    for (const s of p.skipped) out.push(style.yellow(`not checked: ${s.rule} (at most ${s.unit === 'usd' ? usd(s.allowed) : `${s.allowed} %`}): ${s.reason}`));
    if (p.diff) {
      const d = p.diff;
      const note = pricingNote(d);
      const diff = table(['component', 'configuration', 'old', 'new', '± USD', '± %'], style);
      for (const c of d.components) diff.push([c.role, configuration(c), ...changeCells(c)]);
      diff.push([style.bold('total'), '', ...changeCells(d.totals.monthly).map((s) => style.bold(s))]);
      out.push('', diffTitle(d), ...(note ? [style.yellow(note)] : []), diff.toString());
    }
  }
  return `${out.join('\n')}\n`;
}

export function renderGateJson(report: GateReport): string {
  const main = report.plans[0]!;
  const json = {
    schemaVersion: GATE_SCHEMA_VERSION,
    kind: 'capacity-gate',
    verdict: report.verdict,
    budget: report.budget,
    profile: report.profile,
    baselines: report.baselines,
    pricing: main.plan.pricing,
    rules: allRules(report),
    skipped: report.plans.flatMap((p) => p.skipped),
    diff: main.diff,
    plans: report.plans.map((p) => ({
      id: p.id,
      ...(p.name ? { name: p.name } : {}),
      users: p.plan.demand.users,
      phase: p.plan.phase.id,
      configuredAs: p.plan.phase.configuredAs,
      totals: p.plan.totals,
      components: p.plan.components.map((c) => ({ role: c.role, service: c.service, type: c.type, count: c.count, monthlyUsd: c.monthlyUsd, monthlyMicros: c.monthlyMicros })),
      diff: p.diff,
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export const gateRenderers = {
  table: renderGateTable,
  markdown: (report: GateReport) => renderGateMarkdown(report),
  json: (report: GateReport) => renderGateJson(report),
} satisfies Record<string, (report: GateReport, style: Style) => string>;
