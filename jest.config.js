// Three projects so `npm test` can run the fast pure tests before starting any infrastructure.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  },
];

const aliases = {};
for (const lib of ['domain', 'contracts', 'persistence', 'messaging', 'platform', 'testing']) {
  aliases[`^@inventory/${lib}$`] = `<rootDir>/libs/${lib}/src`;
}

const project = (name, extra = {}) => ({
  displayName: name,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/{apps,libs}/**/*.${name}.spec.ts`],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: aliases,
  ...extra,
});

module.exports = {
  projects: [
    project('unit'),
    project('int', {
      globalSetup: '<rootDir>/libs/testing/src/jest/stack.global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/stack.global-teardown.ts',
      testPathIgnorePatterns: ['/node_modules/', '\\.faults\\.int\\.spec\\.ts$'],
    }),
    // Fault injection (stops, kills and restarts apps and stack services): on their own, serially, last.
    project('int-serial', {
      testMatch: ['<rootDir>/{apps,libs}/**/*.faults.{int,e2e}.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/system.global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/system.global-teardown.ts',
    }),
    project('e2e', {
      // Above eventually()'s 10 s: a test waiting on the read side fails on its assertion, not a timer.
      testTimeout: 30_000,
      testPathIgnorePatterns: ['/node_modules/', '\\.faults\\.e2e\\.spec\\.ts$'],
      globalSetup: '<rootDir>/libs/testing/src/jest/system.global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/system.global-teardown.ts',
    }),
  ],
};
