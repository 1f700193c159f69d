import { Entity } from '@backstage/catalog-model';
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { withRelations } from './entities';

/** The demo organisation shipped in examples/: a realistic catalog. */
export function demoOrganisation(): Entity[] {
  const dir = path.resolve(__dirname, '../../../../examples');
  return withRelations(
    ['org.yaml', 'systems.yaml', 'components.yaml'].flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(
        d => d.toJS() as Entity,
      ),
    ),
  );
}
