// Test runner settings: every test file gets the network guard from tests/setup.ts; one Postgres
// server runs for the whole run (tests/postgres-setup.ts) for the tests of the Postgres backend.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    globalSetup: ['tests/postgres-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
