export { RoleHoldersDialog } from './RoleHoldersDialog';
