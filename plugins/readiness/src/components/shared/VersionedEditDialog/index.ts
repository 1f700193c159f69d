export { VersionedEditDialog } from './VersionedEditDialog';
export { useVersionedEdit } from './useVersionedEdit';
export type { VersionedEdit } from './useVersionedEdit';
