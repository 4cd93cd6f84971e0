// Module boundaries (DESIGN.md §3 and §4.1), checked by `npm run boundaries` in CI.
//
// Paths in rules are relative to the repository root, e.g. `modules/tenants/src/db/x.ts`.
// `@brigade/<name>` imports resolve through the workspace symlinks in node_modules to the real
// files (the `@brigade/source` export condition points at the TypeScript sources), so every
// rule below sees where an import really lands, whether it was written as a package name or
// as a relative path.
//
// Capture groups in `from.path` can be referenced as `$1`, `$2` … in `to.path`/`to.pathNot`.

/** Captures the workspace a file belongs to (`$1`), e.g. `modules/tenants`. */
const WORKSPACE = '^((?:apps|packages|modules)/[^/]+)/';
/** Test files: exempt only where a rule would otherwise be meaningless. */
const TEST_FILE = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'packages-not-to-modules',
      comment:
        'packages/* are the shared foundation and must never depend on a business module ' +
        '(DESIGN.md §4.1): not by relative path, not through @brigade/<module>. Move the shared ' +
        'piece into a package, or invert the dependency (the module registers with the package).',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^modules/' },
    },
    {
      name: 'module-only-through-contract',
      comment:
        "Outside a module, import it only through its contract: `@brigade/<module>` (the module's " +
        'src/contract/**). Its domain, db, http, subscribers, flows and other files are private ' +
        '(DESIGN.md §4.1). If you need something from there, add it to the contract.',
      severity: 'error',
      from: { path: WORKSPACE },
      to: {
        path: '^modules/[^/]+/',
        pathNot: [
          '^$1/',
          '^modules/[^/]+/src/contract/',
          '^modules/[^/]+/src/module\\.ts$',
          '^modules/[^/]+/node_modules/',
        ],
      },
    },
    {
      name: 'module-entry-only-from-composition-root',
      comment:
        "A module's src/module.ts (`@brigade/<module>/module`: its service implementation, routes " +
        'and subscribers) is wired only by the composition root, apps/server, and by integration ' +
        "tests, which compose the modules a module's suite needs. Everything else " +
        'uses `@brigade/<module>` (the contract).',
      severity: 'error',
      from: { path: WORKSPACE, pathNot: ['^apps/server/', '^modules/[^/]+/test/'] },
      to: { path: '^modules/[^/]+/src/module\\.ts$', pathNot: '^$1/' },
    },
    {
      name: 'contract-not-to-internals',
      comment:
        "A module's src/contract/** is its public, dependency-light part: it may import its own " +
        "contract files, @brigade/kernel, zod and other modules' contracts, but not its own " +
        'domain, db, http, subscribers, flows or service code.',
      severity: 'error',
      from: { path: '^(modules/[^/]+)/src/contract/', pathNot: TEST_FILE },
      to: { path: '^$1/', pathNot: '^$1/src/contract/' },
    },
    {
      name: 'contract-dependency-light',
      comment:
        "A module's src/contract/** may depend only on @brigade/kernel, zod, node built-ins and " +
        "other modules' contracts - never on db, http or messaging infrastructure.",
      severity: 'error',
      from: { path: '^(modules/[^/]+)/src/contract/', pathNot: TEST_FILE },
      to: {
        dependencyTypesNot: ['core'],
        // Own files are contract-not-to-internals' business.
        pathNot: ['^$1/', '^modules/[^/]+/src/contract/', '^packages/kernel/', '(^|/)node_modules/zod/'],
      },
    },
    {
      name: 'no-relative-cross-workspace',
      comment:
        'A relative import must stay inside its own workspace. Import another workspace through ' +
        'its package name (@brigade/<name>) so that its package.json exports decide what is public.',
      severity: 'error',
      from: { path: WORKSPACE },
      to: { dependencyTypes: ['local'], pathNot: '^$1/' },
    },
    {
      name: 'not-to-apps',
      comment:
        'Nothing imports from apps/: apps are the top of the graph (apps/server is the ' +
        'composition root). Move what you need into a package or a module contract.',
      severity: 'error',
      from: { pathNot: '^apps/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-not-to-other-apps',
      comment: 'An app imports its own files only, never another app (nothing imports from apps/).',
      severity: 'error',
      from: { path: '^(apps/[^/]+)/' },
      to: { path: '^apps/', pathNot: '^$1/' },
    },
    {
      name: 'no-circular',
      comment:
        'This import is part of a cycle. Break it: move the shared piece into its own file, or ' +
        'invert the dependency (pass a function/interface in instead of importing it).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'This import does not resolve to a file. For @brigade/* it usually means reaching past ' +
        "a package's exports (e.g. @brigade/tenants/src/db/...), which the boundary rules forbid; " +
        'otherwise add the dependency or fix the path.',
      severity: 'error',
      from: {},
      // A fresh clone has no dist/ yet (bin/ loads the build output).
      to: { couldNotResolve: true, pathNot: '(^|/)dist/' },
    },
  ],
  options: {
    // Built output is not source; node_modules internals are recorded but never followed.
    exclude: { path: '(^|/)dist/' },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports cross boundaries too (they couple the contract just the same).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // Same conditions as tsconfig.json (customConditions) and vitest.config.ts.
      conditionNames: ['@brigade/source', 'import', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
