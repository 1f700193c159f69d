import { Readable } from 'node:stream';
import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import {
  FailingChecksResponse,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { ReadinessDocument, toDocument } from './toDocument';

/** Options of {@link ReadinessCollatorFactory}. @public */
export interface ReadinessCollatorFactoryOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  /** Scorecards read per request (default 500, at most 1,000). */
  pageSize?: number;
}

/**
 * Indexes every entity's readiness: level, score and failing checks. It
 * reads the readiness backend's keyset-paged `GET /scorecards/failing-checks`
 * as this plugin's service, a page at a time, and streams the documents to
 * the search engine (which, on PostgreSQL, indexes them in batches).
 *
 * A document shows one entity's readiness, so it is visible to those who
 * may read that entity in the catalog, as TechDocs' documents are: search
 * checks `catalog.entity.read` per result, by the document's
 * `authorization.resourceRef`, whenever the policy's decision is
 * conditional. Search takes one permission per type, so
 * `readiness.scorecard.read` does not apply here (see the README).
 * @public
 */
export class ReadinessCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'readiness';
  readonly visibilityPermission = catalogEntityReadPermission;

  constructor(private readonly options: ReadinessCollatorFactoryOptions) {
    const { pageSize } = options;
    // The route's own bound: a larger page would fail every collation.
    if (
      pageSize !== undefined &&
      !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 1000)
    ) {
      throw new InputError(
        `Invalid ReadinessCollatorFactory options: pageSize: must be a whole number from 1 to 1000, not ${pageSize}`,
      );
    }
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<ReadinessDocument> {
    const model = await this.get<ReadinessModel>('/model');
    const limit = this.options.pageSize ?? 500;
    let after = '';
    let count = 0;
    for (;;) {
      const query = new URLSearchParams({ after, limit: String(limit) });
      const page = await this.get<FailingChecksResponse>(
        `/scorecards/failing-checks?${query}`,
      );
      for (const item of page.items) {
        count++;
        yield toDocument(model, item);
      }
      if (!page.next) break;
      after = page.next;
    }
    this.options.logger.info(`Collated the readiness of ${count} entities`);
  }

  private async get<T>(path: string): Promise<T> {
    const { discovery, auth } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'readiness',
    });
    const response = await fetch(
      `${await discovery.getBaseUrl('readiness')}${path}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
