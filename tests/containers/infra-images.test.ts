import { Client } from 'pg';
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import {
  kafkaTool,
  mainProcessUid,
  PodmanHealthcheckWait,
  pinnedVersion,
  removeContainers,
  requireImage,
  stopAndExitCode,
} from '@taskmesh/testing';
import { redisCommand, smtpSession } from './protocols';

// Issue 17: each image of what runs around the apps (infra/containers/infra-images.sh)
// started with testcontainers through podman's Docker API (global-setup.ts): it
// does its job for a real client, runs unprivileged, passes its own
// HEALTHCHECK and stops on the stop signal, before podman resorts to SIGKILL.
// Fixed host ports, from this suite's range 18100-18149: podman's random ones
// fall among the stack's.
const ports = { postgres: 18100, redis: 18101, kafka: 18102, sentry: 18103, sentryHealthz: 18104, smtp: 18105 };
const names = {
  postgres: 'taskmesh-test-postgres',
  redis: 'taskmesh-test-redis',
  kafka: 'taskmesh-test-kafka',
  daprd: 'taskmesh-test-daprd',
  sentry: 'taskmesh-test-sentry',
  mail: 'taskmesh-test-mail-catcher',
};
const image = {
  dapr: `localhost/taskmesh/dapr:${pinnedVersion('DAPR_RUNTIME_VERSION')}`,
  kafka: `localhost/taskmesh/kafka:${pinnedVersion('KAFKA_VERSION')}`,
  postgres: `localhost/taskmesh/postgres:${pinnedVersion('POSTGRES_MAJOR')}`,
  redis: `localhost/taskmesh/redis:${pinnedVersion('REDIS_MAJOR')}`,
  mail: 'localhost/taskmesh/mail-catcher:local',
};

// Started once the image's HEALTHCHECK passes: that is what the healthcheck is for.
const container = (name: keyof typeof names, from: string) =>
  new GenericContainer(from)
    .withName(names[name])
    .withWaitStrategy(new PodmanHealthcheckWait())
    .withStartupTimeout(90_000);

beforeAll(async () => {
  await Promise.all(Object.values(image).map(requireImage));
  await removeContainers(...Object.values(names));
});
afterAll(() => removeContainers(...Object.values(names)));

describe('the PostgreSQL image', () => {
  let server: StartedTestContainer;
  beforeAll(async () => {
    server = await container('postgres', image.postgres)
      .withEnvironment({ POSTGRES_PASSWORD: 'super-secret', POSTGRES_DB: 'taskmesh' })
      .withExposedPorts({ container: 5432, host: ports.postgres })
      .start();
  });

  it('answers queries from roles with passwords (scram) and refuses a wrong one', async () => {
    const login = { host: '127.0.0.1', port: ports.postgres, database: 'taskmesh' };
    const admin = new Client({ ...login, user: 'postgres', password: 'super-secret' });
    await admin.connect();
    await admin.query(`CREATE ROLE app LOGIN PASSWORD 'app-secret'`);
    const settings = await admin.query('SHOW max_connections');
    await admin.end();
    const app = new Client({ ...login, user: 'app', password: 'app-secret' });
    await app.connect();
    const { rows } = await app.query('SELECT current_user AS role, current_database() AS db, version() AS version');
    await app.end();
    expect(rows[0]).toMatchObject({ role: 'app', db: 'taskmesh' });
    expect(rows[0].version).toMatch(new RegExp(`^PostgreSQL ${pinnedVersion('POSTGRES_MAJOR')}\\.`));
    expect(settings.rows[0].max_connections).toBe('300');
    const intruder = new Client({ ...login, user: 'app', password: 'wrong' });
    await expect(intruder.connect()).rejects.toMatchObject({ code: '28P01' }); // invalid_password
  });

  it('runs as postgres (uid 999) and shuts down cleanly on its stop signal', async () => {
    expect(await mainProcessUid(server)).toBe(999);
    expect(await stopAndExitCode(server)).toBe(0);
  });
});

describe('the Redis image', () => {
  let server: StartedTestContainer;
  beforeAll(async () => {
    server = await container('redis', image.redis)
      .withEnvironment({ REDIS_PASSWORD: 'redis-secret' })
      .withExposedPorts({ container: 6379, host: ports.redis })
      .start();
  });

  it('requires the password, answers PING/SET/GET and keeps data append-only in /data', async () => {
    expect(await redisCommand(ports.redis, [['PING']])).toEqual([expect.stringMatching(/^NOAUTH/)]);
    const replies = await redisCommand(ports.redis, [
      ['AUTH', 'redis-secret'],
      ['PING'],
      ['SET', 'greeting', 'hello'],
      ['GET', 'greeting'],
      ['CONFIG', 'GET', 'appendonly'],
      ['CONFIG', 'GET', 'dir'],
    ]);
    expect(replies).toEqual(['OK', 'PONG', 'OK', 'hello', ['appendonly', 'yes'], ['dir', '/data']]);
  });

  it('runs as redis (uid 999) and exits 0 on SIGTERM', async () => {
    expect(await mainProcessUid(server)).toBe(999);
    expect(await stopAndExitCode(server)).toBe(0);
  });
});

