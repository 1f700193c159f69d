import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import {
  buildReadinessModel,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { createRouter, RouterOptions } from '../service/router';

/** The routes an express router serves, as "METHOD /path" with OpenAPI-style parameters. */
function routesOf(router: any): string[] {
  return router.stack
    .filter((layer: any) => layer.route)
    .flatMap((layer: any) =>
      Object.keys(layer.route.methods).map(
        method =>
          `${method.toUpperCase()} ${layer.route.path.replace(
            /:(\w+)/g,
            '{$1}',
          )}`,
      ),
    )
    .sort();
}

describe('openapi.yaml', () => {
  it('documents exactly the routes the router serves', async () => {
    const document = parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    const documented = Object.entries(document.paths)
      .flatMap(([p, item]: [string, any]) =>
        Object.keys(item)
          .filter(k => ['get', 'put', 'post', 'delete', 'patch'].includes(k))
          .map(method => `${method.toUpperCase()} ${p}`),
      )
      .sort();
    const router = await createRouter({
      engine: new ReadinessEngine(buildReadinessModel()),
    } as unknown as RouterOptions);
    expect(documented).toEqual(routesOf(router));
  });
});
