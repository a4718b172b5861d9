import { InvalidArgumentError } from 'commander';
import { decimal } from '../number-text.js';
import { AWS_REGION_MESSAGE, AWS_REGION_PATTERN } from '../aws-region.js';

/** A file name to write: not empty (an empty --out would quietly mean stdout). */
export function fileName(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a file name, got an empty string');
  return value;
}

export function positiveNumber(value: string): number {
  const n = decimal(value);
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
    const n = decimal(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER && min === 1 ? `expected a positive whole number, got "${value}"` : `expected a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

/** An AWS region name, checked as a profile's `region` is. */
export function awsRegion(value: string): string {
  if (!AWS_REGION_PATTERN.test(value)) throw new InvalidArgumentError(`${AWS_REGION_MESSAGE}, got "${value}"`);
  return value;
}
