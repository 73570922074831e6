/**
 * Four projects: unit (src/domain, no Strapi), integration (a real Strapi on SQLite, or on
 * PostgreSQL with TEST_DB=postgres), reliability (the slow attempts to break it) and e2e
 * (Chromium). Strapi is compiled once, in the
 * integration and e2e globalSetup, because concurrent compiles clobber each other's dist/.
 */
const transform = {
  '^.+\\.tsx?$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};

const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  // Booting Strapi takes seconds and building the admin a minute; no test should take longer.
  testTimeout: 180_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      // Tests that need several server processes on one database run under `npm run test:pg` only.
      testPathIgnorePatterns: process.env.TEST_DB === 'postgres' ? [] : ['/tests/integration/postgres-only/'],
      globalSetup: '<rootDir>/tests/harness/global-setup.ts',
      globalTeardown: '<rootDir>/tests/harness/global-teardown.ts',
    },
    {
      ...common,
      // The slow attempts to break the system (fuzzing, crashes, load): `npm run test:reliability`.
      displayName: 'reliability',
      testMatch: ['<rootDir>/tests/reliability/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/harness/global-setup.ts',
      globalTeardown: '<rootDir>/tests/harness/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/harness/global-setup-e2e.ts',
    },
  ],
};
