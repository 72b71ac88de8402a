// Writes docker-compose.yml (issue 17) from dapr.yaml, so the compose
// deployment runs each app and its sidecar exactly as `npm start` does (same
// ports, same Configurations and components from dapr-components/), with the
// locally built images (infra/containers/). `npm run docs:compose`; a
// deployment test fails when the file differs from what this writes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { serviceImages } from './write-dockerfiles';

const repoRoot = path.resolve(__dirname, '..');

interface RunFileApp {
  appID: string;
  appDirPath: string;
  appPort: number;
  daprHTTPPort: number;
  daprGRPCPort: number;
  daprInternalGRPCPort: number;
  metricsPort: number;
  env?: Record<string, string>;
  command: string[];
}

const versions = Object.fromEntries(
  readFileSync(path.join(repoRoot, 'infra', 'versions.env'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z_]+)=([^$\s]+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1], m[2]]),
);

/** A compose variable with its default, `${NAME:-default}`, which the compose tool substitutes. */
const variable = (name: string, fallback: string) => `$\{${name}:-${fallback}}`;
/** Image names: what infra/containers/ builds here; TASKMESH_IMAGE_PREFIX / _TAG point elsewhere. */
const prefix = variable('TASKMESH_IMAGE_PREFIX', 'localhost/taskmesh');
const appTag = variable('TASKMESH_IMAGE_TAG', 'local');
/** The Dockerfiles' base: Docker Hub's node elsewhere; npm run compose:up builds from localhost/taskmesh/node. */
const nodeImageArg = { NODE_IMAGE: variable('TASKMESH_NODE_IMAGE', 'node') };
export const images = {
  base: `${prefix}/base:bookworm`,
  node: `${prefix}/node:${versions.NODE_VERSION}`,
  dapr: `${prefix}/dapr:${versions.DAPR_RUNTIME_VERSION}`,
  kafka: `${prefix}/kafka:${versions.KAFKA_VERSION}`,
  postgres: `${prefix}/postgres:${versions.POSTGRES_MAJOR}`,
  redis: `${prefix}/redis:${versions.REDIS_MAJOR}`,
  mailCatcher: `${prefix}/mail-catcher:${appTag}`,
  app: (name: string) => `${prefix}/${name}:${appTag}`,
};

/** The ports of infra/lib.sh: inside the shared network namespace, as on the host with `npm start`. */
const ports = { postgres: 55432, redis: 56379, kafka: 59092, kafkaController: 59093, smtp: 52525, sentry: 50001 };
const local = (port: number) => `127.0.0.1:${port}`;

/** What a browser or another program on the host reaches: web, its sidecar's API, realtime-sync's sockets. */
const published = (apps: RunFileApp[]) => {
  const web = apps.find((a) => a.appID === 'web') as RunFileApp;
  const realtime = apps.find((a) => a.appID === 'realtime-sync') as RunFileApp;
  return { web: web.appPort, webSidecar: web.daprHTTPPort, realtime: realtime.appPort };
};

// Every container: entry.sh (mounted from the repository) reads the tokens and
// trust anchors from the volumes it mounts and waits for its dependencies.
const entry = './infra/compose/entry.sh:/taskmesh/entry.sh:ro';
const hardened = {
  init: true,
  read_only: true,
  tmpfs: ['/tmp'],
  cap_drop: ['ALL'],
  security_opt: ['no-new-privileges:true'],
};
const inNet = { network_mode: 'service:net', depends_on: { net: { condition: 'service_started' } } };
// depends_on names long-running services only, for the start order: every
// container waits for what it needs itself (entry.sh WAIT_FOR / WAIT_FILES),
// since podman-compose waits for a dependency with `podman wait --condition`,
// which never returns for a one-shot service that has already exited.

/**
 * Barriers the one-shot services leave in the `barriers` volume when they
 * succeed, named by a hash of what they applied, so a barrier left by an
 * earlier version (another migration, another topic) never counts.
 */
const hashOf = (files: string[]) => {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
};
const migrationFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? migrationFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    )
    .sort();
export const barriers = {
  migrations: `/barriers/migrations-${hashOf(migrationFiles(path.join(repoRoot, 'prisma', 'migrations')))}`,
  topics: `/barriers/topics-${hashOf([path.join(repoRoot, 'infra', 'kafka', 'topics.tsv')])}`,
};

// Health checks: the infrastructure images carry their own (HEALTHCHECK);
// these cover the services whose ports the compose file chooses.
const healthTiming = { interval: '5s', timeout: '5s', retries: 30 };
/**
 * An HTTP health check with node's fetch (the app images have node, no curl).
 * No spaces in the script: podman 4.3's Docker API splits a health check's
 * arguments on whitespace again (docker compose v2 sends them through it).
 */
