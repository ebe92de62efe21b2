import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.stack/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only the config module reads process.env: take a typed AppConfig instead.',
        },
      ],
    },
  },
  {
    // The read side never reads the write schema through its own connection: only the projector's
    // verify/repair module names command-side tables, and it sends that SQL on the command database's.
    files: ['apps/query-api/src/**/*.ts', 'apps/projector/src/**/*.ts'],
    ignores: ['apps/projector/src/verify/**', '**/*.spec.ts', 'apps/*/src/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only the config module reads process.env: take a typed AppConfig instead.',
        },
        {
          selector: 'TemplateElement[value.raw=/\\bcommand\\.[a-z_]+/]',
          message:
            'The read side does not query the command schema (only verify/repair does, on DATABASE_URL).',
        },
        {
          selector: 'Literal[value=/\\bcommand\\.[a-z_]+/]',
          message:
            'The read side does not query the command schema (only verify/repair does, on DATABASE_URL).',
        },
      ],
    },
  },
  {
    // Nest resolves constructor parameters from their runtime types: those imports must stay values.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', 'ioredis', 'node:*', '@inventory/*'],
              message: 'The domain is pure: no framework, database, broker or I/O imports.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time comes in with the command.' },
        { object: 'Math', property: 'random', message: 'Ids and randomness come in with the command.' },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'The domain reads no environment.' }],
    },
  },
  {
    files: [
      'libs/platform/src/config/**/*.ts',
      'tools/**/*.ts',
      'bench/**/*.ts',
      'faults/**/*.ts',
      '**/*.spec.ts',
      'libs/testing/**/*.ts',
      'apps/*/src/testing/**/*.ts',
      'jest.config.js',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['jest.config.js', '.dependency-cruiser.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
