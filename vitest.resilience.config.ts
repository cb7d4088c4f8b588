import { defineConfig } from 'vitest/config';
import { aliases } from './vitest.aliases';

/** `npm run test:resilience`: the resilience suite alone (tests/resilience), against the embedded local stack. */
export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['tests/resilience/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