describe('the Kafka image', () => {
  let broker: StartedTestContainer;
  beforeAll(async () => {
    // The external listener is published as the same port number, so the
    // address it advertises works from the host too.
    broker = await container('kafka', image.kafka)
      .withEnvironment({ KAFKA_EXTERNAL_PORT: String(ports.kafka) })
      .withExposedPorts({ container: ports.kafka, host: ports.kafka })
      .start();
  });

  it('creates the topics of infra/kafka/topics.tsv idempotently, listed through the advertised address', async () => {
    const first = await broker.exec(['kafka-create-topics', '127.0.0.1:9092']);
    expect(first).toMatchObject({ exitCode: 0, output: expect.stringContaining('created topic task-events') });
    const again = await broker.exec(['kafka-create-topics', '127.0.0.1:9092']);
    expect(again).toMatchObject({ exitCode: 0 });
    expect(again.output).not.toContain('created topic');

    const listed = kafkaTool('org.apache.kafka.tools.TopicCommand', [
      '--bootstrap-server',
      `127.0.0.1:${ports.kafka}`,
      '--list',
    ]).split('\n');
    const wanted = (await broker.exec(['sh', '-c', "grep -v '^#' /opt/kafka/config/topics.tsv | cut -f1"])).output
      .split('\n')
      .filter(Boolean);
    expect(wanted).toContain('task-events.audit-agent.dlq');
    expect(listed).toEqual(expect.arrayContaining(wanted));
  });

  it('runs as uid 1000 and stops on SIGTERM after a controlled shutdown', async () => {
    expect(await mainProcessUid(broker)).toBe(1000);
    expect(await stopAndExitCode(broker)).toBe(143);
  });
});

describe('the Dapr image', () => {
  it('carries the pinned daprd', async () => {
    const daprd = await container('daprd', image.dapr)
      .withCommand(['daprd', '--version'])
      .withWaitStrategy(Wait.forOneShotStartup())
      .start();
    const logs = await daprd.logs();
    let printed = '';
    for await (const chunk of logs) printed += String(chunk);
    expect(printed.trim()).toBe(pinnedVersion('DAPR_RUNTIME_VERSION'));
    await daprd.stop();
  });

  it('runs Sentry as uid 1000: it writes its CA, answers healthz and exits 0 on SIGTERM', async () => {
    const sentry = await container('sentry', image.dapr)
      .withCommand([
        'sentry',
        '--config=/etc/dapr/sentry/config.yaml',
        '--issuer-credentials=/var/lib/dapr/sentry',
        '--trust-domain=localhost',
        '--port=50001',
        '--healthz-port=8080',
        '--enable-metrics=false',
      ])
      .withExposedPorts({ container: 50001, host: ports.sentry }, { container: 8080, host: ports.sentryHealthz })
      .withWaitStrategy(Wait.forHttp('/healthz', 8080).forStatusCodeMatching((status) => status < 300))
      .start();
    const ca = await sentry.exec(['cat', '/var/lib/dapr/sentry/ca.crt']);
    expect(ca).toMatchObject({ exitCode: 0, output: expect.stringMatching(/^-----BEGIN CERTIFICATE-----/) });
    expect((await sentry.exec(['healthz', '8080', '/healthz'])).exitCode).toBe(0);
    expect(await mainProcessUid(sentry)).toBe(1000);
    expect(await stopAndExitCode(sentry)).toBe(0);
  });
});

describe('the mail catcher image', () => {
  it('takes mail with the login from the secrets file, writes it as the node user, exits 0 on SIGTERM', async () => {
    const secrets = { 'smtp-username': 'catcher', 'smtp-password': 'catcher-secret' };
    const catcher = await container('mail', image.mail)
      .withCopyContentToContainer([{ content: JSON.stringify(secrets), target: '/state/secrets.json', mode: 0o444 }])
      .withExposedPorts({ container: 2525, host: ports.smtp })
      .start();
    const refused = await smtpSession(ports.smtp, { username: 'catcher', password: 'wrong' });
    expect(refused.auth).toMatch(/^535 /);
    const session = await smtpSession(ports.smtp, {
      username: 'catcher',
      password: 'catcher-secret',
      mail: { from: 'tasks@taskmesh.test', to: 'ada@example.test', subject: 'Reminder: write the report' },
    });
    expect(session.accepted).toMatch(/^250 /);
    const saved = await catcher.exec(['sh', '-c', 'cat /var/lib/mail-catcher/*.eml']);
    expect(saved).toMatchObject({
      exitCode: 0,
      output: expect.stringContaining('Subject: Reminder: write the report'),
    });
    expect(await mainProcessUid(catcher)).toBe(1000);
    expect(await stopAndExitCode(catcher)).toBe(0);
  });
});
