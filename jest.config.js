// Three projects: fast unit tests next to the code; deployment tests (the Helm
// chart and compose file against the Kubernetes, Dapr and Compose schemas); and
// integration tests under tests/ that run against the real stack infra/test.sh
// starts (daprd, Kafka, Redis, PostgreSQL and every service).
const transform = { '^.+\\.[tj]sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const common = {
  transform,
  // jose ships only ES modules; jest runs CommonJS, so it is transformed too.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testEnvironment: 'node',
  setupFilesAfterEnv: ['<rootDir>/packages/testing/src/fail-on-console-error.ts'],
};

module.exports = {
  // Integration tests wait on real brokers and sidecars; waitFor() deadlines fail first.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/packages/*/src/**/*.test.ts',
        '<rootDir>/services/*/src/**/*.test.ts',
        '<rootDir>/tests/architecture/**/*.test.ts',
        '<rootDir>/web/app/**/*.test.ts',
        '<rootDir>/web/src/**/*.test.ts',
      ],
    },
    {
      // The Helm chart and docker-compose.yml, rendered and validated offline (no stack needed).
      ...common,
      displayName: 'deployment',
      testMatch: ['<rootDir>/tests/deployment/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
    },
    {
      // Container images built by `npm run images:build` and the compose
      // deployment (issue 17); needs podman (root). npm test runs it after the
      // host stack has stopped; alone: `npm run test:containers`.
      // testcontainers talks to podman's Docker API, which the global setup starts.
      ...common,
      displayName: 'containers',
      testMatch: ['<rootDir>/tests/containers/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/containers/global-setup.ts',
    },
    {
      // The chart on the one-node Kubernetes cluster (issue 18); needs
      // `npm run cluster:up`. infra/cluster/test.sh brings it up, runs this
      // project (lifecycle.test.ts last: it uninstalls the release) and stops it.
      ...common,
      displayName: 'cluster',
      testMatch: ['<rootDir>/tests/cluster/**/*.test.ts'],
    },
  ],
};
