// The comparison bench is no workspace: `npm run lint` lints it as a Node
// library whose dependencies are the repository root's (dev) dependencies.
const path = require('path');
const { createConfigForRole } = require('@backstage/cli/config/eslint-factory');

module.exports = createConfigForRole(
  path.resolve(__dirname, '../..'),
  'node-library',
);
