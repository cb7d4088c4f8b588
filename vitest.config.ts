import { defineConfig } from 'vitest/config';
import { aliases } from './vitest.aliases';

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/resilience/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // a green run prints no ERROR lines: the handlers' logger is silent unless a test captures logs (tests/security/logs)
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
