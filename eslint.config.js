// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/', 'node_modules/', '.data/', 'coverage/', 'clients/typescript/src/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only src/config.ts (and scripts/) read process.env.',
        },
      ],
    },
  },
  {
    files: [
      'src/config.ts',
      'scripts/**',
      'tests/**',
      'bench/**',
      'vitest.config.ts',
      'src/lib/local-services.ts',
      'deploy/**',
      'examples/**',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The layers (docs/architecture.md): stats/ and the domain kernel are pure; neither reaches up
    // into a feature module or the HTTP layer.
    files: ['src/stats/**/*.ts', 'src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(modules|http|jobs|cli)/',
              message:
                'stats/ and domain/ stay pure: import the model spec, ids and principal from src/domain.',
            },
            { regex: '^(fastify|pg|ioredis|bullmq|pino)$', message: 'stats/ and domain/ do no I/O.' },
          ],
        },
      ],
    },
  },
  // Each module's entry (docs/architecture.md#modules): code outside a module imports it through
  // src/modules/<module>/index.ts only, so what a module keeps to itself can change without
  // touching its callers. A pattern sees the import as written, so each depth gets its own: from
  // a module's own folder `../<other>/`, from a sub-folder (alerting/rules/) `../../<other>/`.
  // Tests and bench may reach into a module's files.
  ...[
    { files: ['src/modules/*/*.ts'], other: '^\\.\\./' },
    { files: ['src/modules/*/*/*.ts'], other: '^\\.\\./\\.\\./' },
    { files: ['src/modules/*.ts'], other: '^\\./' },
    {
      files: ['src/*.ts', 'src/http/**/*.ts', 'src/jobs/**/*.ts', 'src/cli/**/*.ts'],
      other: '(^|/)modules/',
    },
  ].map(({ files, other }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // <other>/ is a module's folder (not `..`); anything in it but index.js is internal.
              regex: `${other}(?!\\.)[^/]+/(?!index\\.js$)`,
              message:
                'Import another module through its entry, src/modules/<module>/index.ts, not its files.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['bin/**/*.js', 'deploy/**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
      },
    },
  },
);
