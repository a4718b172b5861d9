/**
 * Unit parsing for profile values. Sizes follow SI for KB/MB/GB (1 KB = 1000 bytes) and IEC for KiB/MiB/GiB
 * (1 KiB = 1024 bytes), as xbytes does; a lowercase `b` still means bytes, never bits, so `100kb` is 100,000 bytes.
 */
import xbytes from 'xbytes';
import parseDuration from 'parse-duration';

const SIZE_PATTERN = /^\s*\d+(\.\d+)?\s*([kmgtp]i?)?b\s*$/i;
const DURATION_PATTERN = /^\s*(\d+(\.\d+)?\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)\s*)+$/i;

export const sizeExample = '100KB, 1.5GiB, 512MB';
export const durationExample = '30s, 250ms, 24h, 1h30m, 14d';

/** Bytes in a size string such as `100KB` or `1.5GiB`; undefined when the text is not a size. */
export function parseSizeBytes(text: string): number | undefined {
  if (!SIZE_PATTERN.test(text)) return undefined;
  const bytes = xbytes.parseSize(text.trim(), { bits: false });
  return typeof bytes === 'number' && Number.isFinite(bytes) && bytes >= 0 ? bytes : undefined;
}

/** Milliseconds in a duration string such as `30s` or `1h30m`; undefined when the text is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  const ms = parseDuration(text.trim());
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export const BYTES_PER = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 } as const;
export const MS_PER = { ms: 1, s: 1000, h: 3_600_000 } as const;
