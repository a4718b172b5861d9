/**
 * Sizes and durations with units (design §3: "Sizes accept units (`100KB`, `1.5GiB`), durations accept units
 * (`30s`, `24h`)"). SI for KB/MB/GB (1 KB = 1000 B), IEC for KiB/MiB/GiB (1 KiB = 1024 B); a lowercase `b` is bytes.
 */
import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseSizeBytes } from '../../src/units.js';
import { profileSchema } from '../../src/profile/schema.js';

describe('parseSizeBytes', () => {
  it.each([
    // [text, bytes (hand calculation)]
    ['100KB', 100_000], // 100 × 1000
    ['100kb', 100_000], // lowercase b is bytes, not bits (bits would be 12,500)
    ['100kB', 100_000],
    ['1KiB', 1024],
    ['1.5GiB', 1_610_612_736], // 1.5 × 1024³ = 1.5 × 1,073,741,824
    ['0.5GiB', 536_870_912], // 0.5 × 1024³
    ['512MB', 512_000_000], // 512 × 10⁶
    ['2MiB', 2_097_152], // 2 × 1024²
    ['1GB', 1_000_000_000],
    ['1TB', 1_000_000_000_000],
    ['64B', 64],
    ['0B', 0],
    [' 100KB ', 100_000], // surrounding space is trimmed
  ])('%j = %i bytes', (text, bytes) => {
    expect(parseSizeBytes(text)).toBe(bytes);
  });

  it.each([
    ['100'], // no unit
    ['100K'], // no B
    ['KB'], // no number
    [''],
    ['abc'],
    ['-5KB'], // negative
    ['100XB'], // unknown prefix
    ['1e3KB'], // exponent notation is not a size
    ['100Kbit'],
    ['100 KB extra'],
    ['.5GB'], // needs a leading digit
  ])('rejects %j', (text) => {
    expect(parseSizeBytes(text)).toBeUndefined();
  });
});

describe('parseDurationMs', () => {
  it.each([
    // [text, milliseconds (hand calculation)]
    ['30s', 30_000],
    ['250ms', 250],
    ['1h30m', 5_400_000], // 3,600,000 + 30 × 60,000
    ['90m', 5_400_000],
    ['1.5h', 5_400_000],
    ['24h', 86_400_000], // 24 × 3,600,000
    ['14d', 1_209_600_000], // 14 × 86,400,000
    ['1w', 604_800_000], // 7 × 86,400,000
    ['2 min', 120_000],
    ['0s', 0],
  ])('%j = %i ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each([['30'], [''], ['abc'], ['30x'], ['-5s'], ['h'], ['30 seconds later'], ['1y']])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe('profile fields convert units to the unit in the field name', () => {
  const parse = (input: unknown) => profileSchema.parse(input);

  it.each([
    // [path, value, expected in the field's unit]
    [['conversation', 'threadBytes'], '100KB', 100_000],
    [['conversation', 'threadBytes'], '100kb', 100_000],
    [['conversation', 'threadBytes'], '1.5GiB', 1_610_612_736],
    [['app', 'processBaseMB'], '0.25GB', 250], // 250,000,000 B / 10⁶
    [['app', 'processBaseMB'], '1.5GiB', 1_610.612_736], // 1,610,612,736 / 10⁶
    [['app', 'connectionKB'], '64KB', 64],
    [['app', 'connectionKB'], '1MB', 1000],
    [['app', 'cpuMsPerMessage'], '0.5s', 500],
    [['database', 'storageGB'], '500GB', 500],
    [['database', 'storageGB'], '1TB', 1000],
    [['database', 'queryMs'], '4ms', 4],
    [['traffic', 'secondsBetweenMessages'], '30s', 30],
    [['traffic', 'secondsBetweenMessages'], '1m', 60],
    [['conversation', 'retentionHours'], '1h30m', 1.5],
    [['conversation', 'retentionHours'], '7d', 168],
    [['redis', 'sessionTtlHours'], '30m', 0.5],
    [['redis', 'bytesPerSession'], '2KiB', 2048],
  ] as const)('%j: %j → %s', ([section, field], value, expected) => {
    const profile = parse({ [section]: { [field]: value } }) as unknown as Record<string, Record<string, number>>;
    expect(profile[section]![field]).toBeCloseTo(expected, 9);
  });

  it('keeps plain numbers in the field unit', () => {
    const p = parse({ conversation: { threadBytes: 5000, retentionHours: 2 }, app: { processBaseMB: 300 } });
    expect(p.conversation.threadBytes).toBe(5000);
    expect(p.conversation.retentionHours).toBe(2);
    expect(p.app.processBaseMB).toBe(300);
  });

  it.each([
    [{ conversation: { threadBytes: '100 kilobytes' } }, /is not a size/],
    [{ conversation: { threadBytes: '100' } }, /is not a size/],
    [{ app: { processBaseMB: '30s' } }, /is not a size/],
    [{ traffic: { secondsBetweenMessages: '30 parsecs' } }, /is not a duration/],
    [{ traffic: { secondsBetweenMessages: '100KB' } }, /is not a duration/],
    [{ traffic: { secondsBetweenMessages: '0s' } }, /greater than 0/],
    [{ conversation: { retentionHours: 'forever' } }, /is not a duration/],
    [{ conversation: { threadBytes: -1 } }, /./],
  ])('rejects %j', (input, message) => {
    const result = profileSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join('\n')).toMatch(message);
  });
});
