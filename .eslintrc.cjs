/**
 * ESLint (legacy config, ESLint 9 with ESLINT_USE_FLAT_CONFIG=false) with typescript-eslint 8's
 * type-checked presets. See DESIGN.md §6 for why this is not a flat config.
 */
module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  parserOptions: {
    project: ['./tsconfig.json', './examples/browser/page/tsconfig.json'],
    tsconfigRootDir: __dirname,
    sourceType: 'module',
  },
  plugins: ['@typescript-eslint'],
  extends: [
    'eslint:recommended',
    'plugin:@typescript-eslint/recommended-type-checked',
    'plugin:@typescript-eslint/stylistic-type-checked',
  ],
  ignorePatterns: ['node_modules/', 'dist/', '*.cjs', 'coverage/'],
  rules: {
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    '@typescript-eslint/consistent-type-imports': 'error',
    '@typescript-eslint/consistent-type-definitions': 'off',
    '@typescript-eslint/array-type': 'off',
    '@typescript-eslint/prefer-readonly': 'error',
    // getters are overridden by subclasses (e.g. hasRsample), which readonly fields cannot be
    '@typescript-eslint/class-literal-property-style': 'off',
    'no-constant-condition': ['error', { checkLoops: false }],
    eqeqeq: ['error', 'always'],
  },
  overrides: [
    {
      files: ['spec/types/**/*.ts'],
      rules: {
        // type tests declare models only to take their types
        '@typescript-eslint/no-unused-vars': 'off',
      },
    },
    {
      // Floors point down: the core (effects, sites, the interpreter) sits below the distributions.
      files: ['lib/core/**/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: ['**/distributions/**'],
                message: 'lib/core must not import from lib/distributions (it sits below them); put what a site needs in lib/core.',
              },
            ],
          },
        ],
      },
    },
    {
      files: ['spec/**/*.ts'],
      rules: {
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/unbound-method': 'off',
      },
    },
  ],
};
