/**
 * A local stand-in for CloudWatch GetMetricData: HTTP on 127.0.0.1 speaking what @aws-sdk/client-cloudwatch ≥ 3.949
 * speaks (read from its dist-cjs and @aws-sdk/core's AwsJson1_0Protocol): POST /, content-type
 * application/x-amz-json-1.0, X-Amz-Target GraniteServiceVersion20100801.GetMetricData, x-amzn-query-mode: true,
 * timestamps as epoch seconds; errors as HTTP 400/403 with `x-amzn-query-error: Code;Sender` and a `__type` body.
 * It enforces the API's rules (≤ 500 queries, ids, periods valid for the data's age, no Unit), so a request capacity
 * gets wrong fails the test, and it pages results with PartialData + NextToken, throttles, or denies on demand.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QueryBody {
  Id: string;
  MetricStat: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] }; Period: number; Stat: string; Unit?: string };
}

export interface RequestBody {
  MetricDataQueries: QueryBody[];
  StartTime: number;
  EndTime: number;
  NextToken?: string;
  ScanBy?: string;
}

/** The value of one query's statistic for the period starting at t (epoch seconds); undefined for no datapoint. */
export type DataFn = (q: QueryBody, t: number, request: { StartTime: number; EndTime: number }) => number | undefined;

export interface CloudWatchServerOptions {
  data: DataFn;
  /** Datapoints per query per page; a query with more is PartialData and the response carries a NextToken. */
  pageSize?: number;
  /** Answer the first N requests with Throttling. */
  throttleFirst?: number;
  /** Answer every request with AccessDenied. */
  denyAccess?: boolean;
}

export interface RecordedRequest {
  headers: IncomingMessage['headers'];
  body: RequestBody;
}

export interface CloudWatchServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests answered with data (not throttled, not denied). */
  answered: () => RecordedRequest[];
  close: () => Promise<void>;
}

const DAY = 86_400;
const JSON_1_0 = 'application/x-amz-json-1.0';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(res: ServerResponse, status: number, code: string, type: string, message: string): void {
  res.writeHead(status, { 'content-type': JSON_1_0, 'x-amzn-query-error': `${code};Sender`, 'x-amzn-requestid': 'test-request' });
  res.end(JSON.stringify({ __type: type, message }));
}

/** What real CloudWatch rejects; undefined when the request is valid. */
function invalid(body: RequestBody, nowSeconds: number): string | undefined {
  const queries = body.MetricDataQueries ?? [];
  if (queries.length === 0 || queries.length > 500) return `MetricDataQueries must hold 1 to 500 queries, got ${queries.length}`;
  if (typeof body.StartTime !== 'number' || typeof body.EndTime !== 'number') return 'StartTime and EndTime must be epoch seconds';
  if (body.StartTime >= body.EndTime) return 'StartTime must be before EndTime';
  const age = nowSeconds - body.StartTime;
  const multiple = age > 63 * DAY ? 3600 : age > 15 * DAY ? 300 : 60;
  const ids = new Set<string>();
  for (const q of queries) {
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) return `invalid Id ${q.Id}`;
    if (ids.has(q.Id)) return `duplicate Id ${q.Id}`;
    ids.add(q.Id);
    if (!q.MetricStat) return `${q.Id}: MetricStat missing`;
    if (q.MetricStat.Unit !== undefined) return `${q.Id}: Unit given (capacity must not send one)`;
    if (q.MetricStat.Period % multiple !== 0) return `${q.Id}: Period ${q.MetricStat.Period} is not a multiple of ${multiple} for data ${Math.round(age / DAY)} days old`;
  }
  return undefined;
}

export async function startCloudWatchServer(options: CloudWatchServerOptions): Promise<CloudWatchServer> {
  const requests: RecordedRequest[] = [];
  const answered: RecordedRequest[] = [];
  let throttlesLeft = options.throttleFirst ?? 0;
  const pageSize = options.pageSize ?? Number.POSITIVE_INFINITY;
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const body = JSON.parse(text || '{}') as RequestBody;
    const recorded = { headers: req.headers, body };
    requests.push(recorded);
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || req.url !== '/' || target !== 'GraniteServiceVersion20100801.GetMetricData') return fail(res, 400, 'InvalidAction', 'com.amazon.coral.service#UnknownOperationException', `unexpected ${req.method} ${req.url} ${String(target)}`);
    if (req.headers['content-type'] !== JSON_1_0 || req.headers['x-amzn-query-mode'] !== 'true') return fail(res, 400, 'InvalidParameterValue', 'InvalidParameterValueException', 'expected AWS JSON 1.0 in query-compatible mode');
    if (!/^AWS4-HMAC-SHA256 Credential=\S+\/\d{8}\/[a-z0-9-]+\/monitoring\/aws4_request/.test(String(req.headers.authorization ?? ''))) return fail(res, 403, 'MissingAuthenticationToken', 'MissingAuthenticationTokenException', 'unsigned request');
    if (options.denyAccess) {
      return fail(res, 403, 'AccessDenied', 'com.amazon.coral.service#AccessDeniedException', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudwatch:GetMetricData because no identity-based policy allows the cloudwatch:GetMetricData action');
    }
    if (throttlesLeft > 0) {
      throttlesLeft -= 1;
      return fail(res, 400, 'Throttling', 'com.amazon.coral.availability#ThrottlingException', 'Rate exceeded');
    }
    const problem = invalid(body, Date.now() / 1000);
    if (problem) return fail(res, 400, 'InvalidParameterValue', 'InvalidParameterValueException', problem);
    answered.push(recorded);
    const page = body.NextToken ? Number(body.NextToken.replace('page-', '')) : 0;
    let more = false;
    const MetricDataResults = body.MetricDataQueries.map((q) => {
      const timestamps: number[] = [];
      const values: number[] = [];
      for (let t = body.StartTime; t < body.EndTime; t += q.MetricStat.Period) {
        const v = options.data(q, t, body);
        if (v !== undefined) {
          timestamps.push(t);
          values.push(v);
        }
      }
      const from = page === 0 ? 0 : page * pageSize;
      const to = from + pageSize;
      const partial = timestamps.length > to;
      more ||= partial;
      return { Id: q.Id, Label: q.MetricStat.Metric.MetricName, Timestamps: timestamps.slice(from, to), Values: values.slice(from, to), StatusCode: partial ? 'PartialData' : 'Complete' };
    });
    res.writeHead(200, { 'content-type': JSON_1_0, 'x-amzn-requestid': `req-${requests.length}` });
    res.end(JSON.stringify({ MetricDataResults, Messages: [], ...(more ? { NextToken: `page-${page + 1}` } : {}) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, answered: () => answered, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
