/** Metric data + profile → the check report. Pure: the same data gives the same verdicts, live or from a file. */
import type { Catalogue } from '../catalogue/schema.js';
import type { Deployment, Profile } from '../profile/schema.js';
import { buildItem, type ItemContext } from './items.js';
import type { MetricData } from './metrics-file.js';
import { modelAtLoad } from './model-at-load.js';
import { busiest, peakOf, pointsOf, valueAtOrMax, type Point } from './series.js';
import { CHECK_SCHEMA_VERSION, type CheckItem, type CheckReport, type MetricSpec, type Role } from './types.js';
import { windowJson, type Window } from './window.js';

export interface CheckInput {
  profile: Profile;
  catalogue: Catalogue;
  deployment: Deployment;
  specs: readonly MetricSpec[];
  data: MetricData;
  window: Window;
  tolerance: number;
  source: CheckReport['source'];
  notes?: string[];
}

export function evaluateCheck(input: CheckInput): CheckReport {
  const { profile, catalogue, deployment, specs, data, window, tolerance } = input;
  const points = new Map<string, Point[]>(specs.map((s) => [s.id, pointsOf(s, data.series.get(s.id), window)]));
  const first = (role: Role) => specs.find((s) => s.role === role);
  const pointsFor = (role: Role) => {
    const s = first(role);
    return s ? points.get(s.id)! : undefined;
  };

  const requests = pointsFor('alb.requests');
  const connections = pointsFor('alb.connections');
  const peakPeriod = requests ? busiest(requests) : undefined;
  const tasks = pointsFor('app.tasks');
  const observedLoad = {
    requestsPerSecond: requests ? peakOf(requests, 'max') : null,
    clientConnections: connections ? peakOf(connections, 'max') : null,
    appInstances: tasks ? (valueAtOrMax(tasks, peakPeriod?.t) ?? null) : null,
    appInstancesMetric: first('app.tasks') ? `${first('app.tasks')!.namespace} ${first('app.tasks')!.metric}` : undefined,
  };
  const model = modelAtLoad(profile, catalogue, deployment, observedLoad);

  const ctx: ItemContext = { model, target: profile.targets.utilization, tolerance, maxClientsPerNode: catalogue.aws.elasticache.maxClientsPerNode.value };
  const items: CheckItem[] = specs.map((s) => {
    const series = data.series.get(s.id);
    const pts = points.get(s.id)!;
    const item = buildItem(s, peakOf(pts, s.peak), ctx, noDataHint(s, series?.statusCodes ?? []));
    if (s.missingIsZero && (series?.timestamps.length ?? 0) === 0) {
      const zero = `no datapoints: the ALB publishes ${s.metric} only while traffic flows, so this reads as zero (check ${s.field} if traffic was expected)`;
      item.hint = item.hint ? `${item.hint}; ${zero}` : zero;
    }
    return item;
  });

  const notes = [...(input.notes ?? []), ...model.notes, ...data.messages.map((m) => `CloudWatch: ${m}`)];
  for (const s of specs) {
    const series = data.series.get(s.id);
    if (series?.statusCodes.at(-1) === 'PartialData') notes.push(`${s.id}: CloudWatch marked the data PartialData with no further page`);
    for (const m of series?.messages ?? []) notes.push(`${s.id}: ${m}`);
  }
  const failed = items.some((i) => i.status === 'breach' || i.status === 'drift');
  return {
    schemaVersion: CHECK_SCHEMA_VERSION,
    kind: 'capacity-check',
    profile: profile.name,
    source: input.source,
    window: windowJson(window),
    tolerance,
    load: {
      requestsPerSecond: observedLoad.requestsPerSecond,
      clientConnections: observedLoad.clientConnections,
      messagesPerSecond: model.messagesPerSecond,
      appInstances: model.app?.count ?? null,
      appInstancesSource: model.app?.countSource ?? null,
      busiestPeriod: peakPeriod ? new Date(peakPeriod.t * 1000).toISOString() : null,
    },
    items,
    verdict: failed ? 'fail' : 'pass',
    notes,
  };
}

function noDataHint(s: MetricSpec, statusCodes: readonly string[]): string {
  if (statusCodes.includes('Forbidden')) return 'CloudWatch answered Forbidden for this metric (a permission or cross-account limit)';
  if (statusCodes.includes('InternalError')) return 'CloudWatch answered InternalError for this metric; run the check again';
  if (s.metric === 'RunningTaskCount') return 'RunningTaskCount needs Container Insights on the cluster; without it the task count is not observed';
  if (s.metric === 'GroupInServiceInstances') return 'GroupInServiceInstances needs group metrics collection on the Auto Scaling group; without it the instance count is not observed';
  if (s.namespace === 'CWAgent') return `${s.metric} needs the CloudWatch agent on the instances, publishing with the ${s.dimensions[0]!.Name} dimension alone (aggregation_dimensions)`;
  return `no datapoints in the window: check ${s.field}, the region, and that the resource ran`;
}
