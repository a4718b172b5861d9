/**
 * Floors under the three Fargate phases (ecs, proxy, replicas), all checked in one pass before any of them is
 * searched. When a lower phase already has a configuration, a Fargate phase matters only if it can beat that cost;
 * for most loads its floor (load balancer + cheapest cache + the cheapest database that carries the query CPU + the
 * fewest tasks the app's CPU and pool need) already rules it out. What does not depend on the load is built once per
 * run; what does is a few divisions and the database ladders' searches, every step taken on every call. Under a bound
 * at or below a floor that no load changes (the floors' terms with no load at all), the load's floors are not worked
 * out: that settles most samples of an uncertain plan that stays on EC2.
 *
 * Why not leave it to evaluatePhase, which has the same floors: an uncertain plan or a sweep plans thousands of
 * loads, and running the Fargate phases through the search that sizes EC2 phases made that code several times larger
 * to compile and, whenever a rare load first reached a Fargate branch, threw the compiled code away.
 */
import type { AwsSnapshot } from '../catalogue/schema.js';
import { appDemandOf, instancesNeeded, workersPerInstance, type AppOption } from './app.js';
import { phaseInputs, replicaRangeOf, topology, loadBalancerMicrosOf, type PhaseContext } from './candidates.js';
import { databaseFloorMicros, databaseOptions, type DatabaseOption } from './database.js';
import { albMicros } from './network.js';
import type { PhaseId } from './types.js';

/** The Fargate phases, in PHASES order. */
export const FARGATE_PHASES = ['ecs', 'proxy', 'replicas'] as const satisfies readonly PhaseId[];

/** What the floors read of the catalogue and the profile's allow-lists and availability, per run. */
interface CatalogueFloors {
  aws: AwsSnapshot | undefined;
  classesAllowed: readonly string[] | undefined;
  nodeTypes: readonly string[] | undefined;
  availability: number;
  /** Two tasks under Multi-AZ, else one. */
  minCount: number;
  /** The cheapest cache node (two under Multi-AZ). */
  cacheMicros: number;
  /** The task sizes, the vCPU sizes among them, and each task size's index in `vcpus`. */
  options: readonly AppOption[];
  unitMicros: Float64Array;
  vcpus: Float64Array;
  vcpuIndex: Int32Array;
}

/** The cheapest task of each vCPU size that can run its workers, and that task's DB pool: app fields and target. */
interface TaskFloors {
  catalogue: CatalogueFloors | undefined;
  target: number;
  processBaseMB: number;
  systemReservedMB: number;
  workersPerVcpu: number;
  poolPerWorker: number;
  taskMicros: Float64Array;
  poolPerTask: Float64Array;
}

/** The database options of each Fargate phase (databaseOptions, priced with the storage), for databaseFloorMicros. */
interface DatabaseFloors {
  catalogue: CatalogueFloors | undefined;
  storageGB: number;
  options: (readonly DatabaseOption[])[];
}

/** A floor under what any Fargate phase costs at any load, with the parts it was built from. */
interface LoadFreeFloor {
  tasks: TaskFloors;
  databases: DatabaseFloors;
  micros: number;
}

let lastCatalogue: CatalogueFloors | undefined;
let lastTasks: TaskFloors | undefined;
let lastDatabases: DatabaseFloors | undefined;
let lastLoadFree: LoadFreeFloor | undefined;

// Each part is checked against the fields it was built from, so a sampled field (a ranged storageGB, processBaseMB or
// target) rebuilds only the part that reads it.
function catalogueFloors(ctx: PhaseContext): CatalogueFloors {
  const { profile, aws } = ctx;
  const l = lastCatalogue;
  if (l !== undefined && l.aws === aws && l.classesAllowed === profile.database.classes && l.nodeTypes === profile.redis.nodeTypes && l.availability === profile.targets.availability) return l;
  return (lastCatalogue = buildCatalogueFloors(ctx));
}

function buildCatalogueFloors(ctx: PhaseContext): CatalogueFloors {
  const { profile, aws } = ctx;
  const { multiAz } = topology('ecs', ctx);
  const inputs = phaseInputs('ecs', aws, profile, true);
  const vcpus = [...new Set(inputs.options.map((o) => o.vcpu))];
  return {
    aws,
    classesAllowed: profile.database.classes,
    nodeTypes: profile.redis.nodeTypes,
    availability: profile.targets.availability,
    minCount: multiAz ? 2 : 1,
    cacheMicros: inputs.cacheNodeMicros * (multiAz ? 2 : 1),
    options: inputs.options,
    unitMicros: inputs.unitMicros,
    vcpus: Float64Array.from(vcpus),
    vcpuIndex: Int32Array.from(inputs.options, (o) => vcpus.indexOf(o.vcpu)),
  };
}

function taskFloors(ctx: PhaseContext, c: CatalogueFloors): TaskFloors {
  const { app, database } = ctx.profile;
  const poolPerWorker = database.poolSizePerWorker + database.maxOverflowPerWorker;
  const l = lastTasks;
  if (
    l !== undefined &&
    l.catalogue === c &&
    l.target === ctx.target &&
    l.processBaseMB === app.processBaseMB &&
    l.systemReservedMB === app.systemReservedMB &&
    l.workersPerVcpu === app.workersPerVcpu &&
    l.poolPerWorker === poolPerWorker
  ) {
    return l;
  }
  return (lastTasks = buildTaskFloors(ctx, c, poolPerWorker));
}

