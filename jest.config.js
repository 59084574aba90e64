/** Jest runs the TypeScript sources as native ES modules through ts-jest. */
const config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  testTimeout: 30000,
  // ES modules under --experimental-vm-modules are never freed between test files, so one process running all ~330
  // files outgrows Node's 4 GB heap: a worker is replaced once a file leaves it above this (which also means tests
  // always run in a worker, never in band)
  workerIdleMemoryLimit: '1536MB',
};
export default config;
