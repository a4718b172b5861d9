import { InvalidArgumentError } from 'commander';

export function positiveNumber(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

export function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}, got "${value}"`);
    return value as T;
  };
}

/** A whole number in [min, max]; without bounds, any positive whole number. */
export function wholeNumber(min = 1, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER && min === 1 ? `expected a positive whole number, got "${value}"` : `expected a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}
