/*
 * Initial schema of the readiness backend.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // What owners said in the portal, one row per entity and check.
  await knex.schema.createTable('readiness_answers', table => {
    table.comment('Portal answers to readiness checks');
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 64).notNullable();
    table.string('status', 32).notNullable();
    table.string('na_reason', 32).nullable();
    table.text('na_text').nullable();
    table.text('evidence_url').nullable();
    table.text('note').nullable();
    table.string('answered_by', 255).notNullable();
    table.string('answered_at', 32).notNullable();
    table.string('reviewed_by', 255).nullable();
    table.string('reviewed_at', 32).nullable();
    table.integer('version').notNullable();
    table.primary(['entity_ref', 'check_id']);
  });

  await knex.schema.createTable('readiness_roles', table => {
    table.comment('Portal assignments of Minimum Viable Organisation roles');
    table.string('entity_ref', 255).notNullable();
    table.string('role_id', 64).notNullable();
    table.text('holders').notNullable().comment('JSON array of entity refs');
    table.string('assigned_by', 255).notNullable();
    table.string('assigned_at', 32).notNullable();
    table.integer('version').notNullable();
    table.primary(['entity_ref', 'role_id']);
  });

  // Automatic results pushed by pipelines and services through POST /results.
  await knex.schema.createTable('readiness_results', table => {
    table.comment('Automatic check results pushed by services');
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 64).notNullable();
    table.string('status', 32).notNullable();
    table.text('evidence_url').nullable();
    table.text('note').nullable();
    table.string('reported_by', 255).notNullable();
    table.string('reported_at', 32).notNullable();
    table.primary(['entity_ref', 'check_id']);
  });

  await knex.schema.createTable('readiness_history', table => {
    table.comment(
      'Append-only history of every answer, role and result change',
    );
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('subject', 16).notNullable();
    table.string('subject_id', 64).notNullable();
    table.string('action', 16).notNullable();
    table.text('before').nullable();
    table.text('after').nullable();
    table.string('actor', 255).notNullable();
    table.string('at', 32).notNullable();
    table.index(['entity_ref', 'id'], 'readiness_history_entity_idx');
  });

  // Precomputed results: one row per scored entity.
  await knex.schema.createTable('readiness_scorecards', table => {
    table.comment('Precomputed entity scorecards');
    table.string('entity_ref', 255).primary();
    table.string('kind', 64).notNullable();
    table.string('title', 255).nullable();
    table.string('owner_ref', 255).nullable();
    table.string('system_ref', 255).nullable();
    table.string('domain_ref', 255).nullable();
    table.string('lifecycle', 64).nullable();
    table.float('score').nullable();
    table.string('level', 64).nullable();
    table.integer('gate_failures').notNullable();
    table.boolean('production_below_gate').notNullable();
    table.integer('role_problems').notNullable();
    table.string('entity_etag', 255).nullable();
    table
      .string('fingerprint', 64)
      .notNullable()
      .comment(
        'Hash of the scorecard and etag; unchanged rows are not rewritten',
      );
    table.text('member').notNullable().comment('JSON RollupMember');
    table.text('scorecard').notNullable().comment('JSON EntityScorecard');
    table.string('computed_at', 32).notNullable();
    table.index(['owner_ref'], 'readiness_scorecards_owner_idx');
    table.index(['system_ref'], 'readiness_scorecards_system_idx');
    table.index(['domain_ref'], 'readiness_scorecards_domain_idx');
    table.index(['score'], 'readiness_scorecards_score_idx');
  });

  await knex.schema.createTable('readiness_rollups', table => {
    table.comment('Precomputed rollups of groups, systems and domains');
    table.string('rollup_ref', 255).primary();
    table.string('kind', 16).notNullable();
    table.string('title', 255).nullable();
    table.string('parent_ref', 255).nullable();
    table.float('score').nullable();
    table.integer('entity_count').notNullable();
    table.text('rollup').notNullable().comment('JSON Rollup');
    table.string('computed_at', 32).notNullable();
    table.index(['kind', 'parent_ref'], 'readiness_rollups_parent_idx');
  });

  // Daily snapshots of entity scores and rollups, for trends and asOf.
  await knex.schema.createTable('readiness_snapshots', table => {
    table.comment('Daily snapshots of scores');
    table.string('day', 10).notNullable();
    table.string('subject_ref', 255).notNullable();
    table
      .string('subject_kind', 16)
      .notNullable()
      .comment('entity, group, system or domain');
    table.string('parent_ref', 255).nullable();
    table.string('title', 255).nullable();
    table.float('score').nullable();
    table.string('level', 64).nullable();
    table.text('data').nullable().comment('JSON Rollup for rollups');
    table.primary(['subject_ref', 'subject_kind', 'day']);
    table.index(['day', 'subject_kind'], 'readiness_snapshots_day_idx');
  });

  await knex.schema.createTable('readiness_state', table => {
    table.comment('Bookkeeping of the computation (last full run)');
    table.string('key', 64).primary();
    table.text('value').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of [
    'readiness_state',
    'readiness_snapshots',
    'readiness_rollups',
    'readiness_scorecards',
    'readiness_history',
    'readiness_results',
    'readiness_roles',
    'readiness_answers',
  ]) {
    await knex.schema.dropTable(table);
  }
};
