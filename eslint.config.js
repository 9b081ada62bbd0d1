// Lint for Upkeep: ESLint's and typescript-eslint's recommended rules, plus the project's own:
// one clock per run (no wall-clock reads outside src/util/clock.ts), unused code fails.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const WALL_CLOCK = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'A run has one clock (src/util/clock.ts): take `clock.now()` or `clock.startedAt` from the run context.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'A run has one clock (src/util/clock.ts): take `clock.startedAt` from the run context.',
  },
  {
    selector: "MemberExpression[object.name='Date'][property.name='now']",
    message: 'A run has one clock (src/util/clock.ts): pass `clock.now` instead of `Date.now`.',
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'bench/out/', 'node_modules/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-non-null-assertion': 'warn',
      'no-restricted-syntax': ['error', ...WALL_CLOCK],
    },
  },
  // The one place that reads the wall clock.
  { files: ['src/util/clock.ts'], rules: { 'no-restricted-syntax': 'off' } },
  // Tests, benchmarks and scripts measure real time and build fixtures freely.
  { files: ['test/**', 'bench/**', 'scripts/**'], rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-non-null-assertion': 'off' } },
);
