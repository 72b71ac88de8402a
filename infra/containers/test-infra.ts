/**
 * PostgreSQL, Redis and Kafka for the integration tests, in containers started
 * with testcontainers (issue 17), from the images `npm run images:build` makes.
 * infra/up.sh runs it when TASKMESH_INFRA=containers, with podman's Docker API
 * in the environment (infra/containers/podman-api.sh env); alone:
 *   bash infra/containers/podman-api.sh start && eval "$(bash infra/containers/podman-api.sh env)"
 *   node --import tsx infra/containers/test-infra.ts
 * Prints `test-infra: ready ...` once every server answers a real request on
 * its port, stays up until SIGTERM or SIGINT, then stops the containers with
 * their stop signal and removes them. It never leaves a container behind, also
 * when a start fails; if it is itself killed, `infra/down.sh containers`
 * removes what it left (the label below).
 *
 * The host ports are the stack's fixed ones (TASKMESH_PG_PORT, ..., as
 * infra/lib.sh), published on 127.0.0.1 only and mapped to each image's
 * default port. Only Kafka has to know its host port: clients reconnect to the
 * address it advertises, so it advertises the host side, 127.0.0.1:59092.
 * dapr-components/ and the secrets file name the same addresses in both modes.
 * Each run starts from empty data (no volumes): the tests get a fresh database.
 * With TASKMESH_LOG_DIR set, each container's output is copied to
 * <dir>/taskmesh-infra-<server>.log, which outlives the removed container.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import {
  type BoundPorts,
  type ContainerRuntimeClient,
  GenericContainer,
  getContainerRuntimeClient,
  ImageName,
  PullPolicy,
  type StartedTestContainer,
  type WaitStrategy,
} from 'testcontainers';
// The timeout bookkeeping every wait strategy shares; testcontainers does not
// re-export it from its index (12.2.0 has no "exports" map, so the path is stable for the pin).
import { AbstractWaitStrategy } from 'testcontainers/build/wait-strategies/wait-strategy';

/** Every container this program creates has it; infra/down.sh removes leftovers by it. */
const LABEL = { 'taskmesh.infra': 'test' };
const PREFIX = 'test-infra:';
// A loaded 2-core machine: Kafka's first start (storage format, then the broker) took up to a minute.
const STARTUP_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

