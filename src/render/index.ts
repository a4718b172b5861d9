/** Renderers over one Plan, looked up by `--format`. */
import type { Style } from '../cli/output.js';
import type { Plan } from '../model/plan.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

export type Renderer = (plan: Plan, style: Style) => string;

export const planRenderers = {
  table: renderTable,
  json: (plan: Plan) => `${JSON.stringify(plan, null, 2)}\n`,
  markdown: (plan: Plan) => renderMarkdown(plan),
} satisfies Record<string, Renderer>;

export type PlanFormat = keyof typeof planRenderers;
export const PLAN_FORMATS = Object.keys(planRenderers) as PlanFormat[];
