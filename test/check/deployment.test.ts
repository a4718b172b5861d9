/** The deployment section and its flags: merged, validated by the profile schema, errors naming the flag or field. */
import { describe, expect, it } from 'vitest';
import { checkDeploymentReferences, hasResources, mergeDeployment } from '../../src/check/deployment.js';
import { UserError } from '../../src/errors.js';
import { usEast1 } from './scenario.js';

function details(fn: () => unknown): { path?: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    return (e as UserError).details;
  }
  throw new Error('no error');
}

describe('mergeDeployment', () => {
  it('lays the flags over the profile\'s section', () => {
    const d = mergeDeployment({ ecs: { cluster: 'chat', service: 'api' }, rds: { instance: 'db' } }, { ecsService: 'api-v2', redis: 'cache-001', ec2Instances: undefined, maxConnections: 500 });
    expect(d).toEqual({ ecs: { cluster: 'chat', service: 'api-v2' }, rds: { instance: 'db', maxConnections: 500 }, redis: { cluster: 'cache-001' } });
    expect(mergeDeployment(undefined, { ec2Instances: 'i-0aaaaaaaaaaaaaaaa, i-0bbbbbbbbbbbbbbbb' })).toEqual({ ec2: { instanceIds: ['i-0aaaaaaaaaaaaaaaa', 'i-0bbbbbbbbbbbbbbbb'] } });
    expect(hasResources(mergeDeployment(undefined, {}))).toBe(false);
  });

  it('names the flag that set a bad value, or the profile field', () => {
    expect(details(() => mergeDeployment(undefined, { alb: 'my-alb' }))).toEqual([{ path: '--alb', message: 'expected app/<name>/<id>, the end of the load balancer ARN' }]);
    expect(details(() => mergeDeployment({ ec2: { instanceIds: ['web-1'] } }, {}))).toEqual([{ path: 'deployment.ec2.instanceIds.0', message: 'expected an EC2 instance id such as i-0123456789abcdef0' }]);
  });

  it('rejects combinations that cannot be checked', () => {
    expect(details(() => mergeDeployment(undefined, { ecsCluster: 'chat' }))[0]!.message).toBe('ECS service metrics need both cluster and service');
    expect(details(() => mergeDeployment(undefined, { ecsCluster: 'c', ecsService: 's', asg: 'g' }))[0]!.message).toBe('give deployment.ecs or deployment.ec2 for the app tier, not both');
    expect(details(() => mergeDeployment(undefined, { targetGroup: 'targetgroup/api/73e2d6bc24d8a067' }))[0]).toEqual({ path: 'deployment.alb.loadBalancer', message: 'target group metrics need the load balancer too (alb.loadBalancer)' });
  });
});

describe('checkDeploymentReferences', () => {
  it('accepts what the snapshot knows and names what it does not', () => {
    const catalogue = usEast1();
    expect(() => checkDeploymentReferences({ ecs: { taskSize: '1vCPU-2GB' }, rds: { instanceClass: 'db.t4g.medium' }, redis: { nodeType: 'cache.t4g.small' } }, catalogue, {})).not.toThrow();
    const found = details(() => checkDeploymentReferences({ ecs: { taskSize: '3vCPU-6GB' }, redis: { nodeType: 'cache.r9.huge' } }, catalogue, { nodeType: 'cache.r9.huge' }));
    expect(found.map((d) => d.path)).toEqual(['deployment.ecs.taskSize', '--node-type']);
    expect(found[0]!.message).toContain('unknown Fargate task size "3vCPU-6GB"');
  });
});
