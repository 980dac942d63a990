import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const frameworkImports = ['@nestjs/*', 'typeorm', 'kafkajs', 'bullmq', 'pg', 'pg-*', 'rxjs', 'ioredis', 'reflect-metadata', 'express', 'jsonwebtoken', 'exceljs', 'nodemailer'];
const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'stream', 'os', 'child_process', 'net', 'url', 'util', 'zlib', 'buffer', 'events'];

const boundaries = {
  enforceBuildableLibDependency: false,
  allow: [],
  depConstraints: [
    // The model depends on nothing: no framework, driver or I/O library.
    { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: frameworkImports },
    // The contracts run in the browser too: the model and zod, nothing of Node or the server.
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'], bannedExternalImports: [...frameworkImports, ...nodeBuiltins] },
    { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra'] },
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra'] },
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    { sourceTag: 'scope:intake', onlyDependOnLibsWithTags: ['scope:shared', 'scope:intake'] },
    { sourceTag: 'scope:review', onlyDependOnLibsWithTags: ['scope:shared', 'scope:review'] },
    { sourceTag: 'scope:reporting', onlyDependOnLibsWithTags: ['scope:shared', 'scope:reporting'] },
    { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared', 'scope:cli'] },
    { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared', 'scope:web'] },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', '.local/**', '.nx/**', 'coverage/**', 'apps/web/vite.config.mts', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Tests read JSON responses whose shape the assertions check.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The end-to-end tests drive the apps as a whole: they read the routes the apps register (the
    // security matrix), play the CLI's sign-off (the cluster test also its client, and the benchmarks' city
    // generator for its workload), take the rebuild's lock, run the web server in production mode.
    // The global setups, and what they import (support/e2e-env, support/stack), load the test OpenID
    // provider and the stack's client settings by path: Jest resolves them without its module name
    // mapper. Those are the only imports of apps and of libraries' files allowed; everything else
    // reaches a library through its public entry points (@budget/x, @budget/x/testing) like the apps.
    files: ['test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { ...boundaries, allow: ['../../apps/intake/src/app.module', '../../apps/review/src/app.module', '../../apps/reporting/src/app.module', '../../apps/cli/src/commands/play', '../../apps/reporting/src/rebuild/rebuild.service', '../../apps/web/server/web-server', '../../libs/platform/src/testing/oidc-provider', '../../libs/platform/src/testing/stack-clients', '../../apps/cli/src/http-client', '../../bench/generator'] },
      ],
    },
  },
);
