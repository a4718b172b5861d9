/**
 * Floors under the three Fargate phases (ecs, proxy, replicas), all checked in one pass before any of them is
 * searched. When a lower phase already has a configuration, a Fargate phase matters only if it can beat that cost;
 * for most loads its floor (load balancer + cheapest cache + the cheapest database that carries the query CPU + the
 * fewest tasks the app's CPU and pool need) already rules it out. The per-catalogue part is built once per run; what
 * depends on the load is a few divisions and one search per phase, every step taken on every call.
 *
 * Why not leave it to evaluatePhase, which has the same floors: an uncertain plan or a sweep plans thousands of
 * loads, and running the Fargate phases through the search that sizes EC2 phases made that code several times larger
 * to compile and, whenever a rare load first reached a Fargate branch, threw the compiled code away.
 */
import type { AwsSnapshot } from '../catalogue/schema.js';
import { instancesNeeded, workersPerInstance } from './app.js';
import { phaseInputs, topology, loadBalancerMicrosOf, type PhaseContext } from './candidates.js';
import { databaseFloorAt, databaseFloorSteps, databaseOptions, type DatabaseFloorSteps } from './database.js';
import type { PhaseId } from './types.js';

/** The Fargate phases, in PHASES order. */
export const FARGATE_PHASES = ['ecs', 'proxy', 'replicas'] as const satisfies readonly PhaseId[];

/** Everything of the floors that does not depend on the load, with the inputs it was built from. */
interface FargateFloorInputs {
  aws: AwsSnapshot | undefined;
  classesAllowed: readonly string[] | undefined;
  nodeTypes: readonly string[] | undefined;
  readShare: number;
  storageGB: number;
  target: number;
  availability: number;
  processBaseMB: number;
  systemReservedMB: number;
  workersPerVcpu: number;
  poolPerWorker: number;
  /** Two tasks under Multi-AZ, else one. */
  minCount: number;
  /** The cheapest cache node (two under Multi-AZ). */
  cacheMicros: number;
  /** Each task vCPU size, the monthly price of its cheapest task that can run its workers, and that task's pool. */
  vcpus: Float64Array;
  taskMicros: Float64Array;
  poolPerTask: Float64Array;
  /** The database floor of each Fargate phase, by query CPU. */
  database: DatabaseFloorSteps[];
}

let last: FargateFloorInputs | undefined;

function floorInputs(ctx: PhaseContext): FargateFloorInputs {
  const { profile, aws, target } = ctx;
  const { app, database, redis } = profile;
  const poolPerWorker = database.poolSizePerWorker + database.maxOverflowPerWorker;
  const l = last;
  if (
    l !== undefined &&
    l.aws === aws &&
    l.classesAllowed === database.classes &&
    l.nodeTypes === redis.nodeTypes &&
    l.readShare === database.readShare &&
    l.storageGB === database.storageGB &&
    l.target === target &&
    l.availability === profile.targets.availability &&
    l.processBaseMB === app.processBaseMB &&
    l.systemReservedMB === app.systemReservedMB &&
    l.workersPerVcpu === app.workersPerVcpu &&
    l.poolPerWorker === poolPerWorker
  ) {
    return l;
  }
  return (last = buildFloorInputs(ctx, poolPerWorker));
}

