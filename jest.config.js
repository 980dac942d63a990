// Test kinds are told apart by file suffix: *.unit.spec.ts (pure, in-memory),
// *.int.spec.ts (real PostgreSQL / Redis / Kafka), *.e2e.spec.ts (running services).
const fs = require('node:fs');
const path = require('node:path');
const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = `<rootDir>/${target}`;
}

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.local/'],
};

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.unit.spec.ts'], testPathIgnorePatterns: [...base.testPathIgnorePatterns, '<rootDir>/apps/web/src/'] },
    // The web application's components, in jsdom (React, Ant Design, Testing Library).
    {
      ...base,
      displayName: 'web',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/web/src/**/*.unit.spec.{ts,tsx}'],
      transform: { '^.+\\.(ts|tsx)$': ['@swc/jest', { ...swcrc, swcrc: false, jsc: { ...swcrc.jsc, parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }] },
      moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
      setupFilesAfterEnv: ['<rootDir>/apps/web/src/test-setup.ts'],
    },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int.spec.ts'], slowTestThreshold: 30 },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      slowTestThreshold: 60,
    },
    // npm run test:cluster (scripts/test-cluster.sh): replicas and a three-broker Kafka, with faults.
    { ...base, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.cluster.spec.ts'] },
  ],
};
