module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // supertest's .expect(status) is an assertion too.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'request.**.expect', 'api.**.expect'] },
    ],
  },
});
