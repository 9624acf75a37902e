import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start emulators on free ports; files run in separate workers.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // expect.poll waits on pages and backends that answer over HTTP; its default second is less
    // than one request can take on two busy cores (a booking-page wait failed so in CI).
    expect: { poll: { timeout: 10_000 } },
    globalSetup: ['test/global-setup.ts'],
  },
});