const httpCheck = (url: string, status = 200) => ({
  ...healthTiming,
  test: ['CMD', 'node', '-e', `fetch('${url}').then((r)=>process.exit(r.status===${status}?0:1),()=>process.exit(1))`],
});
// How long a container may take to stop on SIGTERM before it is killed. Set
// for every service: without it docker compose sends no StopTimeout, and
// podman's Docker API then stops with a timeout of 0, an immediate SIGKILL.
const stopGrace = { stop_grace_period: '20s' };

function appEnv(
  app: RunFileApp,
  listenEverywhere: boolean,
  open: ReturnType<typeof published>,
): Record<string, string | number> {
  const origin = `http://localhost:${open.web}`;
  const env: Record<string, string | number> = {
    NODE_ENV: 'production',
    // What the dapr CLI gives an app (infra/run-file.mjs appEnv).
    APP_ID: app.appID,
    APP_PORT: app.appPort,
    APP_PROTOCOL: 'http',
    DAPR_HTTP_PORT: app.daprHTTPPort,
    DAPR_GRPC_PORT: app.daprGRPCPort,
    ...app.env,
    // Its sidecar's API, once the migrations are applied.
    WAIT_FILES: barriers.migrations,
    WAIT_FOR: local(app.daprHTTPPort),
  };
  // A published port reaches the namespace's own address, not loopback.
  if (listenEverywhere) env.APP_HOST = '0.0.0.0';
  if (app.appID === 'reminder-agent') Object.assign(env, { SMTP_HOST: '127.0.0.1', WEB_BASE_URL: origin });
  // Browsers open the page as localhost or 127.0.0.1; only its pages may post or open sockets (issue 15).
  const origins = `${origin},http://127.0.0.1:${open.web}`;
  if (app.appID === 'realtime-sync') env.CORS_ORIGINS = origins;
  if (app.appID === 'web') {
    Object.assign(env, {
      REALTIME_PUBLIC_URL: `http://localhost:${open.realtime}`,
      WEB_PUBLIC_ORIGINS: origins,
      // Browsers reach web's published port directly: no proxy's X-Forwarded-For is believed.
      TRUSTED_PROXY_HOPS: 0,
    });
  }
  if (app.appID === 'tasks-api' || app.appID === 'reminder-agent' || app.appID === 'webhook-agent') {
    // Origins exempt from the public-https check on push endpoints and webhook URLs: none (issues 15, 20).
    env.OUTBOUND_ALLOWED_ORIGINS = '';
  }
  return env;
}

function daprdCommand(app: RunFileApp, listenEverywhere: boolean): string[] {
  return [
    'daprd',
    ...['--app-id', app.appID, '--app-port', String(app.appPort), '--app-protocol', 'http'],
    ...['--dapr-http-port', String(app.daprHTTPPort), '--dapr-grpc-port', String(app.daprGRPCPort)],
    ...['--dapr-internal-grpc-port', String(app.daprInternalGRPCPort), '--metrics-port', String(app.metricsPort)],
    // Loopback, as dapr.yaml's apiListenAddresses, except web's API, which the host reaches through its published port.
    ...['--dapr-listen-addresses', listenEverywhere ? '0.0.0.0' : '127.0.0.1'],
    ...['--resources-path', '/components', '--config', `/components/config/${app.appID}.yaml`],
    ...['--enable-app-health-check', '--app-health-check-path', '/healthz', '--app-health-probe-interval', '2'],
    ...['--enable-mtls', '--sentry-address', `localhost:${ports.sentry}`],
  ];
}

