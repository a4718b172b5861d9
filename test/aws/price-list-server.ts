/**
 * A local stand-in for the AWS Price List Query API: HTTP on 127.0.0.1, AWS JSON 1.1, `X-Amz-Target:
 * AWSPriceListService.GetProducts`. It applies TERM_MATCH filters to its items, pages them, and can throttle or deny.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureItem {
  serviceCode: string;
  product: { productFamily: string; attributes: Record<string, string>; sku: string };
  terms: { OnDemand: Record<string, { priceDimensions: Record<string, { unit: string; pricePerUnit: { USD: string }; beginRange: string; endRange: string; description: string }> }> };
  publicationDate: string;
  version: string;
}

export interface ServerOptions {
  items: FixtureItem[];
  /** Items per page, whatever MaxResults says, to force pagination. */
  pageSize?: number;
  /** Answer the first N requests with ThrottlingException. */
  throttleFirst?: number;
  /** Answer every request with AccessDeniedException. */
  denyAccess?: boolean;
}

export interface PriceListServer {
  url: string;
  requests: { target: string | undefined; authorization: string; body: { ServiceCode: string; Filters: { Type: string; Field: string; Value: string }[]; NextToken?: string; MaxResults?: number } }[];
  close: () => Promise<void>;
}

let skuCounter = 0;
/** An item shaped like the real ones in shared/reference/pricing-samples/. */
export function priceItem(serviceCode: string, productFamily: string, attributes: Record<string, string>, usd: number, unit = 'Hrs', ranges: { beginRange: string; endRange: string; usd: number }[] = []): FixtureItem {
  const sku = `TESTSKU${String(++skuCounter).padStart(8, '0')}`;
  const dims = ranges.length > 0 ? ranges : [{ beginRange: '0', endRange: 'Inf', usd }];
  const priceDimensions = Object.fromEntries(
    dims.map((d, i) => [`${sku}.JRTCKXETXF.6YS6EN2CT${i}`, { unit, pricePerUnit: { USD: d.usd.toFixed(10) }, beginRange: d.beginRange, endRange: d.endRange, description: `$${d.usd} per ${unit}` }]),
  );
  return {
    serviceCode,
    product: { productFamily, attributes: { servicecode: serviceCode, ...attributes }, sku },
    terms: { OnDemand: { [`${sku}.JRTCKXETXF`]: { priceDimensions } } },
    publicationDate: '2026-11-20T00:00:00Z',
    version: '20261120000000',
  };
}

function matches(item: FixtureItem, serviceCode: string, filters: { Field: string; Value: string }[]): boolean {
  if (item.serviceCode !== serviceCode) return false;
  return filters.every((f) => (f.Field === 'productFamily' ? item.product.productFamily : item.product.attributes[f.Field]) === f.Value);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startPriceListServer(options: ServerOptions): Promise<PriceListServer> {
  const requests: PriceListServer['requests'] = [];
  let throttlesLeft = options.throttleFirst ?? 0;
  const pageSize = options.pageSize ?? 2;
  const server: Server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)) || '{}');
    const target = req.headers['x-amz-target'] as string | undefined;
    requests.push({ target, authorization: String(req.headers.authorization ?? ''), body });
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${requests.length}` });
      res.end(JSON.stringify(payload));
    };
    if (req.method !== 'POST' || target !== 'AWSPriceListService.GetProducts') return reply(400, { __type: 'UnknownOperationException', message: `unexpected ${req.method} ${target}` });
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')) return reply(403, { __type: 'MissingAuthenticationTokenException', message: 'unsigned request' });
    if (options.denyAccess) return reply(400, { __type: 'AccessDeniedException', message: 'User is not authorized to perform: pricing:GetProducts' });
    if (throttlesLeft > 0) {
      throttlesLeft -= 1;
      return reply(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
    }
    const all = options.items.filter((i) => matches(i, body.ServiceCode, body.Filters ?? []));
    const start = body.NextToken ? Number(body.NextToken.replace('page-', '')) : 0;
    const page = all.slice(start, start + pageSize);
    const next = start + pageSize < all.length ? `page-${start + pageSize}` : undefined;
    reply(200, { FormatVersion: 'aws_v1', PriceList: page.map((i) => JSON.stringify(i)), ...(next ? { NextToken: next } : {}) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
