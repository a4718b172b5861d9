/** Deployment → GetMetricData queries: namespaces, dimensions and statistics per AWS's docs; batches of 500. */
import { describe, expect, it } from 'vitest';
import { batches, metricDataQuery, metricSpecs, MAX_QUERIES_PER_CALL } from '../../src/check/queries.js';

const full = metricSpecs({
  ecs: { cluster: 'chat', service: 'chat-api' },
  alb: { loadBalancer: 'app/chat-alb/50dc6c495c0c9188', targetGroup: 'targetgroup/chat-api/73e2d6bc24d8a067' },
  rds: { instance: 'chat-db', proxy: 'chat-proxy' },
  redis: { cluster: 'chat-redis-001' },
});

describe('metricSpecs', () => {
  it('names one query per metric, each id a valid GetMetricData id', () => {
    expect(full.map((s) => `${s.id} ${s.namespace} ${s.metric} ${s.stat}`)).toEqual([
      'alb_requests AWS/ApplicationELB RequestCount Sum',
      'alb_connections AWS/ApplicationELB ActiveConnectionCount Sum',
      'app_cpu AWS/ECS CPUUtilization Average',
      'app_memory AWS/ECS MemoryUtilization Average',
      'app_tasks ECS/ContainerInsights RunningTaskCount Average',
      'db_connections AWS/RDS DatabaseConnections Maximum',
      'db_cpu AWS/RDS CPUUtilization Average',
      'proxy_clients AWS/RDS ClientConnections Sum',
      'proxy_connections AWS/RDS DatabaseConnections Sum',
      'cache_memory AWS/ElastiCache DatabaseMemoryUsagePercentage Maximum',
      'cache_connections AWS/ElastiCache CurrConnections Maximum',
      'cache_cpu AWS/ElastiCache EngineCPUUtilization Average',
    ]);
    for (const s of full) expect(s.id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
  });

  it('uses the dimensions each namespace publishes', () => {
    const dims = (id: string) => full.find((s) => s.id === id)!.dimensions.map((d) => `${d.Name}=${d.Value}`);
    expect(dims('alb_requests')).toEqual(['TargetGroup=targetgroup/chat-api/73e2d6bc24d8a067', 'LoadBalancer=app/chat-alb/50dc6c495c0c9188']);
    expect(dims('alb_connections')).toEqual(['LoadBalancer=app/chat-alb/50dc6c495c0c9188']);
    expect(dims('app_memory')).toEqual(['ClusterName=chat', 'ServiceName=chat-api']);
    expect(dims('db_cpu')).toEqual(['DBInstanceIdentifier=chat-db']);
    expect(dims('proxy_clients')).toEqual(['ProxyName=chat-proxy']);
    expect(dims('cache_memory')).toEqual(['CacheClusterId=chat-redis-001', 'CacheNodeId=0001']);
  });

  it('reads EC2 per instance (CPU, and the CloudWatch agent for memory) or per Auto Scaling group', () => {
    const byIds = metricSpecs({ ec2: { instanceIds: ['i-0aaaaaaaaaaaaaaaa', 'i-0bbbbbbbbbbbbbbbb'] } });
    expect(byIds.map((s) => `${s.id} ${s.namespace} ${s.metric} ${s.dimensions[0]!.Value}`)).toEqual([
      'app_cpu_0 AWS/EC2 CPUUtilization i-0aaaaaaaaaaaaaaaa',
      'app_memory_0 CWAgent mem_used_percent i-0aaaaaaaaaaaaaaaa',
      'app_cpu_1 AWS/EC2 CPUUtilization i-0bbbbbbbbbbbbbbbb',
      'app_memory_1 CWAgent mem_used_percent i-0bbbbbbbbbbbbbbbb',
    ]);
    const byGroup = metricSpecs({ ec2: { autoScalingGroup: 'chat-asg' } });
    expect(byGroup.map((s) => `${s.namespace} ${s.metric} ${s.dimensions[0]!.Name}`)).toEqual([
      'AWS/EC2 CPUUtilization AutoScalingGroupName',
      'CWAgent mem_used_percent AutoScalingGroupName',
      'AWS/AutoScaling GroupInServiceInstances AutoScalingGroupName',
    ]);
  });

  it('reads nothing that is absent', () => {
    expect(metricSpecs({})).toEqual([]);
    expect(metricSpecs({ rds: { instanceClass: 'db.t4g.medium' }, ecs: { taskSize: '1vCPU-2GB' } })).toEqual([]);
  });

  it('writes queries without a Unit (a mismatched unit returns nothing)', () => {
    const q = metricDataQuery(full[0]!, 900);
    expect(q).toEqual({
      Id: 'alb_requests',
      MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: full[0]!.dimensions }, Period: 900, Stat: 'Sum' },
    });
    expect(JSON.stringify(full.map((s) => metricDataQuery(s, 60)))).not.toContain('Unit');
  });
});

describe('batches', () => {
  it('splits queries into calls of at most 500', () => {
    expect(MAX_QUERIES_PER_CALL).toBe(500);
    const ids = Array.from({ length: 1201 }, (_, i) => i);
    expect(batches(ids).map((b) => b.length)).toEqual([500, 500, 201]);
    expect(batches(ids).flat()).toEqual(ids);
    expect(batches(ids.slice(0, 12)).map((b) => b.length)).toEqual([12]);
    expect(batches([])).toEqual([]);
  });
});
