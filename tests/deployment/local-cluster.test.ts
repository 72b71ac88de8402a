import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allAppIds } from '@taskmesh/contracts';
import { repoRoot } from '@taskmesh/testing';
import { parse } from 'yaml';
import { type KubernetesObject, loadApiSchemas } from './api-schemas';
import {
  type ClusterSecrets,
  chart,
  clusterValues,
  helm,
  kubeVersion,
  localInfraChart,
  localInfraNamespace,
  render,
  renderLocalInfra,
  runSecretsValues,
  writeClusterSecrets,
} from './chart';

// Issue 18: what the one-node cluster installs, checked without a cluster:
// charts/local-infra (the stand-in for managed Kafka, PostgreSQL, Redis and
// SMTP) and charts/taskmesh with infra/cluster/taskmesh-values.yaml and the
// secrets infra/cluster/secrets-values.mjs writes. The same objects also go
// through a real kube-apiserver (api-server-dry-run.test.ts).

const named = <T = any>(objects: KubernetesObject[], kind: string, name: string): T =>
  objects.find((o) => o.kind === kind && o.metadata.name === name) as T;
const podsOf = (objects: KubernetesObject[]) =>
  objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({ name: o.metadata.name, pod: (o as any).spec.template as { metadata: any; spec: any } }));
const versions = Object.fromEntries(
  [...readFileSync(path.join(repoRoot, 'infra/versions.env'), 'utf8').matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [
    m[1],
    m[2],
  ]),
);
const values = parse(readFileSync(clusterValues, 'utf8'));
/** "host:port" -> the local-infra Service it names, and that port. */
const serviceAt = (address: string) => {
  const [host, port] = address.split(':') as [string, string];
  const suffix = `.${localInfraNamespace}.svc.cluster.local`;
  return {
    name: host.endsWith(suffix) ? host.slice(0, -suffix.length) : `not in ${localInfraNamespace}: ${host}`,
    port: Number(port),
  };
};

