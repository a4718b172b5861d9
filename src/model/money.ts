/**
 * Money is summed in integer micro-dollars (1 USD = 1,000,000 µ$): every line item is rounded once to a whole
 * micro-dollar, and totals are integer sums, so no float drift accumulates. A month is 730 hours.
 */
import { UserError } from '../errors.js';
import { groupThousands } from './quantity.js';

export type Micros = number;

export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

export function usdToMicros(usd: number): Micros {
  return Math.round(usd * 1e6);
}

export function microsToUsd(micros: Micros): number {
  return micros / 1e6;
}

/** Monthly cost of `quantity` units billed at `usdPerHour` each, for 730 hours. */
export function monthlyMicrosFromHourly(usdPerHour: number, quantity = 1): Micros {
  return Math.round(usdPerHour * 1e6 * HOURS_PER_MONTH * quantity);
}

export function sumMicros(values: readonly Micros[]): Micros {
  let total = 0;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new Error(`not a whole number of micro-dollars: ${v}`);
    total += v;
  }
  return total;
}

/**
 * `micros` when it is a whole number of micro-dollars that sums exactly (at most Number.MAX_SAFE_INTEGER: about
 * $9.0 billion a month). Beyond that no total would be exact, and the profile holds a value far too large or in the
 * wrong unit: a user error naming `what` costs that much.
 */
export function exactMicros(micros: number, what: string): Micros {
  if (Number.isSafeInteger(micros)) return micros;
  // A fraction, NaN or a negative sum is the code's fault, not the profile's.
  if (!(micros > Number.MAX_SAFE_INTEGER)) throw new Error(`${what}: not a whole number of micro-dollars: ${micros}`);
  const amount = Number.isFinite(micros) ? `$${(micros / 1e6).toExponential(2)} a month` : 'more than a number can hold';
  throw new UserError(
    `${what} comes to ${amount}, beyond the $${groupThousands(Math.floor(Number.MAX_SAFE_INTEGER / 1e6))} a month that capacity sums exactly to the micro-dollar`,
    [],
    'check the profile for a value far too large, or given in the wrong unit',
  );
}

/** USD rounded to the cent, for display and JSON. */
export function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}
