/** Number formatting shared by the renderers: fixed locale, so output is the same on every machine. */
import { groupThousands, wholePercent } from '../model/quantity.js';

export function usd(value: number): string {
  const abs = Math.abs(value);
  // Sub-dollar amounts (per-user costs) keep four decimals; others are cents.
  const digits = abs !== 0 && abs < 1 ? 4 : 2;
  const fixed = abs.toFixed(digits);
  const [whole, fraction] = fixed.split('.');
  return `${value < 0 ? '-' : ''}$${groupThousands(Number(whole))}.${fraction}`;
}

export function num(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1000) return groupThousands(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1).replace(/\.0$/, '');
  if (abs >= 0.01) return value.toFixed(2).replace(/\.?0+$/, '');
  return value.toPrecision(2);
}

export function pct(ratio: number): string {
  return ratio < 0.1 ? `${(ratio * 100).toFixed(1)} %` : wholePercent(ratio);
}
