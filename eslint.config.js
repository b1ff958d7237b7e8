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
