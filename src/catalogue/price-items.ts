/**
 * Reading AWS Price List items (the JSON strings `GetProducts` returns). Pure: no SDK, no I/O.
 * Item shape: product{productFamily, attributes, sku}, terms.OnDemand[<sku>.<offer>].priceDimensions[…]
 * {unit, pricePerUnit{USD}, beginRange, endRange}, publicationDate.
 */

export interface PriceDimension {
  unit?: string;
  pricePerUnit?: { USD?: string };
  beginRange?: string;
  endRange?: string;
  description?: string;
}

export interface PriceItem {
  serviceCode?: string;
  product: { productFamily?: string; attributes: Record<string, string>; sku: string };
  terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, PriceDimension> }> };
  publicationDate?: string;
}

export function parsePriceItem(text: string): PriceItem {
  const item = JSON.parse(text) as PriceItem;
  if (!item || typeof item !== 'object' || !item.product || typeof item.product.attributes !== 'object' || typeof item.product.sku !== 'string') {
    throw new Error('a PriceList entry is not a product (no product.attributes or product.sku)');
  }
  return item;
}

/** The on-demand price dimensions of an item, sorted by the start of their range. */
export function onDemandDimensions(item: PriceItem): { usd: number; unit: string; beginRange: number; endRange: number | null }[] {
  const dims: { usd: number; unit: string; beginRange: number; endRange: number | null }[] = [];
  for (const term of Object.values(item.terms?.OnDemand ?? {})) {
    for (const d of Object.values(term.priceDimensions ?? {})) {
      const usd = Number(d.pricePerUnit?.USD);
      if (!Number.isFinite(usd)) continue;
      dims.push({ usd, unit: d.unit ?? '', beginRange: Number(d.beginRange ?? 0), endRange: d.endRange === undefined || d.endRange === 'Inf' ? null : Number(d.endRange) });
    }
  }
  return dims.sort((a, b) => a.beginRange - b.beginRange);
}

/** The single on-demand price of an item (its first range). */
export function onDemandUsd(item: PriceItem): number | undefined {
  return onDemandDimensions(item)[0]?.usd;
}

/** "2 GiB", "0.5 GiB", "1,024 GiB" → GiB. */
export function parseGiB(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^([\d,.]+)\s*GiB$/i.exec(text.trim());
  return m ? Number(m[1]!.replace(/,/g, '')) : undefined;
}

/**
 * Items a filter returns that are not the plain on-demand charge: RDS and ElastiCache Extended Support, Outposts,
 * Local Zones and Wavelength. They share the instance type and would otherwise win by accident.
 */
export function isDecoy(item: PriceItem): boolean {
  const a = item.product.attributes;
  const usage = a.usagetype ?? '';
  if (/ExtendedSupport/i.test(usage) || /Outposts/i.test(usage)) return true;
  if (a.locationType !== undefined && a.locationType !== 'AWS Region') return true;
  return false;
}

/** Usage types carry a region prefix outside us-east-1 (`EUC1-BoxUsage:t3.small`): match on the suffix. */
export function usageTypeEndsWith(item: PriceItem, suffix: string): boolean {
  const usage = item.product.attributes.usagetype ?? '';
  return usage === suffix || usage.endsWith(`-${suffix}`);
}

export function findItem(items: readonly PriceItem[], predicate: (item: PriceItem) => boolean): PriceItem | undefined {
  return items.find((item) => !isDecoy(item) && onDemandUsd(item) !== undefined && predicate(item));
}
