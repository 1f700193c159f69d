// The benchmark prints its figures.
module.exports = { rules: { 'no-console': 'off' } };
