/** Price changes between two snapshots: every USD figure by its path, old → new, with the change in percent. */

/** The version of `capacity pricing diff --format json` (`kind: "capacity-price-diff"`). */
export const PRICE_DIFF_SCHEMA_VERSION = 1;

export interface PriceChange {
  path: string;
  old: number | null;
  new: number | null;
  changePercent: number | null;
}

function collectPrices(value: unknown, path: string, out: Map<string, number>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectPrices(v, `${path}[${i}]`, out));
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'source') continue;
    const childPath = path ? `${path}.${key}` : key;
    if (typeof child === 'number' && /usd/i.test(key)) out.set(childPath, child);
    else if (typeof child === 'number' && key === 'value' && /Usd/.test(path)) out.set(childPath, child);
    else collectPrices(child, childPath, out);
  }
}

export function diffPrices(oldSnapshot: unknown, newSnapshot: unknown, options: { includeUnchanged?: boolean } = {}): PriceChange[] {
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  collectPrices(oldSnapshot, '', before);
  collectPrices(newSnapshot, '', after);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: PriceChange[] = [];
  for (const path of paths) {
    const o = before.get(path) ?? null;
    const n = after.get(path) ?? null;
    if (o === n && !options.includeUnchanged) continue;
    changes.push({ path, old: o, new: n, changePercent: o !== null && n !== null && o !== 0 ? ((n - o) / o) * 100 : null });
  }
  return changes;
}
