/**
 * Zod building blocks for profile values with units. Each accepts a plain number in the unit its field name carries
 * (`processBaseMB: 250`) or a string with any unit (`processBaseMB: 0.25GB`), and yields a number in the field's unit.
 */
import { z } from 'zod';
import { parseDurationMs, parseSizeBytes, sizeExample, durationExample } from '../units.js';

const nonNegative = (description: string) =>
  z.number().finite().nonnegative().meta({ description });

/** A size; `unitBytes` is the size of the field's own unit (1 for `…Bytes`, 1e6 for `…MB`). */
export function size(unitBytes: number, unitName: string, description: string) {
  return z
    .union([
      nonNegative(`${description} (${unitName})`),
      z.string().meta({ description: `${description}, with a unit (e.g. ${sizeExample})`, pattern: '^\\s*\\d+(\\.\\d+)?\\s*([kmgtpKMGTP][iI]?)?[bB]\\s*$' }),
    ])
    .transform((value, ctx) => {
      if (typeof value === 'number') return value;
      const bytes = parseSizeBytes(value);
      if (bytes === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is not a size; write a number of ${unitName} or a size such as ${sizeExample}` });
        return z.NEVER;
      }
      return bytes / unitBytes;
    });
}

/** A duration; `unitMs` is the length of the field's own unit (1000 for `…Seconds`, 3,600,000 for `…Hours`). */
export function duration(unitMs: number, unitName: string, description: string, options: { positive?: boolean } = {}) {
  const schema = z
    .union([
      nonNegative(`${description} (${unitName})`),
      z.string().meta({ description: `${description}, with a unit (e.g. ${durationExample})` }),
    ])
    .transform((value, ctx) => {
      if (typeof value === 'number') return value;
      const ms = parseDurationMs(value);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration; write a number of ${unitName} or a duration such as ${durationExample}` });
        return z.NEVER;
      }
      return ms / unitMs;
    });
  return options.positive ? schema.refine((v) => v > 0, { message: `must be greater than 0 ${unitName}` }) : schema;
}

export const ratio = (description: string) => z.number().finite().min(0).max(1).meta({ description });
export const count = (description: string) => z.number().finite().nonnegative().meta({ description });
export const positive = (description: string) => z.number().finite().positive().meta({ description });
export const wholeCount = (description: string) => z.number().int().nonnegative().meta({ description });
