import { availableParallelism } from 'node:os';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@brigade/source`
// export condition, so tests never depend on a build.
const conditions = ['@brigade/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['{apps,packages,modules}/*/{src,test}/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // PGlite files are CPU-bound but start slowly; two forks keep both cores of a small machine busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
