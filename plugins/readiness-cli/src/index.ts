/**
 * A CI gate for the readiness plugin: prints an entity's scorecard summary,
 * fails a pipeline when the entity is below a required level, and pushes
 * results from a JSON file.
 *
 * @packageDocumentation
 */

export { run } from './run';
export type { CliIo } from './run';
