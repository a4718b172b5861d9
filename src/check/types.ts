/** The shapes of `capacity check`: what was asked of CloudWatch, what came back, and the verdict on each metric. */

export const CHECK_SCHEMA_VERSION = 1;

/** Every metric the check reads has one role: what it measures in the model's terms. */
export type Role =
  | 'alb.requests'
  | 'alb.connections'
  | 'app.cpu'
  | 'app.memory'
  | 'app.tasks'
  | 'db.connections'
  | 'db.cpu'
  | 'proxy.clients'
  | 'proxy.connections'
  | 'cache.memory'
  | 'cache.connections'
  | 'cache.cpu';

/** How a period's statistic becomes the reported value. */
export type Conversion =
  /** The statistic as CloudWatch returns it (percent, count). */
  | 'value'
  /** A Sum over the period divided by the period: a rate per second. */
  | 'per-second'
  /** A Sum of one-minute readings over the period, divided by the minutes in it: the average reading. */
  | 'per-minute'
  /** As `per-minute`, halved: ALB ActiveConnectionCount counts the client side and the target side of each connection. */
  | 'per-minute-halved';

/** Which per-period value is "the peak": the highest, or the 99th percentile (nearest rank) of the periods. */
export type Peak = 'max' | 'p99';

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricSpec {
  /** GetMetricData query id: starts with a lowercase letter, then letters, digits and underscores. */
  id: string;
  role: Role;
  /** Human name of the resource, e.g. `ecs chat/chat-api`. */
  resource: string;
  namespace: string;
  metric: string;
  dimensions: Dimension[];
  stat: string;
  peak: Peak;
  conversion: Conversion;
  unit: string;
  /** AWS documents that no datapoint means zero (ALB counts are published only while traffic flows). */
  missingIsZero: boolean;
  /** The profile field that names the resource, for hints. */
  field: string;
}

/** The GetMetricData query of one spec, in the API's own shape (no Unit: a mismatched unit returns nothing). */
export interface MetricDataQuery {
  Id: string;
  MetricStat: { Metric: { Namespace: string; MetricName: string; Dimensions: Dimension[] }; Period: number; Stat: string };
}

/** One query's datapoints, oldest first, timestamps in epoch seconds. */
export interface Series {
  timestamps: number[];
  values: number[];
  /** StatusCode of each page (Complete, PartialData, InternalError, Forbidden). */
  statusCodes: string[];
  messages: string[];
}

export interface CheckWindow {
  /** ISO-8601, inclusive. */
  start: string;
  /** ISO-8601, exclusive. */
  end: string;
  periodSeconds: number;
}

export type Status = 'ok' | 'warn' | 'breach' | 'drift' | 'no-data';

export interface CheckItem {
  resource: string;
  namespace: string;
  metric: string;
  /** CloudWatch statistic of each period. */
  stat: string;
  /** How the peak was taken over the periods. */
  peak: Peak;
  unit: string;
  observed: number | null;
  /** The hard limit in `unit` (100 %, max_connections, maxclients); null when the metric has none. */
  limit: number | null;
  /** observed / limit. */
  utilization: number | null;
  /** Utilisation above which the item warns: the profile's targets.utilization. */
  warnAt: number | null;
  /** Utilisation at which the item breaches: AWS's recommended alarm level, or the limit itself. */
  breachAt: number | null;
  /** What the model predicts at the load observed, in `unit`. */
  predicted: number | null;
  /** (observed − predicted) / predicted. */
  relativeError: number | null;
  /** True when the prediction is a ceiling (connection pools): only observations above it drift. */
  predictedIsCeiling: boolean;
  status: Status;
  hint: string | null;
}

export interface ObservedLoad {
  requestsPerSecond: number | null;
  clientConnections: number | null;
  messagesPerSecond: number | null;
  appInstances: number | null;
  /** Where appInstances came from. */
  appInstancesSource: string | null;
  /** When (ISO-8601) the busiest period started, when an ALB was read. */
  busiestPeriod: string | null;
}

export interface CheckReport {
  schemaVersion: typeof CHECK_SCHEMA_VERSION;
  kind: 'capacity-check';
  profile: string;
  source:
    | { mode: 'live'; region: string; calls: number; metricsRequested: number; costUsd: number }
    | { mode: 'file'; file: string };
  window: CheckWindow;
  tolerance: number;
  load: ObservedLoad;
  items: CheckItem[];
  verdict: 'pass' | 'fail';
  /** Assumptions and caveats, one sentence each. */
  notes: string[];
}
