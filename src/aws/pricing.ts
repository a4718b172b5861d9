/**
 * The Price List adapter: the only module that talks to `@aws-sdk/client-pricing`. The SDK is imported on first use
 * (a dynamic import stays dynamic in the bundle), so commands that never call AWS never load it.
 */
import type { Filter as SdkFilter, PricingClient } from '@aws-sdk/client-pricing';
import { parsePriceItem, type PriceItem } from '../catalogue/price-items.js';
import type { FetchProducts } from '../catalogue/refresh.js';
import { AwsError } from '../errors.js';
import { toAwsError, noRegionError } from './errors.js';

// The SDK warns on every run that releases after January 2027 need Node 22; capacity supports Node 20 and says so in
// the README, so keep the commands' stderr for what concerns the user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface PriceListProgress {
  (event: { label: string; page: number; items: number }): void;
}

/** The region from the standard chain (AWS_REGION, the config file), or an AwsError that says how to set one. */
const sdk = () => import('@aws-sdk/client-pricing');

export async function defaultRegion(): Promise<string> {
  const { PricingClient } = await sdk();
  try {
    const region = await new PricingClient({}).config.region();
    if (region) return region;
  } catch {
    // fall through: no region configured
  }
  throw noRegionError();
}

export function priceListFetcher(endpointRegion: string, onProgress?: PriceListProgress): FetchProducts {
  let client: PricingClient | undefined;
  const endpoint = process.env.AWS_ENDPOINT_URL_PRICING ?? process.env.AWS_ENDPOINT_URL ?? `the Price List API in ${endpointRegion}`;
  return async (serviceCode, filters, label) => {
    const { PricingClient, GetProductsCommand } = await sdk();
    client ??= new PricingClient({ region: endpointRegion, maxAttempts: Number(process.env.AWS_MAX_ATTEMPTS) || 3 });
    const items: PriceItem[] = [];
    let nextToken: string | undefined;
    let page = 0;
    do {
      let response;
      try {
        response = await client.send(
          new GetProductsCommand({
            ServiceCode: serviceCode,
            Filters: filters.map((f): SdkFilter => ({ Type: 'TERM_MATCH', Field: f.Field, Value: f.Value })),
            FormatVersion: 'aws_v1',
            MaxResults: 100,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
      } catch (error) {
        throw toAwsError(error, 'pricing:GetProducts', endpoint);
      }
      page += 1;
      // The SDK hands each entry over as a JSON string (a lazy String wrapper in recent versions).
      for (const text of response.PriceList ?? []) {
        try {
          items.push(parsePriceItem(String(text)));
        } catch (error) {
          throw new AwsError(`unexpected Price List data for ${label}: ${(error as Error).message}`);
        }
      }
      onProgress?.({ label, page, items: items.length });
      nextToken = response.NextToken;
    } while (nextToken);
    return items;
  };
}
