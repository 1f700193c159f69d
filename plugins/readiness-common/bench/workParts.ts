/*
 * The engine bench's helpers: a full GC between runs, medians, and the
 * parts of the scoring work timed alone (lower bounds of what scoring costs).
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { ReadinessModel } from '../src';
import {
  AnnotationModel,
  AnnotationSink,
  scanReadinessAnnotations,
} from '../src/annotationGrammar';
import { benchDetectors, SyntheticOrg } from '../src/testUtils';

/**
 * A full garbage collection, without --expose-gc on the command line: used
 * only between runs, so that each run starts from the live organisation
 * rather than the generator's garbage.
 */
export function collectGarbage() {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds of `fn`, median of `runs` runs, each after a full GC. */
function timePart(
  runs: number,
  fn: () => number,
): { ms: number; count: number } {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    const t = process.hrtime.bigint();
    count = fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: median(times), count };
}

/** Parts of the scoring work, each alone over every scored entity. */
export function timeParts(
  model: ReadinessModel,
  org: SyntheticOrg,
  runs: number,
) {
  const annotationModel: AnnotationModel = {
    checks: new Map(model.checks.map(c => [c.id, c])),
    roleIds: new Set(model.roles.map(r => r.id)),
  };
  const context = { catalog: org.catalog };
  return {
    read: timePart(runs, () => {
      let n = 0;
      for (const entity of org.scored) {
        const annotations = entity.metadata.annotations ?? {};
        // eslint-disable-next-line guard-for-in
        for (const key in annotations) {
          if (key.startsWith('prodready.dev/') && annotations[key]) n++;
        }
      }
      return n;
    }),
    parse: timePart(runs, () => {
      let n = 0;
      const sink: AnnotationSink = {
        answer: () => n++,
        invalidCheck: () => {},
        role: () => n++,
        invalidRole: () => {},
      };
      for (const entity of org.scored) {
        scanReadinessAnnotations(entity, annotationModel, sink, []);
      }
      return n;
    }),
    detect: timePart(runs, () => {
      let n = 0;
      for (const entity of org.scored) {
        for (const detector of benchDetectors) {
          n += detector.detect(entity, context).length;
        }
      }
      return n;
    }),
  };
}