export function composeFile(): string {
  const apps = (parse(readFileSync(path.join(repoRoot, 'dapr.yaml'), 'utf8')) as { apps: RunFileApp[] }).apps;
  const open = published(apps);
  const services: Record<string, unknown> = {
    // The network namespace every container joins, so the addresses in
    // dapr-components/ and the secrets file are those of `npm start`, and each
    // sidecar reaches its app on 127.0.0.1 as in a Kubernetes pod. Only what a
    // browser or a program on this host needs is published, on loopback.
    net: {
      image: images.base,
      // Holds the namespace; under the init process, sleep ends on SIGTERM.
      command: ['sleep', 'infinity'],
      init: true,
      ports: [open.web, open.webSidecar, open.realtime].map((p) => `127.0.0.1:${p}:${p}`),
    },
    // Generates the tokens, the secret store's file and the database password
    // on the first start (infra/compose/init-state.sh); later starts keep them.
    state: {
      image: images.node,
      user: '0',
      network_mode: 'none',
      entrypoint: ['/bin/sh'],
      command: ['/taskmesh/init-state.sh'],
      environment: { POSTGRES_PORT: ports.postgres },
      volumes: [
        './infra/compose/init-state.sh:/taskmesh/init-state.sh:ro',
        './infra/generate-secrets.mjs:/taskmesh/generate-secrets.mjs:ro',
        'tokens:/tokens',
        'secrets:/secrets',
        'pgpass:/pgpass',
        'sentry:/sentry',
        'nameresolution:/nameresolution',
        'mail:/mail',
        'barriers:/barriers',
      ],
    },
    postgres: {
      image: images.postgres,
      ...inNet,
      depends_on: inNet.depends_on,
      init: true,
      // The image's command behind entry.sh, which reads the generated superuser password.
      entrypoint: ['/taskmesh/entry.sh'],
      command: ['postgres-server'],
      environment: {
        POSTGRES_PORT: ports.postgres,
        POSTGRES_LISTEN: '127.0.0.1',
        POSTGRES_DB: 'taskmesh',
        WAIT_FILES: '/secrets/postgres-password',
      },
      volumes: [entry, 'pgpass:/secrets:ro', 'pgdata:/var/lib/postgresql/data'],
    },
    redis: {
      image: images.redis,
      ...inNet,
      init: true,
      environment: { REDIS_PORT: ports.redis, REDIS_LISTEN: '127.0.0.1' },
      volumes: ['redis:/data'],
    },
    kafka: {
      image: images.kafka,
      ...inNet,
      init: true,
      environment: {
        KAFKA_PORT: ports.kafka,
        KAFKA_CONTROLLER_PORT: ports.kafkaController,
        KAFKA_LISTEN_HOST: '127.0.0.1',
        KAFKA_ADVERTISED_HOST: '127.0.0.1',
      },
      volumes: ['kafka:/var/lib/kafka'],
    },
    // The topics of infra/kafka/topics.tsv (baked into the Kafka image), once the broker answers.
    'kafka-topics': {
      image: images.kafka,
      ...inNet,
      depends_on: { ...inNet.depends_on, kafka: { condition: 'service_started' } },
      entrypoint: ['/taskmesh/entry.sh'],
      command: ['kafka-create-topics', local(ports.kafka)],
      environment: { WAIT_FOR: local(ports.kafka), DONE_FILE: barriers.topics },
      volumes: [entry, 'barriers:/barriers'],
      restart: 'on-failure',
    },
    'mail-catcher': {
      image: images.mailCatcher,
      ...inNet,
      depends_on: inNet.depends_on,
      ...hardened,
      // The image's entry point (node mail-catcher.mjs PORT SECRETS_FILE MAIL_DIR) behind entry.sh.
      entrypoint: ['/taskmesh/entry.sh', 'node', '/app/mail-catcher.mjs'],
      command: [String(ports.smtp), '/secrets/secrets.json', '/mail'],
      environment: { MAIL_CATCHER_HOST: '127.0.0.1', WAIT_FILES: '/secrets/secrets.json' },
      volumes: [entry, 'secrets:/secrets:ro', 'mail:/mail'],
      healthcheck: { ...healthTiming, test: ['CMD', 'node', '/app/smtp-healthcheck.mjs', String(ports.smtp)] },
      restart: 'on-failure',
    },
    // Dapr Sentry: the CA behind every sidecar's mTLS identity; it writes its
    // root (ca.crt) and issuer into the sentry volume on the first start.
    sentry: {
      image: images.dapr,
      ...inNet,
      depends_on: inNet.depends_on,
      ...hardened,
      entrypoint: ['/taskmesh/entry.sh'],
      environment: { WAIT_FILES: '/tokens/dapr-api-token' },
      command: [
        'sentry',
        ...['--config', '/taskmesh/sentry.yaml', '--issuer-credentials', '/sentry', '--trust-domain', 'localhost'],
        ...['--listen-address', '127.0.0.1', '--port', String(ports.sentry)],
        ...[
          '--healthz-listen-address',
          '127.0.0.1',
          '--healthz-port',
          String(ports.sentry + 1),
          '--enable-metrics=false',
        ],
      ],
      volumes: [entry, './infra/sentry/config.yaml:/taskmesh/sentry.yaml:ro', 'tokens:/tokens:ro', 'sentry:/sentry'],
      restart: 'on-failure',
      healthcheck: { ...healthTiming, test: ['CMD', 'healthz', String(ports.sentry + 1), '/healthz'] },
    },
    // The chart's migration Job: migrations, then each service role's password.
    migrate: {
      image: images.app('migrations'),
      build: { context: '.', dockerfile: 'prisma/Dockerfile', args: nodeImageArg },
      ...inNet,
      depends_on: { ...inNet.depends_on, postgres: { condition: 'service_started' } },
      ...hardened,
      entrypoint: ['/taskmesh/entry.sh'],
      command: ['/bin/sh', '/taskmesh/migrate.sh'],
      environment: {
        WAIT_FILES: '/secrets/secrets.json',
        WAIT_FOR: local(ports.postgres),
        DONE_FILE: barriers.migrations,
        CHECKPOINT_DISABLE: 1,
      },
      volumes: [
        entry,
        './infra/compose/migrate.sh:/taskmesh/migrate.sh:ro',
        'secrets:/secrets:ro',
        'barriers:/barriers',
      ],
      restart: 'on-failure',
    },
  };

  for (const app of apps) {
    const listenEverywhere = app.appID === 'web' || app.appID === 'realtime-sync';
    const sidecar = `${app.appID}-dapr`;
    const dockerfile = serviceImages[app.appID as keyof typeof serviceImages];
    if (!dockerfile) throw new Error(`${app.appID} has no image in scripts/write-dockerfiles.ts`);
    services[app.appID] = {
      image: images.app(app.appID),
      build: {
        context: '.',
        dockerfile: path.posix.join(app.appDirPath.replace(/^\.\//, ''), 'Dockerfile'),
        args: nodeImageArg,
      },
      ...inNet,
      depends_on: { ...inNet.depends_on, [sidecar]: { condition: 'service_started' } },
      ...hardened,
      // The image's CMD, behind entry.sh (compose drops an image's CMD when the entrypoint is set).
      entrypoint: ['/taskmesh/entry.sh'],
      command: [
        'node',
        '--import',
        'tsx',
        path.posix.join(app.appDirPath.replace(/^\.\//, ''), app.command.at(-1) ?? ''),
      ],
      environment: appEnv(app, listenEverywhere, open),
      volumes: [entry, 'tokens:/tokens:ro', 'barriers:/barriers:ro'],
      healthcheck: httpCheck(`http://127.0.0.1:${app.appPort}/readyz`),
      restart: 'on-failure',
    };
    services[sidecar] = {
      image: images.dapr,
      ...inNet,
      depends_on: { ...inNet.depends_on, sentry: { condition: 'service_started' } },
      ...hardened,
      entrypoint: ['/taskmesh/entry.sh'],
      command: daprdCommand(app, listenEverywhere && app.appID === 'web'),
      environment: {
        // dapr-components/ read these from the environment (issue 16), as with `npm start`.
        TASKMESH_SECRETS_FILE: '/secrets/secrets.json',
        TASKMESH_NAME_RESOLUTION_DB: '/nameresolution/nameresolution.db',
        DAPR_HOST_IP: '127.0.0.1',
        WAIT_FOR: [ports.sentry, ports.kafka, ports.redis].map(local).join(' '),
        WAIT_FILES: `/secrets/secrets.json /sentry/ca.crt ${barriers.topics}`,
      },
      volumes: [
        entry,
        './dapr-components:/components:ro',
        'tokens:/tokens:ro',
        'secrets:/secrets:ro',
        'sentry:/sentry:ro',
        'nameresolution:/nameresolution',
        'barriers:/barriers:ro',
      ],
      healthcheck: { ...healthTiming, test: ['CMD', 'healthz', String(app.daprHTTPPort), '/v1.0/healthz'] },
      restart: 'on-failure',
    };
  }

  const volumes = Object.fromEntries(
    ['tokens', 'secrets', 'pgpass', 'sentry', 'nameresolution', 'mail', 'barriers', 'pgdata', 'redis', 'kafka'].map(
      (v) => [v, {}],
    ),
  );
  const header = `# Written by scripts/write-compose.ts from dapr.yaml (npm run docs:compose); edit that.
# The whole system with a container engine (issue 17): infrastructure, the seven
# apps each with a daprd in the same network namespace, the components of
# dapr-components/ (the same files as \`npm start\` and the chart), secrets
# generated into volumes on the first start. Here: npm run compose:up / compose:down
# (README "Containers"), with the images infra/containers/ builds; elsewhere the
# same file with Docker: TASKMESH_NODE_IMAGE=node docker compose up --build after
# building the infrastructure images (README).
# Published on 127.0.0.1 only: ${open.web} (web UI), ${open.webSidecar} (web's sidecar API), ${open.realtime} (live updates).
`;
  for (const service of Object.values(services)) Object.assign(service as object, stopGrace);
  return header + stringify({ name: 'taskmesh', services, volumes }, { lineWidth: 0, aliasDuplicateObjects: false });
}

export const currentComposeFile = () => readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');

if (require.main === module) {
  writeFileSync(path.join(repoRoot, 'docker-compose.yml'), composeFile());
  console.log('wrote docker-compose.yml');
}
