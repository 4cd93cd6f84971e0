import { defineConfig } from 'vitest/config';

// Browser journeys (`npm run test:e2e`): a real server process and Debian Chromium. Kept out of
// `npm test` (the root config does not include e2e/).
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
