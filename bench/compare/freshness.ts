/*
 * What the two sides' scheduled catalog reads cost: this project's freshness
 * pass (every minute by default: every entity's ref and etag, and the bodies
 * of those that changed) and Tech Insights' fact retrieval (on its own
 * schedule: the entities its facts are of, whole). Each is timed in its
 * host, with the catalog host's CPU time over it: what the schedule costs
 * the catalog, which every other catalog client shares.
 */
import { Host } from './hosts';
import { median } from './http';

/** The readiness plugin's freshness pass (`FRESHNESS_TASK_ID` in the backend). */
const FRESHNESS_TASK = 'readiness-freshness';

export interface CatalogPass {
  ms: number;
  /** The catalog host's CPU time (user and system) over the pass. */
  catalogCpuMs: number;
}

export interface FreshnessFigures {
  /** The first pass after a full run: it records every entity's catalog facts. */
  first: CatalogPass;
  /** Passes with nothing changed in the catalog, medians of each figure. */
  unchanged: CatalogPass;
}

/** Runs one of the host's scheduled tasks to its end, with the catalog's CPU time over it. */
export async function withCatalogCpu(
  host: Host,
  catalog: Host,
  pluginId: string,
  taskId: string,
): Promise<CatalogPass> {
  const before = catalog.cpuMs();
  const ms = await host.runTask(pluginId, taskId);
  return { ms, catalogCpuMs: catalog.cpuMs() - before };
}

/**
 * The freshness pass once after the full run, then `runs` times with nothing
 * changed. The first finds no facts recorded, so it asks for a full run, as
 * it does in a portal after installation; each next pass starts once that
 * run has ended.
 */
export async function measureFreshness(
  host: Host,
  catalog: Host,
  runs: number,
): Promise<FreshnessFigures> {
  if (!(await host.tasks()).includes(`readiness/${FRESHNESS_TASK}`)) {
    throw new Error(`The readiness plugin scheduled no ${FRESHNESS_TASK}`);
  }
  const first = await withCatalogCpu(
    host,
    catalog,
    'readiness',
    FRESHNESS_TASK,
  );
  const passes: CatalogPass[] = [];
  for (let i = 0; i < runs; i++) {
    passes.push(
      await withCatalogCpu(host, catalog, 'readiness', FRESHNESS_TASK),
    );
  }
  // A pass that asked for a full run (the first does) has it run now; the
  // reads measured next do not share the machine with it.
  await host.settle();
  return {
    first,
    unchanged: {
      ms: median(passes.map(p => p.ms)),
      catalogCpuMs: median(passes.map(p => p.catalogCpuMs)),
    },
  };
}
