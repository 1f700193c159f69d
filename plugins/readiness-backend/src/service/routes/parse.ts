import { InputError } from '@backstage/errors';
import {
  DEFAULT_IMPORT_MEGABYTES,
  describeIssues,
  entityParamsSchema,
  MAX_PUSH_BODY_BYTES,
  normalizeEntityRef,
} from '@prodready/plugin-readiness-common';
import express, { Request, Response } from 'express';
import { z } from 'zod';

/** Parses with a schema, turning failures into an InputError that names each field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(`Invalid ${what}: ${describeIssues(result.error)}`);
  }
  return result.data;
}

/** The normalised entity ref of the entity route params. */
export function entityRefFromParams(params: unknown): string {
  const { kind, namespace, name } = parseInput(
    entityParamsSchema,
    params,
    'entity reference',
  );
  return normalizeEntityRef(`${kind}:${namespace}/${name}`);
}

/**
 * The entity a request's path names, as given and bounded: what an audit
 * event records before the path is checked (once the caller is authorised).
 */
export function pathRefAsGiven(params: Record<string, string>): string {
  const { kind, namespace, name } = params;
  return `${kind}:${namespace}/${name}`.slice(0, 300);
}

/** Body size limits per kind of route: a body is only read once the caller is authorised. */
export const BODY_LIMITS = {
  /** Answers, roles, versions. */
  entity: '32kb',
  /** `POST /results`: up to 1,000 results. */
  results: `${MAX_PUSH_BODY_BYTES / 1024 / 1024}mb`,
  /** `POST /import`: a whole backup. */
  import: `${DEFAULT_IMPORT_MEGABYTES}mb`,
} as const;

/** A body limit of this backend's configuration, with the setting that gives it. */
export interface ConfiguredBodyLimit {
  megabytes: number;
  setting: string;
}

const parsers = new Map<string, express.RequestHandler>();

/** express.json with this limit, made once per limit. */
function parserFor(limit: string) {
  let parser = parsers.get(limit);
  if (!parser) {
    parser = express.json({ limit });
    parsers.set(limit, parser);
  }
  return parser;
}

/**
 * Reads the JSON body of a request. Called after authorisation, so an
 * unauthorised caller never makes the backend parse (or answer about) a body.
 * A body over the limit is a 413 that says the limit (and the setting that
 * raises it, when configured).
 */
export async function readJsonBody(
  req: Request,
  res: Response,
  kind: keyof typeof BODY_LIMITS,
  configured?: ConfiguredBodyLimit,
): Promise<unknown> {
  const limit = configured ? `${configured.megabytes}mb` : BODY_LIMITS[kind];
  await new Promise<void>((resolve, reject) =>
    parserFor(limit)(req, res, error => {
      if (
        (error as { type?: string } | undefined)?.type === 'entity.too.large'
      ) {
        (error as Error).message = `The ${kind} body is larger than ${limit}${
          configured ? ` (${configured.setting})` : ''
        }`;
      }
      return error ? reject(error) : resolve();
    }),
  );
  return req.body ?? {};
}

/** Version the client saw, from `If-Match` or the body. */
export function expectedVersion(
  ifMatch: string | undefined,
  bodyVersion: number | undefined,
): number {
  let headerVersion: number | undefined;
  if (ifMatch !== undefined) {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (!match) {
      throw new InputError(
        `Invalid If-Match header: '${ifMatch.slice(
          0,
          40,
        )}' is not a version number`,
      );
    }
    headerVersion = Number(match[1]);
  }
  if (
    headerVersion !== undefined &&
    bodyVersion !== undefined &&
    headerVersion !== bodyVersion
  ) {
    throw new InputError(
      `Invalid request: If-Match (${headerVersion}) and version (${bodyVersion}) disagree`,
    );
  }
  const version = headerVersion ?? bodyVersion;
  if (version === undefined) {
    throw new InputError(
      'Invalid request: version is required (the version of the answer you saw, 0 for none), in the body or an If-Match header',
    );
  }
  return version;
}
