import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppId, allAppIds, invocationGrants, Subscriptions, secretsOf } from '@taskmesh/contracts';
import { repoRoot } from '@taskmesh/testing';
import { parse } from 'yaml';
import { chartAccessJson, chartAccessPath } from '../../scripts/write-dapr-config';
import { type KubernetesObject, loadApiSchemas } from './api-schemas';
import { chart, helm, kubeVersion, namespace, render, valueSets } from './chart';

// The chart is rendered by a real helm (built from Go modules by infra/setup.sh)
// and every object validated, strictly, against the Kubernetes API's and the
// CRDs' schemas for the pinned versions: no cluster, no network. (The same
// objects also go through a real kube-apiserver: api-server-dry-run.test.ts.)

const byKind = (objects: KubernetesObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = <T = any>(objects: KubernetesObject[], kind: string, name: string): T =>
  objects.find((o) => o.kind === kind && o.metadata.name === name) as T;

describe('Helm chart charts/taskmesh', () => {
  const schemas = loadApiSchemas();
  const rendered = { default: render(valueSets.default), production: render(valueSets.production) };

  it.each(Object.entries(valueSets))('passes helm lint --strict with the %s values', (_name, args) => {
    const lint = spawnSync(helm, ['lint', chart, '--strict', '--kube-version', kubeVersion, ...args], {
      encoding: 'utf8',
    });
    expect(lint.stdout).toContain('0 chart(s) failed');
    expect(lint.status).toBe(0);
  });

  it.each(Object.keys(valueSets))(
    'renders, with the %s values, only objects the API schemas accept (unknown fields refused)',
    (name) => {
      const objects = rendered[name as keyof typeof rendered];
      expect(objects.length).toBeGreaterThan(30);
      const problems = objects.flatMap((object) => schemas.validate(object));
      expect(problems).toEqual([]);
    },
  );

  it('has a validator that catches a misspelled field and a wrong type', () => {
    const deployment = structuredClone(named<KubernetesObject>(rendered.default, 'Deployment', 'tasks-api'));
    (deployment.spec as { replicas: unknown }).replicas = 'two';
    (deployment.spec as Record<string, unknown>).replica = 2;
    const problems = schemas.validate(deployment);
    expect(problems.join('\n')).toMatch(/\/spec\/replicas: must be integer/);
    expect(problems.join('\n')).toMatch(/must NOT have additional properties \(replica\)/);
    const component = structuredClone(named<KubernetesObject>(rendered.default, 'Component', 'pubsub'));
    (component.spec as Record<string, unknown>).typo = true;
    expect(schemas.validate(component).join('\n')).toMatch(/additional properties \(typo\)/);
  });

  it('refuses values that break values.schema.json, naming the field', () => {
    const lint = spawnSync(helm, ['lint', chart, '--set', 'apps.web.replicaCount=-1', '--set', 'smtp.port=abc'], {
      encoding: 'utf8',
    });
    expect(lint.status).not.toBe(0);
    expect(lint.stdout + lint.stderr).toMatch(/\/apps\/web\/replicaCount/);
    expect(lint.stdout + lint.stderr).toMatch(/\/smtp\/port/);
  });

  it.each([...allAppIds])('runs %s with a Dapr sidecar, probes, resources and a locked-down container', (appId) => {
    for (const objects of Object.values(rendered)) {
      const deployment = named(objects, 'Deployment', appId);
      expect(deployment).toBeDefined();
      const annotations = deployment.spec.template.metadata.annotations;
      expect(annotations).toMatchObject({
        'dapr.io/enabled': 'true',
        'dapr.io/app-id': appId,
        'dapr.io/app-port': '3000',
        'dapr.io/app-protocol': 'http',
        'dapr.io/config': appId,
        'dapr.io/enable-app-health-check': 'true',
      });
      for (const key of [
        'dapr.io/log-level',
        'dapr.io/sidecar-cpu-request',
        'dapr.io/sidecar-memory-limit',
        'dapr.io/app-token-secret',
        'dapr.io/api-token-secret',
      ])
        expect(annotations[key]).toBeTruthy();
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      const [container] = pod.containers;
      expect(container.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.resources.requests.cpu).toBeTruthy();
      expect(container.resources.limits.memory).toBeTruthy();
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      const service = named(objects, 'Service', appId);
      expect(service.spec.ports.map((p: { name: string }) => p.name)).toContain('metrics');
      const env = Object.fromEntries(container.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
      expect(env).toMatchObject({ APP_ID: appId, APP_PORT: '3000', DAPR_HTTP_PORT: '3500', METRICS_HOST: '0.0.0.0' });
      // Push endpoints and webhook URLs must be public https: no origin is exempt unless the values list one (issues 15, 20).
      if (appId === 'tasks-api' || appId === 'reminder-agent' || appId === 'webhook-agent')
        expect(env.OUTBOUND_ALLOWED_ORIGINS).toBe('');
    }
  });

  it('scales and protects the apps the values ask for', () => {
    const production = rendered.production;
    expect(
      byKind(production, 'HorizontalPodAutoscaler')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['realtime-sync', 'reminder-agent', 'tasks-api', 'web', 'webhook-agent']);
    expect(byKind(production, 'PodDisruptionBudget')).toHaveLength(7);
    // An autoscaled Deployment leaves replicas to the autoscaler.
    expect(named(production, 'Deployment', 'tasks-api').spec.replicas).toBeUndefined();
    expect(named(production, 'Deployment', 'audit-agent').spec.replicas).toBe(3);
  });

  it('declares the Dapr components of dapr-components/ under the same names and scopes', () => {
    const local = readdirSync(path.join(repoRoot, 'dapr-components'))
      .filter((file) => file.endsWith('.yaml'))
      .map(
        (file) =>
          parse(readFileSync(path.join(repoRoot, 'dapr-components', file), 'utf8')) as KubernetesObject & {
            scopes?: string[];
            spec: { type?: string };
          },
      )
      .filter((o) => o.kind === 'Component');
    for (const objects of Object.values(rendered)) {
      const components = byKind(objects, 'Component') as Array<
        KubernetesObject & { scopes?: string[]; spec: { type: string } }
      >;
      expect(components.map((c) => c.metadata.name).sort()).toEqual(local.map((c) => c.metadata.name).sort());
      for (const mine of local) {
        const theirs = components.find((c) => c.metadata.name === mine.metadata.name);
        expect([mine.metadata.name, theirs?.scopes]).toEqual([mine.metadata.name, mine.scopes]);
        // Only the secret store differs: a local file here, Kubernetes Secrets there.
        if (mine.metadata.name === 'secretstore') expect(theirs?.spec.type).toBe('secretstores.kubernetes');
        else expect([mine.metadata.name, theirs?.spec.type]).toEqual([mine.metadata.name, mine.spec.type]);
      }
      const broadcast = named(objects, 'Component', 'pubsub-broadcast') as {
        spec: { metadata: Array<{ name: string; value: string }> };
      };
      // Each realtime-sync replica its own consumer group: every replica gets every update.
      expect(broadcast.spec.metadata.find((m) => m.name === 'consumerGroup')?.value).toBe('{appID}-{podName}');
    }
  });

  it('declares exactly the subscriptions the apps make, each with its dead-letter topic', () => {
    // The descriptors every app returns from GET /dapr/subscribe, from the contracts (issue 16).
    const apps = Object.entries(Subscriptions).flatMap(([app, byName]) =>
      Object.values(byName).map((s) => [AppId[app as keyof typeof Subscriptions], s] as const),
    );
    const expected = apps
      .map(([app, s]) => ({
        scopes: [app],
        pubsubname: s.pubsubname,
        topic: s.topic,
        route: s.route,
        deadLetterTopic: s.deadLetterTopic,
        bulkSubscribe: s.bulkSubscribe,
      }))
      .sort((a, b) => `${a.topic}${a.scopes}`.localeCompare(`${b.topic}${b.scopes}`));
    const declared = (
      byKind(rendered.default, 'Subscription') as Array<KubernetesObject & { scopes: string[]; spec: any }>
    )
      .map((s) => ({
        scopes: s.scopes,
        pubsubname: s.spec.pubsubname,
        topic: s.spec.topic,
        route: s.spec.routes.default,
        deadLetterTopic: s.spec.deadLetterTopic,
        bulkSubscribe: s.spec.bulkSubscribe,
      }))
      .sort((a, b) => `${a.topic}${a.scopes}`.localeCompare(`${b.topic}${b.scopes}`));
    expect(declared).toEqual(expected);
  });

  it('configures tracing, mTLS and secret scopes, and reads secrets from Kubernetes', () => {
    const config = named(rendered.production, 'Configuration', 'tasks-api');
    expect(config.spec.tracing.otel.endpointAddress).toBe('otel-collector.observability:4317');
    expect(config.spec.mtls.enabled).toBe(true);
    expect(config.spec.secrets.scopes[0]).toMatchObject({ storeName: 'secretstore', defaultAccess: 'deny' });
    // Each app's service account may read its own secrets and its components' passwords, nothing else.
    const secretsReadBy = (objects: KubernetesObject[], appId: string) => {
      const deployment = named(objects, 'Deployment', appId);
      const account = deployment.spec.template.spec.serviceAccountName;
      expect(named(objects, 'ServiceAccount', account)).toBeDefined();
      const binding = byKind(objects, 'RoleBinding').find((b: any) => b.subjects[0].name === account) as any;
      if (!binding) return [];
      const role = named(objects, 'Role', binding.roleRef.name);
      expect(role.rules).toHaveLength(1);
      expect(role.rules[0].verbs).toEqual(['get']);
      return role.rules[0].resourceNames as string[];
    };
    expect(secretsReadBy(rendered.production, 'tasks-api').sort()).toEqual(
      [...secretsOf['tasks-api'], 'redis-password', 'kafka-password'].sort(),
    );
    expect(secretsReadBy(rendered.production, 'web').sort()).toEqual([...secretsOf.web, 'redis-password'].sort());
    expect(secretsReadBy(rendered.production, 'audit-agent').sort()).toEqual(
      [...secretsOf['audit-agent'], 'kafka-password'].sort(),
    );
    // Nothing to read, no Role: an empty resourceNames list would allow every Secret.
    expect(secretsReadBy(rendered.default, 'recurrence-agent')).toEqual([]);
    for (const role of byKind(rendered.default, 'Role') as any[])
      expect(role.rules.every((r: { resourceNames?: string[] }) => (r.resourceNames ?? []).length > 0)).toBe(true);
    expect(named(rendered.default, 'Resiliency', 'taskmesh')).toBeDefined();
  });

  it.each([...allAppIds])(
    'gives %s its own Configuration: only its secrets, invoked only by the callers access.ts grants',
    (appId) => {
      const clients = ['crm-sync'];
      const objects = render(['--set', `dapr.accessControl.clients={${clients.join(',')}}`]);
      const config = named(objects, 'Configuration', appId);
      expect(config.spec.secrets.scopes[0]).toEqual({
        storeName: 'secretstore',
        defaultAccess: 'deny',
        allowedSecrets: [...secretsOf[appId]],
      });
      expect(config.spec.accessControl.defaultAction).toBe('deny');
      const policies = Object.fromEntries(
        config.spec.accessControl.policies.map(
          (p: { appId: string; defaultAction: string; namespace: string; operations: Array<{ name: string }> }) => {
            expect(p).toMatchObject({ defaultAction: 'deny', namespace });
            return [p.appId, p.operations.map((o) => o.name)];
          },
        ),
      );
      expect(policies).toEqual(invocationGrants(appId, clients));
      // One Secret holds the token every sidecar requires on its API; the app reads it from the same Secret.
      const deployment = named(objects, 'Deployment', appId);
      const tokenSecret = deployment.spec.template.metadata.annotations['dapr.io/api-token-secret'];
      expect(named(objects, 'Secret', tokenSecret)).toBeDefined();
      const env = deployment.spec.template.spec.containers[0].env;
      expect(env).toContainEqual({
        name: 'DAPR_API_TOKEN',
        valueFrom: { secretKeyRef: { name: tokenSecret, key: 'token' } },
      });
    },
  );

  it('keeps files/access.json as scripts/write-dapr-config.ts writes it', () => {
    expect(readFileSync(chartAccessPath, 'utf8')).toEqual(chartAccessJson());
  });

  it.each([...allAppIds])('lets only sidecars, the Ingress controller and Prometheus reach %s', (appId) => {
    const policy = named(rendered.default, 'NetworkPolicy', appId);
    expect(policy.spec.podSelector.matchLabels).toMatchObject({ 'app.kubernetes.io/name': appId });
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    const ports = policy.spec.ingress.map((rule: { ports: Array<{ port: number | string }> }) =>
      rule.ports.map((p) => p.port),
    );
    const browserFacing = appId === 'web' || appId === 'realtime-sync';
    expect(ports).toEqual([[50002], ...(browserFacing ? [['http']] : []), ['metrics', 9090]]);
  });

  it('wires the Redis password and Kafka SASL over TLS from Secrets when the values ask', () => {
    const meta = (component: any) =>
      Object.fromEntries(component.spec.metadata.map((m: any) => [m.name, m.value ?? m.secretKeyRef]));
    const redis = meta(named(rendered.production, 'Component', 'statestore'));
    expect(redis).toMatchObject({
      enableTLS: 'true',
      redisPassword: { name: 'redis-password', key: 'redis-password' },
    });
    for (const name of ['pubsub', 'pubsub-broadcast']) {
      const kafka = meta(named(rendered.production, 'Component', name));
      expect(kafka).toMatchObject({
        authType: 'password',
        disableTls: 'false',
        saslUsername: 'taskmesh',
        saslPassword: { name: 'kafka-password', key: 'kafka-password' },
        saslMechanism: 'SHA-512',
      });
    }
  });

  it('serves the Ingress over TLS by default', () => {
    expect(named(rendered.default, 'Ingress', 'tm').spec.tls).toEqual([
      { hosts: ['taskmesh.example.com'], secretName: 'taskmesh-tls' },
    ]);
  });

  it('creates the Kafka topics and applies migrations before the apps start', () => {
    const hooks = byKind(rendered.default, 'Job').map((job) => [
      job.metadata.name,
      job.metadata.annotations?.['helm.sh/hook'],
    ]);
    expect(hooks).toEqual([
      ['tm-kafka-topics', 'pre-install,pre-upgrade'],
      ['tm-migrate', 'pre-install,pre-upgrade'],
    ]);
    const topics = named(rendered.default, 'ConfigMap', 'tm-kafka-topics').data['topics.tsv'];
    expect(topics).toBe(readFileSync(path.join(repoRoot, 'infra/kafka/topics.tsv'), 'utf8'));
  });

  it('routes the web UI and the socket.io endpoint through one Ingress', () => {
    const ingress = named(rendered.production, 'Ingress', 'tm');
    const paths = ingress.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name]);
    expect(paths).toEqual([
      ['/socket.io', 'realtime-sync'],
      ['/', 'web'],
    ]);
    expect(ingress.spec.tls[0].secretName).toBe('tasks-example-com-tls');
  });

  it('ships alert rules and the Grafana dashboard over the series the services export', () => {
    const rule = named(rendered.production, 'PrometheusRule', 'tm') as {
      spec: { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
    };
    const exprs = rule.spec.groups.flatMap((g) => g.rules.map((r) => r.expr)).join('\n');
    const dashboard = named(rendered.default, 'ConfigMap', 'tm-grafana-dashboard').data['taskmesh.json'] as string;
    const panels = JSON.parse(dashboard).panels as Array<{ targets: Array<{ expr: string }> }>;
    const dashboardExprs = panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const series of [
      'taskmesh_http_requests_total',
      'taskmesh_http_request_duration_seconds_bucket',
      'taskmesh_http_server_errors_total',
      'taskmesh_events_handled_total',
      'taskmesh_outbox_pending_events',
      'taskmesh_reminder_lateness_seconds_bucket',
    ])
      expect(`${exprs}\n${dashboardExprs}`).toContain(series);
    expect(dashboardExprs).toContain('taskmesh_realtime_connected_sockets');
  });
});
