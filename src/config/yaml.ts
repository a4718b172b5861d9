/**
 * Parse YAML and validate it with a zod schema, keeping line and column for every error. Pure: the caller reads the
 * file and decides how to print. Used for profiles and budgets alike.
 */
import { isAlias, isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type * as z from 'zod/mini';
import { closest } from 'fastest-levenshtein';
import type { ErrorDetail } from '../errors.js';
import { describeIssue, valueAt } from './issues.js';

/** Aliases allowed in one document; far above what a profile needs, far below what a "billion laughs" bomb expands to. */
const MAX_ALIAS_COUNT = 50;

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: ErrorDetail[] };

export function parseYamlWithSchema<S extends z.ZodMiniType>(text: string, schema: S, overrides?: (raw: unknown) => unknown): Validated<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const syntax = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'DUPLICATE_KEY')];
  if (syntax.length > 0) {
    return {
      ok: false,
      errors: syntax.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const path = e.code === 'DUPLICATE_KEY' ? pathAtOffset(doc, e.pos[0]) : undefined;
        return { ...(path ? { path } : {}), line: pos.line, column: pos.col, message: e.code === 'DUPLICATE_KEY' ? 'duplicate key: each field may appear once' : `invalid YAML: ${firstLine(e.message)}` };
      }),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const alias = firstAlias(doc);
    const pos = alias?.offset !== undefined ? lineCounter.linePos(alias.offset) : { line: 1, col: 1 };
    return {
      ok: false,
      errors: [{ ...(alias?.path ? { path: alias.path } : {}), line: pos.line, column: pos.col, message: `invalid YAML: ${firstLine(String((error as Error).message))} (at most ${MAX_ALIAS_COUNT} alias expansions are allowed)` }],
    };
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: [{ line: 1, column: 1, message: 'expected a mapping of fields at the top level' }] };
  }
  const input = overrides ? overrides(raw) : raw;
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: issuesToDetails(result.error.issues, doc, lineCounter, schema, input) };
}

function issuesToDetails(issues: z.core.$ZodIssue[], doc: Document, lines: LineCounter, schema: z.ZodMiniType, input: unknown): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, path);
      for (const key of issue.keys) {
        const keyNode = findKeyNode(doc, path, key);
        const suggestion = known.length > 0 ? closest(key, known) : undefined;
        const pos = keyNode?.range ? lines.linePos(keyNode.range[0]) : undefined;
        details.push({
          path: [...path, key].join('.'),
          line: pos?.line,
          column: pos?.col,
          message: `unknown field${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        });
      }
      continue;
    }
    const pos = locate(doc, lines, path);
    details.push({ path: path.join('.') || '(top level)', line: pos?.line, column: pos?.col, message: describeIssue(issue, valueAt(input, path)) });
  }
  return details;
}

/** The dotted path of the map key that starts at `offset`, for errors the parser reports by position only. */
function pathAtOffset(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        const keys = ancestors.filter(isPair).map((a) => String(isScalar(a.key) ? a.key.value : ''));
        found = [...keys, String(pair.key.value)].join('.');
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The first alias in the document and the field it sits under: where an alias bomb starts expanding. */
function firstAlias(doc: Document): { offset?: number; path?: string } | undefined {
  let found: { offset?: number; path?: string } | undefined;
  visit(doc, {
    Alias(_, node, ancestors) {
      if (!isAlias(node)) return undefined;
      const keys = ancestors.filter(isPair).map((a) => String(isScalar(a.key) ? a.key.value : ''));
      found = { ...(node.range ? { offset: node.range[0] } : {}), ...(keys.length ? { path: keys.join('.') } : {}) };
      return visit.BREAK;
    },
  });
  return found;
}

/** Line and column of `path` in YAML text (or of its deepest existing parent). */
export function locateInYaml(text: string, path: string[]): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const pos = locate(doc, lineCounter, path);
  return pos ? { line: pos.line, column: pos.col } : undefined;
}

/** Position of the deepest node on `path` that exists in the document. */
function locate(doc: Document, lines: LineCounter, path: string[]): { line: number; col: number } | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return lines.linePos(node.range[0]);
    if (depth > 0) {
      const key = findKeyNode(doc, path.slice(0, depth - 1), path[depth - 1]!);
      if (key?.range) return lines.linePos(key.range[0]);
    }
  }
  return undefined;
}

function findKeyNode(doc: Document, parentPath: string[], key: string): Node | undefined {
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
  }
  return undefined;
}

/** Field names a strict object schema accepts at `path`, for "did you mean" suggestions. */
export function knownKeys(schema: z.ZodMiniType, path: string[]): string[] {
  let current: unknown = schema;
  for (const segment of [...path, '']) {
    current = unwrap(current);
    // An index into a list (checkpoints.0) leads to the schema of its items.
    const def = (current as { def?: { type?: string; element?: unknown } } | undefined)?.def;
    if (def?.type === 'array' && segment !== '') {
      current = def.element;
      continue;
    }
    const shape = (current as { shape?: Record<string, unknown> }).shape;
    if (!shape) return [];
    if (segment === '') return Object.keys(shape);
    current = shape[segment];
  }
  return [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { type?: string; innerType?: unknown; in?: unknown } } | undefined;
  while (current?.def) {
    const { type } = current.def;
    if (type === 'default' || type === 'prefault' || type === 'optional' || type === 'nullable') current = current.def.innerType as typeof current;
    else if (type === 'pipe') current = current.def.in as typeof current;
    else break;
  }
  return current;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
