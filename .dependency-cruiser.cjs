/**
 * The project's boundaries, checked by `npm run lint` and `npm test` (dependency-cruiser):
 * the domain is pure, libraries never reach into apps or tools, and apps never reach into each other.
 * Which SQL a read-side file may send is checked by ESLint (`eslint.config.mjs`): only the projector's
 * verify/repair module names command-side tables, through the command database's own connection.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain holds the deciders: it imports nothing of ours but itself (its specs may use the test kit).',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(apps|libs|tools|bench|faults)/', pathNot: '^libs/domain/' },
    },
    {
      name: 'libs-never-import-apps-or-tools',
      comment:
        'A library serves every app; the apps, the tools, the bench and the fault runner use the libraries, not the other way round.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|tools|bench|faults)/' },
    },
    {
      name: 'apps-never-import-each-other',
      comment:
        'Each app is its own process: what two apps share lives in libs/. A spec may look across apps to check the whole system (route drift).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle between modules makes their load order matter.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|\\.stack)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
