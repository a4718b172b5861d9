/**
 * A number as a person writes one on the command line: digits (with `_` between groups), a decimal part, an
 * exponent (`1e3`); `.5` and `5.` too. Not all that Number() takes (`0x10`, `0b1`, an empty string as 0): NaN for those, which every
 * caller rejects.
 */
export function decimal(value: string): number {
  const text = value.trim();
  return /^\+?(?:\d(?:_?\d)*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(text) ? Number(text.replace(/_/g, '')) : Number.NaN;
}