const repoRoot = path.resolve(__dirname, '../..');
const versions = readFileSync(path.join(repoRoot, 'infra/versions.env'), 'utf8');
function pinned(name: string): string {
  const value = new RegExp(`^${name}=(\\S+)$`, 'm').exec(versions)?.[1];
  if (!value) throw new Error(`${name} missing from infra/versions.env`);
  return value;
}
function port(variable: string, fallback: number): number {
  const value = Number(process.env[variable] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${variable} is not a port: ${value}`);
  return value;
}

interface Server {
  /** The container's name is taskmesh-infra-<name> (infra/down.sh stops one by it). */
  name: 'postgres' | 'redis' | 'kafka';
  title: string;
  image: string;
  /** The image's own port (what it EXPOSEs), and the stack's port on the host it is published on. */
  containerPort: number;
  port: number;
  environment: Record<string, string>;
  command?: string[];
  /** Resolves when the server answers a real request on 127.0.0.1:port; rejects otherwise. */
  probe: (port: number) => Promise<void>;
}

const kafkaPort = port('TASKMESH_KAFKA_PORT', 59092);
const servers: Server[] = [
  {
    name: 'postgres',
    title: 'PostgreSQL',
    image: `localhost/taskmesh/postgres:${pinned('POSTGRES_MAJOR')}`,
    containerPort: 5432,
    port: port('TASKMESH_PG_PORT', 55432),
    // trust, as the host stack's initdb --auth=trust: DATABASE_URL has no
    // password. Acceptable for a throwaway container published on loopback only.
    environment: { POSTGRES_DB: 'taskmesh', POSTGRES_HOST_AUTH_METHOD: 'trust' },
    // As infra/up.sh: six apps' connection pools and the tests' own clients.
    command: ['postgres-server', '-c', 'max_connections=300'],
    probe: probePostgres,
  },
  {
    name: 'redis',
    title: 'Redis',
    image: `localhost/taskmesh/redis:${pinned('REDIS_MAJOR')}`,
    containerPort: 6379,
    port: port('TASKMESH_REDIS_PORT', 56379),
    environment: {},
    probe: probeRedis,
  },
  {
    name: 'kafka',
    title: 'Kafka',
    image: `localhost/taskmesh/kafka:${pinned('KAFKA_VERSION')}`,
    containerPort: 9092,
    port: kafkaPort,
    // Clients reconnect to the address the broker advertises: the host's side
    // of the mapping. The controller listener stays on the container's loopback.
    environment: { KAFKA_ADVERTISED_HOST: '127.0.0.1', KAFKA_ADVERTISED_PORT: String(kafkaPort) },
    probe: probeKafka,
  },
];

/**
 * testcontainers publishes on every interface and has no option for the host
 * address; a trust-auth database and a password-less Redis must not be
 * reachable from the network, so the bindings get 127.0.0.1 just before create.
 */
class LoopbackContainer extends GenericContainer {
  protected override async beforeContainerCreated(): Promise<void> {
    for (const bindings of Object.values(this.hostConfig.PortBindings ?? {})) {
      for (const binding of bindings as { HostIp?: string }[]) binding.HostIp = '127.0.0.1';
    }
  }
}

/**
 * Ready when `probe` succeeds through the published port, which also proves
 * the port mapping. Fails at once, with the container's last log lines, when
 * the container exits (initdb or the storage format failed) instead of
 * probing until the deadline.
 */
class ProbeWaitStrategy extends AbstractWaitStrategy {
  constructor(private readonly server: Server) {
    super();
  }

  async waitUntilReady(container: Parameters<WaitStrategy['waitUntilReady']>[0], _ports: BoundPorts): Promise<void> {
    const deadline = Date.now() + this.startupTimeoutMs;
    let lastError = 'no answer yet';
    for (;;) {
      const state = (await container.inspect()).State;
      if (!state.Running) {
        const logs = demux(await container.logs({ stdout: true, stderr: true, tail: 20 }));
        throw new Error(`the container exited with code ${state.ExitCode}; its last lines:\n${logs}`);
      }
      try {
        await this.server.probe(this.server.port);
        return;
      } catch (error) {
        lastError = (error as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`no answer on 127.0.0.1:${this.server.port} (${lastError})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The text of a non-TTY container's log: frames of an 8-byte header (stream, size) and that many bytes. */
function demux(log: Buffer): string {
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= log.length; ) {
    const size = log.readUInt32BE(at + 4);
    parts.push(log.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

async function probePostgres(port: number): Promise<void> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'taskmesh',
    connectionTimeoutMillis: 2000,
  });
  // pg emits 'error' if the server goes away while connected; the probe's rejection is enough.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => {});
  }
}

/** Sends `request` on a fresh connection and resolves with the first `bytes` bytes of the answer. */
function exchange(port: number, request: Buffer, bytes: number, timeoutMs = 2000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('error', fail);
    socket.on('close', () => reject(new Error('connection closed')));
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      answer = Buffer.concat([answer, chunk]);
      if (answer.length >= bytes) {
        socket.destroy();
        resolve(answer.subarray(0, bytes));
      }
    });
  });
}

async function probeRedis(port: number): Promise<void> {
  const answer = (await exchange(port, Buffer.from('PING\r\n'), 7)).toString('latin1');
  if (answer !== '+PONG\r\n') throw new Error(`unexpected answer to PING: ${JSON.stringify(answer)}`);
}

/**
 * An ApiVersions (v0) request, as the Kafka image's healthcheck sends it: the
 * broker processes requests only once it has caught up with its metadata log,
 * so an answer with error code 0 means it serves clients.
 */
async function probeKafka(port: number): Promise<void> {
  const correlationId = 0x7a6b6c01;
  const request = Buffer.alloc(16);
  request.writeInt32BE(12, 0); // size of what follows
  request.writeInt16BE(18, 4); // api_key: ApiVersions
  request.writeInt16BE(0, 6); // api_version
  request.writeInt32BE(correlationId, 8);
  request.writeInt16BE(2, 12); // client_id length, then "tc"
  request.write('tc', 14, 'latin1');
  const answer = await exchange(port, request, 10);
  if (answer.readInt32BE(4) !== correlationId || answer.readInt16BE(8) !== 0) {
    throw new Error(`unexpected ApiVersions answer: ${answer.toString('hex')}`);
  }
}