function databaseFloors(ctx: PhaseContext, c: CatalogueFloors): DatabaseFloors {
  const l = lastDatabases;
  if (l !== undefined && l.catalogue === c && l.storageGB === ctx.profile.database.storageGB) return l;
  const { aws, profile } = ctx;
  const options = FARGATE_PHASES.map((phase) => {
    return databaseOptions(phaseInputs(phase, aws, profile, true).classes, replicaRangeOf(phase, aws), topology(phase, ctx).dbCtx);
  });
  return (lastDatabases = { catalogue: c, storageGB: profile.database.storageGB, options });
}

/** A load of nothing: instancesNeeded then says only whether a task size can run its workers at all. */
const NO_LOAD = { variableBytes: 0, cpuVcpuAtTarget: 0, poolConnectionsAtTarget: 0 };

function buildTaskFloors(ctx: PhaseContext, c: CatalogueFloors, poolPerWorker: number): TaskFloors {
  const { appCtx } = topology('ecs', ctx);
  const taskMicros = new Float64Array(c.vcpus.length).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < c.options.length; i++) {
    const j = c.vcpuIndex[i]!;
    if (instancesNeeded(c.options[i]!, appCtx, NO_LOAD) !== undefined) taskMicros[j] = Math.min(taskMicros[j]!, c.unitMicros[i]!);
  }
  const { app } = ctx.profile;
  return {
    catalogue: c,
    target: ctx.target,
    processBaseMB: app.processBaseMB,
    systemReservedMB: app.systemReservedMB,
    workersPerVcpu: app.workersPerVcpu,
    poolPerWorker,
    taskMicros,
    poolPerTask: c.vcpus.map((v) => workersPerInstance(v, ctx.profile) * poolPerWorker),
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
  const c = catalogueFloors(ctx);
  return floorsAt(ctx, c, taskFloors(ctx, c), databaseFloors(ctx, c), out);
}

function floorsAt(ctx: PhaseContext, c: CatalogueFloors, t: TaskFloors, d: DatabaseFloors, out: Float64Array): Float64Array {
  const { profile, demand, target } = ctx;
  // What the tasks of any Fargate phase must hold (a database keeps the threads): the figures the search sizes with.
  const { cpuVcpuAtTarget, poolConnectionsAtTarget } = appDemandOf({ profile, demand, holdsAllThreads: false, hasDatabase: true, target, explain: false });
  let taskFloorMicros = Number.POSITIVE_INFINITY;
  for (let j = 0; j < c.vcpus.length; j++) {
    const needed = Math.max(cpuVcpuAtTarget / c.vcpus[j]!, poolConnectionsAtTarget / t.poolPerTask[j]!);
    // Less a float margin before rounding up, as the search's own floor counts do (3.0000000000000004 tasks is 3).
    taskFloorMicros = Math.min(taskFloorMicros, t.taskMicros[j]! * Math.max(c.minCount, Math.ceil(needed * (1 - 1e-9))));
  }
  const sharedMicros = loadBalancerMicrosOf(ctx) + c.cacheMicros + taskFloorMicros;
  for (let k = 0; k < d.options.length; k++) out[k] = sharedMicros + databaseFloorMicros(d.options[k]!, ctx);
  return out;
}

/**
 * A floor under every floor fargateFloorsMicros gives, whatever the load: each of its terms at no load (the load
 * balancer's hourly price without LCUs, the minimum count of the cheapest runnable task, the cheapest database option
 * of the phase), the least over the phases. NaN when a pool of zero connections could make a load's floor NaN: a NaN
 * floor rules nothing out, here as there.
 */
function loadFreeFloorMicros(ctx: PhaseContext, c: CatalogueFloors, t: TaskFloors, d: DatabaseFloors): number {
  const l = lastLoadFree;
  if (l !== undefined && l.tasks === t && l.databases === d) return l.micros;
  return (lastLoadFree = buildLoadFreeFloor(ctx, c, t, d)).micros;
}

function buildLoadFreeFloor(ctx: PhaseContext, c: CatalogueFloors, t: TaskFloors, d: DatabaseFloors): LoadFreeFloor {
  if (!t.poolPerTask.every((pool) => pool > 0)) return { tasks: t, databases: d, micros: Number.NaN };
  const taskMicros = Math.min(...t.taskMicros) * c.minCount;
  const databaseMicros = Math.min(...d.options.map((options) => options[0]?.micros ?? Number.POSITIVE_INFINITY));
  return { tasks: t, databases: d, micros: albMicros(ctx.aws, 0) + c.cacheMicros + taskMicros + databaseMicros };
}

const floors = new Float64Array(FARGATE_PHASES.length);

/**
 * Which Fargate phases could have a configuration cheaper than `boundMicros` (bit k for FARGATE_PHASES[k]): those
 * whose floor (fargateFloorsMicros) is below it. A phase whose bit is clear has no configuration that costs less than
 * the bound, so its search under that bound would find nothing.
 */
export function fargatePhasesUnderBound(ctx: PhaseContext, boundMicros: number): number {
  const c = catalogueFloors(ctx);
  const t = taskFloors(ctx, c);
  const d = databaseFloors(ctx, c);
  // Under a bound at or below what any Fargate phase costs at any load, the load's own floors need not be worked out.
  if (loadFreeFloorMicros(ctx, c, t, d) >= boundMicros) return 0;
  floorsAt(ctx, c, t, d, floors);
  let open = 0;
  for (let k = 0; k < floors.length; k++) {
    // A NaN floor never rules a phase out. (Bits computed on every pass, so that the same operations run whatever
    // the outcome: the compiled code then has nothing left to learn when a rare load first leaves a phase open.)
    const bit = 1 << k;
    open += floors[k]! >= boundMicros ? 0 : bit;
  }
  return open;
}
