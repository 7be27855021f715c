// Native ESM jest (run with --experimental-vm-modules): kysely 0.29 is ESM-only and our code
// uses import.meta; @swc/jest strips types and keeps ES modules.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 120000,
  // jest's default on a 2-core machine is one worker; database suites wait on I/O often enough for two.
  maxWorkers: 2,
  setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
};