const containerName = (server: Server) => `taskmesh-infra-${server.name}`;
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(`${PREFIX} ${line}`);

async function start(server: Server): Promise<StartedTestContainer> {
  const since = Date.now();
  let container = new LoopbackContainer(server.image)
    .withName(containerName(server))
    .withLabels(LABEL)
    .withPullPolicy(PullPolicy.neverPull()) // no registry here: a missing image must fail, not be pulled
    .withEnvironment(server.environment)
    .withExposedPorts({ container: server.containerPort, host: server.port })
    .withWaitStrategy(new ProbeWaitStrategy(server))
    .withStartupTimeout(STARTUP_TIMEOUT_MS);
  if (server.command) container = container.withCommand(server.command);
  const logDir = process.env.TASKMESH_LOG_DIR;
  if (logDir) {
    const file = path.join(logDir, `${containerName(server)}.log`);
    container = container.withLogConsumer((stream) => stream.pipe(createWriteStream(file)));
  }
  const started = await container.start();
  say(`${server.title} answers on 127.0.0.1:${server.port} after ${seconds(since)} (${containerName(server)})`);
  return started;
}

/** Stops and removes whatever container of ours exists by name: a start that failed half-way, or a killed run's. */
async function removeByName(client: ContainerRuntimeClient, server: Server): Promise<boolean> {
  const container = client.container.getById(containerName(server));
  try {
    await client.container.stop(container, { timeout: 0 });
    await client.container.remove(container, { removeVolumes: true });
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

async function main(): Promise<number> {
  let signalled: string | undefined;
  // Signal listeners do not keep node running: without a timer, node would
  // exit (status 0) as soon as the servers are ready, and leave them running.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const stopRequested = new Promise<void>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        if (signalled) return say(`${signal} again: already stopping`);
        signalled = signal;
        say(`${signal}: stopping the containers`);
        clearInterval(keepAlive);
        resolve();
      });
    }
  });

  const since = Date.now();
  const client = await getContainerRuntimeClient().catch((error: Error) => {
    throw new Error(
      `no container engine answers (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}): ${error.message}. ` +
        'Start podman\'s Docker API: bash infra/containers/podman-api.sh start, then eval "$(bash infra/containers/podman-api.sh env)"',
    );
  });
  const missing: string[] = [];
  for (const server of servers) {
    if (!(await client.image.exists(ImageName.fromString(server.image)))) missing.push(server.image);
  }
  if (missing.length > 0) throw new Error(`missing image(s) ${missing.join(', ')}: run \`npm run images:build\``);
  for (const server of servers) {
    if (await removeByName(client, server)) say(`removed ${containerName(server)}, left by an earlier run`);
  }

  const started: StartedTestContainer[] = [];
  let status = 0;
  try {
    const results = await Promise.allSettled(servers.map(start));
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') started.push(result.value);
      else {
        status = 1;
        console.error(`ERROR: ${servers[i]?.title} did not start: ${(result.reason as Error).message}`);
      }
    });
    if (status === 0 && !signalled) {
      say(`ready in ${seconds(since)}: ${servers.map((s) => `${s.title} 127.0.0.1:${s.port}`).join(', ')}`);
      await stopRequested;
    }
  } finally {
    const stopping = Date.now();
    const stops = await Promise.allSettled(started.map((c) => c.stop({ timeout: STOP_TIMEOUT_MS })));
    for (const stop of stops) {
      if (stop.status === 'fulfilled') continue;
      status = 1;
      console.error(`ERROR: stopping a container: ${(stop.reason as Error).message}`);
    }
    // Whatever is left (a failed start or stop) goes too, so no run leaves a container behind.
    for (const server of servers) {
      await removeByName(client, server).catch((error: Error) => {
        status = 1;
        console.error(`ERROR: removing ${containerName(server)}: ${error.message}`);
      });
    }
    say(`containers stopped and removed in ${seconds(stopping)}`);
  }
  return status;
}

main().then(
  (status) => process.exit(status), // also ends the keep-alive timer when no signal came
  (error: Error) => {
    console.error(`ERROR: ${error.message}`);
    process.exit(1);
  },
);
