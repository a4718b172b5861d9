/** Reading GetMetricData responses: pages merged by Id, CLI timestamps, the window inferred, and clear errors. */
import { describe, expect, it } from 'vitest';
import { checkResponseIds, checkSavedQueries, mergeResults, parseMetricsFile, savedMetricsJson, type SavedMeta } from '../../src/check/metrics-file.js';
import { metricDataQuery, metricSpecs } from '../../src/check/queries.js';
import { UserError } from '../../src/errors.js';

const T0 = Date.UTC(2026, 10, 20) / 1000;

describe('mergeResults', () => {
  it('joins the pages of one Id in time order, and keeps every page status and message', () => {
    const data = mergeResults(
      [
        { Id: 'app_cpu', Timestamps: [T0 + 600, T0 + 900], Values: [3, 4], StatusCode: 'PartialData' },
        { Id: 'app_cpu', Timestamps: [T0, T0 + 300], Values: [1, 2], StatusCode: 'Complete', Messages: [{ Code: 'MaxDatapoints', Value: 'truncated' }] },
      ],
      [{ Code: 'Info', Value: 'hello' }],
    );
    expect(data.series.get('app_cpu')).toEqual({ timestamps: [T0, T0 + 300, T0 + 600, T0 + 900], values: [1, 2, 3, 4], statusCodes: ['PartialData', 'Complete'], messages: ['MaxDatapoints: truncated'] });
    expect(data.messages).toEqual(['Info: hello']);
  });
});

describe('parseMetricsFile', () => {
  it('reads the AWS CLI\'s ISO timestamps (or epoch seconds) and infers the period and window from them', () => {
    const raw = {
      MetricDataResults: [
        { Id: 'app_cpu', Label: 'CPUUtilization', Timestamps: ['2026-11-20T00:10:00+00:00', '2026-11-20T00:00:00+00:00'], Values: [2, 1], StatusCode: 'Complete' },
        { Id: 'app_memory', Timestamps: [T0 + 1200], Values: [5] },
      ],
      Messages: [],
    };
    const f = parseMetricsFile(raw, 'cli.json', 900);
    expect(f.data.series.get('app_cpu')!.timestamps).toEqual([T0, T0 + 600]);
    // Smallest step 600 s; from the first timestamp to one period past the last.
    expect(f.window).toEqual({ startSeconds: T0, endSeconds: T0 + 1200 + 600, periodSeconds: 600 });
    expect(f.meta).toBeUndefined();
    expect(f.notes[0]).toContain('has no capacity metadata');
  });

  it('falls back to the given period when no series has two points, and notes a trailing NextToken', () => {
    const f = parseMetricsFile({ MetricDataResults: [{ Id: 'a', Timestamps: [T0], Values: [1] }], NextToken: 'abc' }, 'one.json', 900);
    expect(f.window).toEqual({ startSeconds: T0, endSeconds: T0 + 900, periodSeconds: 900 });
    expect(f.notes[0]).toBe('one.json ends with a NextToken: it holds only the first page(s) of the response');
    expect(parseMetricsFile({ MetricDataResults: [] }, 'empty.json', 900).window).toBeUndefined();
  });

  it('round-trips what --save writes, window and all', () => {
    const specs = metricSpecs({ ecs: { cluster: 'c', service: 's' } });
    const meta: SavedMeta = { schemaVersion: 1, kind: 'capacity-check-metrics', window: { start: '2026-11-20T00:00:00.000Z', end: '2026-11-20T01:00:00.000Z', periodSeconds: 900 }, region: 'eu-west-1', calls: 1, metricsRequested: 3, queries: specs.map((s) => metricDataQuery(s, 900)) };
    const text = savedMetricsJson([{ Id: 'app_cpu', Label: 'CPUUtilization', Timestamps: [T0], Values: [7], StatusCode: 'Complete' }], [], meta);
    const json = JSON.parse(text);
    expect(json.MetricDataResults[0]).toEqual({ Id: 'app_cpu', Label: 'CPUUtilization', Timestamps: ['2026-11-20T00:00:00.000Z'], Values: [7], StatusCode: 'Complete' });
    const f = parseMetricsFile(json, 'saved.json', 60);
    expect(f.meta).toEqual(meta);
    expect(f.window).toEqual({ startSeconds: T0, endSeconds: T0 + 3600, periodSeconds: 900 });
    expect(() => checkSavedQueries(f.meta!, specs, 'saved.json')).not.toThrow();
    expect(() => checkSavedQueries(f.meta!, metricSpecs({ ecs: { cluster: 'c', service: 'other' } }), 'saved.json')).toThrow('saved.json was fetched for a different deployment');
  });

  it('a response to other queries shares no id with the deployment\'s, and says how to fetch the right ones', () => {
    const specs = metricSpecs({ ecs: { cluster: 'c', service: 's' } });
    const other = mergeResults([{ Id: 'm1', Timestamps: [T0], Values: [1] }]);
    expect(() => checkResponseIds(other, specs, 'other.json')).toThrow("other.json answers other queries than this deployment's");
    expect(() => checkResponseIds(mergeResults([{ Id: 'app_cpu', Timestamps: [T0], Values: [1] }]), specs, 'ok.json')).not.toThrow();
    expect(() => checkResponseIds(mergeResults([]), specs, 'empty.json')).not.toThrow();
  });

  it('names the field of an invalid file', () => {
    const error = (raw: unknown) => {
      try {
        parseMetricsFile(raw, 'bad.json', 60);
      } catch (e) {
        return e as UserError;
      }
      throw new Error('no error');
    };
    expect(error({}).details[0]!.path).toBe('MetricDataResults');
    expect(error({ MetricDataResults: [{ Id: 'a', Timestamps: [1, 2], Values: [1] }] }).details[0]).toEqual({ path: 'MetricDataResults.0.Values', message: 'Timestamps and Values differ in length' });
    expect(error({ MetricDataResults: [{ Id: 'a', Timestamps: ['yesterday'], Values: [1] }] }).details[0]).toEqual({ path: 'MetricDataResults.0.Timestamps.0', message: 'not a timestamp: "yesterday"' });
  });
});
