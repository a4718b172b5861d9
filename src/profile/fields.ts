/**
 * Zod building blocks for profile values with units. Each accepts a plain number in the unit its field name carries
 * (`processBaseMB: 250`) or a string with any unit (`processBaseMB: 0.25GB`), and yields a number in the field's unit.
 * Built on zod/mini: the same validation at a fraction of the start-up cost of the full zod build.
 */
import * as z from 'zod/mini';
import { parseDurationMs, parseSizeBytes, sizeExample, durationExample } from '../units.js';

const nonNegative = (description: string) => z.number().check(z.nonnegative()).register(z.globalRegistry, { description });

/**
 * A number in the field's unit, or a string with a unit that `parse` turns into base units (bytes, ms);
 * `unitSize` is how many base units the field's unit holds (1e6 for `…MB`, 1000 for `…Seconds`).
 */
function withUnit(parse: (text: string) => number | undefined, unitSize: number, unitName: string, kind: string, example: string, description: string, pattern?: string) {
  return z.pipe(
    z.union([nonNegative(`${description} (${unitName})`), z.string().register(z.globalRegistry, { description: `${description}, with a unit (e.g. ${example})`, ...(pattern ? { pattern } : {}) })]),
    z.transform((value: number | string, ctx) => {
      if (typeof value === 'number') return value;
      const base = parse(value);
      if (base === undefined) {
        ctx.issues.push({ code: 'custom', input: value, message: `"${value}" is not a ${kind}; write a number of ${unitName} or a ${kind} such as ${example}` });
        return z.NEVER;
      }
      return base / unitSize;
    }),
  );
}

/** A size; `unitBytes` is the size of the field's own unit (1 for `…Bytes`, 1e6 for `…MB`). */
export function size(unitBytes: number, unitName: string, description: string) {
  return withUnit(parseSizeBytes, unitBytes, unitName, 'size', sizeExample, description, '^\\s*\\d+(\\.\\d+)?\\s*([kmgtpKMGTP][iI]?)?[bB]\\s*$');
}

/** A duration; `unitMs` is the length of the field's own unit (1000 for `…Seconds`, 3,600,000 for `…Hours`). */
export function duration(unitMs: number, unitName: string, description: string, options: { positive?: boolean } = {}) {
  const schema = withUnit(parseDurationMs, unitMs, unitName, 'duration', durationExample, description);
  return options.positive ? schema.check(z.refine((v: number) => v > 0, { message: `must be greater than 0 ${unitName}` })) : schema;
}

export const ratio = (description: string) => z.number().check(z.minimum(0), z.maximum(1)).register(z.globalRegistry, { description });
export const count = (description: string) => z.number().check(z.nonnegative()).register(z.globalRegistry, { description });
export const positive = (description: string) => z.number().check(z.positive()).register(z.globalRegistry, { description });
export const wholeCount = (description: string) => z.int().check(z.nonnegative()).register(z.globalRegistry, { description });
