// @ts-check

/*
 * The entity each sent notice is about, so that a notices pass that could
 * not evaluate some entities (a page that failed) keeps their notices and
 * still forgets the others it no longer finds. Rows written before are
 * given theirs from their scope (`readiness:<kind>:<namespace>/<name>:…`);
 * a scope too long for its column was stored as a hash and stays null, so
 * such a notice is forgotten, as before, when its entity's page fails.
 */

/** Rows updated per statement (two parameters a row, and the key). */
const BATCH = 300;

/**
 * The entity of a notice scope, or undefined for a hashed one.
 * @param {string} scope
 */
function entityOfScope(scope) {
  const [prefix, kind, rest] = scope.split(':');
  if (prefix !== 'readiness' || kind === 'sha1' || !rest) return undefined;
  return `${kind}:${rest}`;
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_notices_sent', table => {
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('The entity the notice is about');
  });
  // Each batch is one kind's scopes: the primary key (kind, scope, period)
  // finds them without a scan. The index comes after the backfill.
  const rows = await knex('readiness_notices_sent').distinct('kind', 'scope');
  /** @type {Map<string, { scope: string, entityRef: string }[]>} */
  const byKind = new Map();
  for (const { kind, scope } of rows) {
    const entityRef = entityOfScope(scope);
    if (!entityRef) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), { scope, entityRef }]);
  }
  for (const [kind, scopes] of byKind) {
    for (let i = 0; i < scopes.length; i += BATCH) {
      const part = scopes.slice(i, i + BATCH);
      await knex('readiness_notices_sent')
        .where({ kind })
        .whereIn(
          'scope',
          part.map(p => p.scope),
        )
        .update({
          entity_ref: knex.raw(
            `case scope ${part.map(() => 'when ? then ?').join(' ')} end`,
            part.flatMap(p => [p.scope, p.entityRef]),
          ),
        });
    }
  }
  await knex.schema.alterTable('readiness_notices_sent', table => {
    table.index(['entity_ref'], 'readiness_notices_sent_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_notices_sent', table => {
    table.dropIndex(['entity_ref'], 'readiness_notices_sent_entity_idx');
    table.dropColumn('entity_ref');
  });
};
