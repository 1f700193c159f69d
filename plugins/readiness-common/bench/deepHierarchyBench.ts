/*
 * Rollups of a group chain N deep, one entity owned by every group: the
 * worst shape a catalog can give the rollup, since every group counts every
 * entity below it.
 *
 *   npm run bench:deep --workspace @prodready/plugin-readiness-common
 *
 * For each depth it prints the time to add the members and build every
 * rollup, the heap the builder and its rollups hold, and the ratio to the previous depth
 * (twice as deep: about 2× when linear, 4× when quadratic). Not a test: run
 * it on a quiet machine.
 */
/* eslint-disable no-console */
import { GroupNode, RollupBuilder, RollupMember } from '../src';
import { collectGarbage } from './workParts';

const DEPTHS = [2500, 5000, 10000, 20000];
const group = (i: number) => `group:default/g${i}`;

function chain(depth: number): GroupNode[] {
  return Array.from({ length: depth }, (_, i) => ({
    ref: group(i),
    ...(i > 0 ? { parent: group(i - 1) } : {}),
  }));
}

function memberOwnedBy(i: number): RollupMember {
  return {
    entityRef: `component:default/c${i}`,
    kind: 'component',
    owner: group(i),
    score: 50 + (i % 10) / 10,
    categories: { resiliency: 40, support: i % 2 ? null : 60 },
    level: i % 3 ? 'bronze' : null,
    gateFailures: i % 2,
    productionBelowGate: false,
    roleProblems: 0,
  };
}

function run(depth: number) {
  const groups = chain(depth);
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  const builder = new RollupBuilder({ groups, systems: [], domains: [] });
  for (let i = 0; i < depth; i++) builder.add(memberOwnedBy(i));
  const built = builder.build();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // What the builder and its rollups hold once the garbage is gone.
  collectGarbage();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  builder.add(memberOwnedBy(0)); // keeps the builder alive until here
  const root = built.rollups.find(r => r.ref === group(0))!;
  if (root.aggregate.entities !== depth) {
    throw new Error(`the root counts ${root.aggregate.entities} of ${depth}`);
  }
  return { ms, heapMb };
}

run(DEPTHS[0]); // warm up
let previous: number | undefined;
console.log('depth   build (ms)   heap held (MB)   time ÷ previous depth');
for (const depth of DEPTHS) {
  const { ms, heapMb } = run(depth);
  const ratio = previous ? `${(ms / previous).toFixed(1)}×` : '';
  console.log(
    `${String(depth).padStart(6)} ${ms.toFixed(0).padStart(11)} ${heapMb
      .toFixed(0)
      .padStart(16)}   ${ratio}`,
  );
  previous = ms;
}