describe('the one-node cluster: charts/local-infra and the chart with infra/cluster/ values', () => {
  let secrets: ClusterSecrets;
  let infra: KubernetesObject[];
  let taskmesh: KubernetesObject[];
  beforeAll(() => {
    secrets = writeClusterSecrets();
    infra = renderLocalInfra(secrets.localInfraArgs);
    taskmesh = render(secrets.taskmeshArgs);
  });
  afterAll(() => secrets?.remove());

  it.each([
    ['local-infra', localInfraChart, () => secrets.localInfraArgs],
    ['taskmesh', chart, () => secrets.taskmeshArgs],
  ])('passes helm lint --strict: %s', (_name, chartDir, args) => {
    const lint = spawnSync(helm, ['lint', chartDir, '--strict', '--kube-version', kubeVersion, ...args()], {
      encoding: 'utf8',
    });
    expect(lint.stdout).toContain('0 chart(s) failed');
    expect(lint.status).toBe(0);
  });

  it('renders only objects the API schemas accept (unknown fields refused)', () => {
    const schemas = loadApiSchemas();
    expect(infra.flatMap((object) => schemas.validate(object))).toEqual([]);
    expect(taskmesh.flatMap((object) => schemas.validate(object))).toEqual([]);
  });

  it('runs Kafka, PostgreSQL, Redis and the mail catcher from the local images, unprivileged, probed, without a sidecar', () => {
    const uids = { kafka: 1000, postgres: 999, redis: 999, 'mail-catcher': 1000 };
    expect(
      podsOf(infra)
        .map((p) => p.name)
        .sort(),
    ).toEqual(Object.keys(uids).sort());
    for (const { name, pod } of podsOf(infra)) {
      const dapr = Object.keys(pod.metadata.annotations ?? {}).filter((key) => key.startsWith('dapr.io/'));
      expect([name, dapr]).toEqual([name, []]);
      expect(pod.spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: uids[name as keyof typeof uids],
      });
      // Kubernetes would set KAFKA_PORT=tcp://... and POSTGRES_PORT=tcp://..., which the images read.
      expect(pod.spec.enableServiceLinks).toBe(false);
      const [container] = pod.spec.containers;
      expect(container.image).toMatch(/^localhost\/taskmesh\//);
      expect(container.imagePullPolicy).toBe('Never');
      expect(container.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.readinessProbe).toBeDefined();
      expect(container.resources.limits.memory).toBeTruthy();
      // Two cores host the cluster, Dapr and Taskmesh.
      expect(Number.parseInt(container.resources.requests.cpu, 10)).toBeLessThanOrEqual(100);
    }
  });

  it('builds its images at the versions infra/versions.env pins', () => {
    const images = Object.fromEntries(
      podsOf(infra).map(({ name, pod }) => [name, pod.spec.containers[0].image as string]),
    );
    expect(images).toEqual({
      kafka: `localhost/taskmesh/kafka:${versions.KAFKA_VERSION}`,
      postgres: `localhost/taskmesh/postgres:${versions.POSTGRES_MAJOR}`,
      redis: `localhost/taskmesh/redis:${versions.REDIS_MAJOR}`,
      'mail-catcher': 'localhost/taskmesh/mail-catcher:local',
    });
    expect(values.kafka.image).toBe(images.kafka);
  });

  it('points the chart at local-infra’s Services, and Kafka tells clients a name they resolve', () => {
    const port = (name: string) => named(infra, 'Service', name)?.spec.ports[0].port;
    const kafka = serviceAt(values.kafka.brokers);
    expect(port(kafka.name)).toBe(kafka.port);
    const redis = serviceAt(values.redis.host);
    expect(port(redis.name)).toBe(redis.port);
    const smtp = serviceAt(`${values.smtp.host}:${values.smtp.port}`);
    expect(port(smtp.name)).toBe(smtp.port);
    const broker = named(infra, 'Deployment', 'kafka').spec.template.spec.containers[0];
    const advertised = broker.env.find((e: { name: string }) => e.name === 'KAFKA_ADVERTISED_HOST').value;
    expect(advertised).toBe(values.kafka.brokers.split(':')[0]);
    const secret = (name: string) => named(taskmesh, 'Secret', name)?.stringData[name] as string;
    for (const key of [
      'database-url',
      'tasks-database-url',
      'audit-database-url',
      'reminder-database-url',
      'webhook-database-url',
    ]) {
      const url = new URL(secret(key));
      expect([key, port(serviceAt(`${url.hostname}:${url.port}`).name)]).toEqual([key, Number(url.port)]);
    }
  });

  it('publishes Kafka and PostgreSQL on node ports for the tests on the node, Kafka on the same port inside and out', () => {
    const nodePorts = (objects: KubernetesObject[]) =>
      objects
        .filter((o) => o.kind === 'Service' && (o as any).spec.type === 'NodePort')
        .flatMap((o: any) => o.spec.ports.map((p: any) => [o.metadata.name, p.nodePort]));
    expect(nodePorts(infra)).toEqual([
      ['kafka-nodeport', 30092],
      ['postgres-nodeport', 30432],
    ]);
    const service = named(infra, 'Service', 'kafka-nodeport').spec.ports[0];
    expect([service.port, service.targetPort]).toEqual([30092, 30092]);
    const broker = named(infra, 'Deployment', 'kafka').spec.template.spec.containers[0];
    const env = Object.fromEntries(broker.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env).toMatchObject({ KAFKA_EXTERNAL_PORT: '30092', KAFKA_EXTERNAL_ADVERTISED_HOST: '127.0.0.1' });
    expect(broker.ports.map((p: { containerPort: number }) => p.containerPort)).toContain(30092);
    // Every node port of the cluster is its own, inside Kubernetes' default range.
    const all = [...nodePorts(infra), ...nodePorts(taskmesh)].map(([, port]) => port as number);
    expect(new Set(all).size).toBe(all.length);
    for (const port of all) expect(port >= 30000 && port <= 32767).toBe(true);
  });

  it('gives both charts the same generated secrets: the superuser’s password, a role password per service, the SMTP login', () => {
    const secret = (name: string) => named(taskmesh, 'Secret', name)?.stringData[name] as string;
    const data = (name: string, key: string) =>
      Buffer.from(named(infra, 'Secret', name).data[key] as string, 'base64').toString();
    const owner = new URL(secret('database-url'));
    expect(owner.username).toBe('postgres');
    expect(decodeURIComponent(owner.password)).toBe(data('postgres', 'postgres-password'));
    expect(owner.password.length).toBeGreaterThanOrEqual(24);
    const roles = ['tasks-database-url', 'audit-database-url', 'reminder-database-url', 'webhook-database-url'].map(
      (k) => new URL(secret(k)),
    );
    expect(new Set([owner.password, ...roles.map((r) => r.password)]).size).toBe(5);
    expect(JSON.parse(data('mail-catcher', 'secrets.json'))).toEqual({
      'smtp-username': secret('smtp-username'),
      'smtp-password': secret('smtp-password'),
    });
    for (const name of parse(readFileSync(path.join(chart, 'values.yaml'), 'utf8')).secrets.names as string[])
      expect([name, secret(name)?.length > 0]).toEqual([name, true]);
    // The mail catcher writes where the tests read, on the node.
    const mail = named(infra, 'Deployment', 'mail-catcher').spec.template.spec.volumes.find(
      (v: { name: string }) => v.name === 'mail',
    );
    expect(mail.hostPath).toEqual({ path: path.join(secrets.dir, 'mail'), type: 'Directory' });
  });

  it('keeps the secrets on a second run, so a running database still matches', () => {
    const files = ['taskmesh-secrets.yaml', 'local-infra-secrets.yaml'];
    const read = () => files.map((file) => readFileSync(path.join(secrets.dir, file), 'utf8'));
    const before = read();
    runSecretsValues(secrets.dir);
    expect(read()).toEqual(before);
  });

  it('runs every app from the local images, one replica each, no autoscaler, and the hook Jobs with them', () => {
    for (const appId of allAppIds) {
      const deployment = named(taskmesh, 'Deployment', appId);
      expect(deployment.spec.replicas).toBe(1);
      const [container] = deployment.spec.template.spec.containers;
      expect([appId, container.image, container.imagePullPolicy]).toEqual([
        appId,
        `localhost/taskmesh/${appId}:local`,
        'Never',
      ]);
    }
    expect(taskmesh.filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'Ingress')).toEqual([]);
    const job = (name: string) => named(taskmesh, 'Job', name).spec.template.spec.containers[0];
    expect(job('tm-migrate').image).toBe('localhost/taskmesh/migrations:local');
    expect(job('tm-kafka-topics').image).toBe(values.kafka.image);
  });

  it('runs the topics Job’s command with the image’s kafka-create-topics, and kafka-topics.sh where it is missing', () => {
    const script = named(taskmesh, 'Job', 'tm-kafka-topics').spec.template.spec.containers[0].command as string[];
    expect(script.slice(0, 2)).toEqual(['/bin/bash', '-ec']);
    const dir = mkdtempSync(path.join(tmpdir(), 'taskmesh-topics-job-'));
    try {
      writeFileSync(path.join(dir, 'topics.tsv'), readFileSync(path.join(repoRoot, 'infra/kafka/topics.tsv')));
      const body = (script[2] as string).replaceAll('/topics/topics.tsv', path.join(dir, 'topics.tsv'));
      // A stand-in for the image's command that records how it was called.
      writeFileSync(path.join(dir, 'kafka-create-topics'), `#!/bin/sh\necho "called with $*"\n`);
      chmodSync(path.join(dir, 'kafka-create-topics'), 0o755);
      const env = { ...process.env, BROKERS: values.kafka.brokers as string, PATH: `${dir}:/usr/bin:/bin` };
      const local = spawnSync('/bin/bash', ['-ec', body], { encoding: 'utf8', env });
      expect(local.stdout.trim()).toBe(`called with ${values.kafka.brokers} ${path.join(dir, 'topics.tsv')}`);
      expect(local.status).toBe(0);
      const apache = spawnSync('/bin/bash', ['-ec', body], {
        encoding: 'utf8',
        env: { ...env, PATH: '/usr/bin:/bin' },
      });
      expect(apache.stderr).toContain('/opt/kafka/bin/kafka-topics.sh');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('publishes web, realtime-sync and web’s sidecar API on fixed node ports, and web knows where browsers open them', () => {
    const nodePorts = Object.fromEntries(
      taskmesh
        .filter((o) => o.kind === 'Service' && (o as any).spec.type === 'NodePort')
        .map((o: any) => [
          o.metadata.name,
          [o.spec.selector['app.kubernetes.io/name'], o.spec.ports.map((p: any) => [p.targetPort, p.nodePort])],
        ]),
    );
    expect(nodePorts).toEqual({
      'web-nodeport': ['web', [['http', 30100]]],
      'realtime-sync-nodeport': ['realtime-sync', [['http', 30105]]],
      'web-sidecar-nodeport': ['web', [[3500, 30500]]],
    });
    const web = named(taskmesh, 'Deployment', 'web').spec.template;
    expect(web.metadata.annotations['dapr.io/sidecar-listen-addresses']).toBe('0.0.0.0');
    const env = (appId: string) =>
      Object.fromEntries(
        named(taskmesh, 'Deployment', appId).spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]),
      );
    expect(env('web')).toMatchObject({
      REALTIME_PUBLIC_URL: 'http://127.0.0.1:30105',
      WEB_PUBLIC_ORIGINS: 'http://127.0.0.1:30100',
      TRUSTED_PROXY_HOPS: '0',
    });
    expect(env('realtime-sync').CORS_ORIGINS).toBe('http://127.0.0.1:30100');
    // Where the node ports lead, anyone may come (the Ingress controller's rule no longer applies).
    const open = (appId: string) =>
      named(taskmesh, 'NetworkPolicy', appId)
        .spec.ingress.filter((rule: { from?: unknown }) => !rule.from)
        .flatMap((rule: { ports: Array<{ port: string | number }> }) => rule.ports.map((p) => p.port));
    expect(open('web')).toEqual(['http', 3500]);
    expect(open('realtime-sync')).toEqual(['http']);
    expect(open('tasks-api')).toEqual([]);
    // Only web's sidecar listens beyond its pod.
    for (const appId of allAppIds.filter((id) => id !== 'web'))
      expect(named(taskmesh, 'Deployment', appId).spec.template.metadata.annotations).not.toHaveProperty(
        'dapr.io/sidecar-listen-addresses',
      );
  });
});
