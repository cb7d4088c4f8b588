import { defineConfig } from 'vitest/config';

/** `npm run test:resilience`: the resilience suite alone (tests/resilience), against the embedded local stack. */
export default defineConfig({
  test: {
    include: ['tests/resilience/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
