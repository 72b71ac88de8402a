import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allAppIds } from '@taskmesh/contracts';
import { repoRoot, taskmeshHome } from '@taskmesh/testing';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { composeFile, currentComposeFile } from '../../scripts/write-compose';

// docker-compose.yml against the Compose Specification's own JSON schema (from
// compose-go, fetched by infra/setup.sh): no container engine needed.
const schemaPath = (
  JSON.parse(readFileSync(path.join(taskmeshHome(), 'api-schemas.json'), 'utf8')) as { composeSpec: string }
).composeSpec;

function validator() {
  // The Compose schema is JSON Schema 2020-12.
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // compose-spec uses these formats; ajv-formats does not know them.
  ajv.addFormat('duration', /^([0-9.]+(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('expose', true);
  return ajv.compile(schema);
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      {
        network_mode?: string;
        command?: string[];
        image?: string;
        build?: unknown;
        environment?: Record<string, unknown>;
      }
    >;
  };
  const validate = validator();

  it('is valid against the Compose Specification schema', () => {
    const valid = validate(compose);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`) ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has a validator that refuses what compose refuses', () => {
    const broken = structuredClone(compose);
    (broken.services['tasks-api'] as Record<string, unknown>).restart_policy = 'always';
    expect(validate(broken)).toBe(false);
  });

  it('runs every app next to its own daprd, sharing its network namespace, on the local components', () => {
    for (const appId of allAppIds) {
      const app = compose.services[appId];
      const sidecar = compose.services[`${appId}-dapr`];
      expect([appId, app?.network_mode]).toEqual([appId, 'service:net']);
      expect([appId, sidecar?.network_mode]).toEqual([appId, 'service:net']);
      expect(sidecar?.command).toEqual(expect.arrayContaining(['--app-id', appId, '--resources-path', '/components']));
    }
    for (const infra of ['kafka', 'redis', 'postgres', 'mail-catcher', 'sentry'])
      expect(compose.services[infra]).toBeDefined();
  });

  it('is the file scripts/write-compose.ts writes from dapr.yaml (npm run docs:compose)', () => {
    expect(currentComposeFile()).toBe(composeFile());
  });

  it('publishes ports on the host’s loopback only', () => {
    const published = Object.values(compose.services).flatMap((s) => (s as { ports?: string[] }).ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it('bakes no secret into the file: tokens and passwords come from the state volumes (issue 17)', () => {
    const text = currentComposeFile();
    expect(text).not.toMatch(/TOKEN:\s*\S|PASSWORD:\s*\S|postgresql:\/\/[^@\s]*:[^@\s]*@/);
    // Apps never mount the secret store's file; only sidecars, the migrations and the mail catcher do.
    for (const appId of allAppIds) {
      const volumes = (compose.services[appId] as { volumes?: string[] }).volumes ?? [];
      expect([appId, volumes.some((v) => v.startsWith('secrets:'))]).toEqual([appId, false]);
    }
  });

  it('exempts no origin from the public-https check on push endpoints and webhook URLs (issues 15, 20)', () => {
    for (const appId of ['tasks-api', 'reminder-agent', 'webhook-agent'])
      expect([appId, compose.services[appId]?.environment?.OUTBOUND_ALLOWED_ORIGINS]).toEqual([appId, '']);
  });
});
