/**
 * Money is summed in integer micro-dollars (1 USD = 1,000,000 µ$): every line item is rounded once to a whole
 * micro-dollar, and totals are integer sums, so no float drift accumulates. A month is 730 hours.
 */
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

/** USD rounded to the cent, for display and JSON. */
export function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}