// Built once per run (again only when a sampled field it depends on changes), so kept apart from the check above.
function buildFloorInputs(ctx: PhaseContext, poolPerWorker: number): FargateFloorInputs {
  const { profile, aws, target } = ctx;
  const { multiAz, appCtx } = topology('ecs', ctx);
  const inputs = phaseInputs('ecs', aws, profile, true);
  const vcpus = [...new Set(inputs.options.map((o) => o.vcpu))];
  const taskMicros = vcpus.map(() => Number.POSITIVE_INFINITY);
  // A task size runs when its workers fit in its memory under target: what instancesNeeded reports for no load.
  const noLoad = { variableBytes: 0, cpuVcpuAtTarget: 0, poolConnectionsAtTarget: 0 };
  inputs.options.forEach((option, i) => {
    const j = vcpus.indexOf(option.vcpu);
    if (instancesNeeded(option, appCtx, noLoad) !== undefined) taskMicros[j] = Math.min(taskMicros[j]!, inputs.unitMicros[i]!);
  });
  const database = FARGATE_PHASES.map((phase) => {
    const { dbCtx } = topology(phase, ctx);
    const replicaRange: [number, number] = phase === 'replicas' ? [1, aws.rds.maxReadReplicas] : [0, 0];
    return databaseFloorSteps(databaseOptions(phaseInputs(phase, aws, profile, true).classes, replicaRange, dbCtx), profile.database.readShare, target);
  });
  return {
    aws,
    classesAllowed: profile.database.classes,
    nodeTypes: profile.redis.nodeTypes,
    readShare: profile.database.readShare,
    storageGB: profile.database.storageGB,
    target,
    availability: profile.targets.availability,
    processBaseMB: profile.app.processBaseMB,
    systemReservedMB: profile.app.systemReservedMB,
    workersPerVcpu: profile.app.workersPerVcpu,
    poolPerWorker,
    minCount: multiAz ? 2 : 1,
    cacheMicros: inputs.cacheNodeMicros * (multiAz ? 2 : 1),
    vcpus: Float64Array.from(vcpus),
    taskMicros: Float64Array.from(taskMicros),
    poolPerTask: Float64Array.from(vcpus, (v) => workersPerInstance(v, profile) * poolPerWorker),
    database,
  };
}

/**
 * The floor under every configuration of each Fargate phase at this load, in FARGATE_PHASES order, written into
 * `out`: the load balancer at this load, the cheapest cache node (two under Multi-AZ), the database floor
 * (databaseFloorMicros: the cheapest option that carries the primary's CPU), and for the tasks the least, over the
 * vCPU sizes, of the cheapest runnable task of that size times the tasks its CPU and DB pool alone need, rounded up
 * (at least the minimum count). All terms are integer micro-dollars, so the sums are exact. NaN (a pool of zero
 * connections with no queries) when a floor cannot be told.
 */
export function fargateFloorsMicros(ctx: PhaseContext, out: Float64Array): Float64Array {
  const f = floorInputs(ctx);
  const { demand, target } = ctx;
  // The same figures as appDemandOf; a rounding difference in the last place is absorbed by the margin below.
  const cpuVcpuAtTarget = (demand.peakMessagesPerSecond * ctx.profile.app.cpuMsPerMessage) / 1000 / target;
  const poolConnectionsAtTarget = demand.dbQueriesInFlight / target;
  let taskFloorMicros = Number.POSITIVE_INFINITY;
  for (let j = 0; j < f.vcpus.length; j++) {
    const needed = Math.max(cpuVcpuAtTarget / f.vcpus[j]!, poolConnectionsAtTarget / f.poolPerTask[j]!);
    // Less a float margin before rounding up, as the search's own floor counts do (3.0000000000000004 tasks is 3).
    taskFloorMicros = Math.min(taskFloorMicros, f.taskMicros[j]! * Math.max(f.minCount, Math.ceil(needed * (1 - 1e-9))));
  }
  const sharedMicros = loadBalancerMicrosOf(ctx) + f.cacheMicros + taskFloorMicros;
  for (let k = 0; k < f.database.length; k++) out[k] = sharedMicros + databaseFloorAt(f.database[k]!, demand.dbCpuVcpu);
  return out;
}

const floors = new Float64Array(FARGATE_PHASES.length);

/**
 * Which Fargate phases could have a configuration cheaper than `boundMicros` (bit k for FARGATE_PHASES[k]): those
 * whose floor (fargateFloorsMicros) is below it. A phase whose bit is clear has no configuration that costs less than
 * the bound, so its search under that bound would find nothing.
 */
export function fargatePhasesUnderBound(ctx: PhaseContext, boundMicros: number): number {
  fargateFloorsMicros(ctx, floors);
  let open = 0;
  for (let k = 0; k < floors.length; k++) {
    // A NaN floor never rules a phase out. (Bits computed on every pass, so that the same operations run whatever
    // the outcome: the compiled code then has nothing left to learn when a rare load first leaves a phase open.)
    const bit = 1 << k;
    open += floors[k]! >= boundMicros ? 0 : bit;
  }
  return open;
}
