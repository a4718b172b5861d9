/**
 * The CloudWatch adapter: the only module that talks to `@aws-sdk/client-cloudwatch`, imported on first use so that
 * commands that never call AWS never load it. GetMetricData with every query batched (at most 500 per call), each
 * call followed through its NextToken pages (PartialData) until the results are complete.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { batches } from '../check/queries.js';
import type { RawResult } from '../check/metrics-file.js';
import type { MetricDataQuery } from '../check/types.js';
import { AwsError } from '../errors.js';
import { noRegionError, toAwsError } from './errors.js';

// See src/aws/pricing.ts: the Node 22 notice is not the user's concern on each run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const sdk = () => import('@aws-sdk/client-cloudwatch');
const ACTION = 'cloudwatch:GetMetricData';
/** A response that keeps handing out NextTokens past this many pages is not going to end. */
const MAX_PAGES_PER_BATCH = 1000;

export interface FetchedMetrics {
  results: RawResult[];
  messages: { Code?: string; Value?: string }[];
  region: string;
  /** GetMetricData calls that succeeded (pages), and the metrics they requested (what CloudWatch bills). */
  calls: number;
  metricsRequested: number;
}

export interface FetchOptions {
  region?: string;
  onPage?: (calls: number) => void;
}

export async function fetchMetricData(queries: readonly MetricDataQuery[], startSeconds: number, endSeconds: number, options: FetchOptions = {}): Promise<FetchedMetrics> {
  const { CloudWatchClient, GetMetricDataCommand } = await sdk();
  const client: CloudWatchClient = new CloudWatchClient({ ...(options.region ? { region: options.region } : {}), maxAttempts: Number(process.env.AWS_MAX_ATTEMPTS) || 3 });
  let region: string;
  try {
    region = await client.config.region();
  } catch {
    throw noRegionError();
  }
  if (!region) throw noRegionError();
  const endpoint = process.env.AWS_ENDPOINT_URL_CLOUDWATCH ?? process.env.AWS_ENDPOINT_URL ?? `CloudWatch in ${region}`;
  const out: FetchedMetrics = { results: [], messages: [], region, calls: 0, metricsRequested: 0 };
  for (const batch of batches(queries)) {
    let nextToken: string | undefined;
    let pages = 0;
    do {
      if (++pages > MAX_PAGES_PER_BATCH) throw new AwsError(`GetMetricData returned more than ${MAX_PAGES_PER_BATCH} pages for one batch`, 'use a shorter --since');
      let response;
      try {
        response = await client.send(
          new GetMetricDataCommand({
            MetricDataQueries: batch.map((q) => ({ Id: q.Id, MetricStat: { Metric: { Namespace: q.MetricStat.Metric.Namespace, MetricName: q.MetricStat.Metric.MetricName, Dimensions: q.MetricStat.Metric.Dimensions }, Period: q.MetricStat.Period, Stat: q.MetricStat.Stat } })),
            StartTime: new Date(startSeconds * 1000),
            EndTime: new Date(endSeconds * 1000),
            ScanBy: 'TimestampAscending',
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
      } catch (error) {
        throw toAwsError(error, ACTION, endpoint);
      }
      out.calls += 1;
      out.metricsRequested += batch.length;
      options.onPage?.(out.calls);
      for (const r of response.MetricDataResults ?? []) {
        if (!r.Id) continue;
        out.results.push({
          Id: r.Id,
          ...(r.Label !== undefined ? { Label: r.Label } : {}),
          Timestamps: (r.Timestamps ?? []).map((t) => t.getTime() / 1000),
          Values: r.Values ?? [],
          ...(r.StatusCode ? { StatusCode: r.StatusCode } : {}),
          ...(r.Messages && r.Messages.length > 0 ? { Messages: r.Messages.map((m) => ({ ...(m.Code ? { Code: m.Code } : {}), ...(m.Value ? { Value: m.Value } : {}) })) } : {}),
        });
      }
      for (const m of response.Messages ?? []) out.messages.push({ ...(m.Code ? { Code: m.Code } : {}), ...(m.Value ? { Value: m.Value } : {}) });
      nextToken = response.NextToken;
    } while (nextToken);
  }
  return out;
}
