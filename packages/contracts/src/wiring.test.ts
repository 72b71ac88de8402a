import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { configuredAppIds, currentDaprConfig, daprConfigFor } from '../../../scripts/write-dapr-config';
import { AppId, allAppIds } from './app-ids';
import { Component } from './components';
import { subscriptions } from './subscriptions';
import { deadLetterTopic, Topic } from './topics';

// The names in this package are the single source for dapr-components/,
// dapr.yaml and infra/kafka/topics.tsv; these tests fail when they drift.

const root = path.resolve(__dirname, '../../..');

interface DaprResource {
  kind: string;
  metadata: { name: string };
  spec: { type?: string };
  scopes?: string[];
}

function resources(): DaprResource[] {
  const dir = path.join(root, 'dapr-components');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJSON() as DaprResource));
}

describe('dapr-components', () => {
  const components = resources().filter((r) => r.kind === 'Component');

  it('defines exactly the components the code names', () => {
    expect(components.map((c) => c.metadata.name).sort()).toEqual(Object.values(Component).sort());
  });

  it('scopes every component to known app ids', () => {
    for (const component of components) {
      expect({ name: component.metadata.name, scoped: (component.scopes ?? []).length > 0 }).toEqual({
        name: component.metadata.name,
        scoped: true,
      });
      for (const scope of component.scopes ?? []) expect(allAppIds).toContain(scope);
    }
  });

  it('keeps the cron bindings to the agents that answer them', () => {
    const scopesOf = (name: string) => components.find((c) => c.metadata.name === name)?.scopes;
    expect(scopesOf(Component.reminderSweep)).toEqual([AppId.reminderAgent]);
    expect(scopesOf(Component.recurrenceSweep)).toEqual([AppId.recurrenceAgent]);
    expect(scopesOf(Component.webhookSweep)).toEqual([AppId.webhookAgent]);
  });

  it('has one Resiliency resource, and each sidecar’s Configuration under config/ as written from access.ts', () => {
    const kinds = resources().map((r) => r.kind);
    expect(kinds.filter((k) => k === 'Resiliency')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'Configuration')).toHaveLength(0);
    const files = readdirSync(path.join(root, 'dapr-components', 'config')).sort();
    expect(files).toEqual(configuredAppIds.map((id) => `${id}.yaml`).sort());
    for (const appId of configuredAppIds)
      expect({ appId, text: currentDaprConfig(appId) }).toEqual({ appId, text: daprConfigFor(appId) });
  });
});

// The chart's components are checked against these, rendered by helm, in tests/deployment/helm-chart.test.ts.

describe('dapr.yaml', () => {
  const runFile = parse(readFileSync(path.join(root, 'dapr.yaml'), 'utf8')) as {
    apps: Array<{ appID: string; appDirPath: string; appPort: number; daprHTTPPort: number }>;
  };

  it('runs every app id from its own folder, named after it', () => {
    expect(runFile.apps.map((a) => a.appID).sort()).toEqual([...allAppIds].sort());
    for (const app of runFile.apps) {
      expect(path.basename(app.appDirPath)).toBe(app.appID);
      expect(existsSync(path.join(root, app.appDirPath, 'package.json'))).toBe(true);
    }
  });

  it('gives every app its own Configuration', () => {
    // An app's paths are relative to its appDirPath, as the dapr CLI reads them (issue 16).
    const configs = parse(readFileSync(path.join(root, 'dapr.yaml'), 'utf8')).apps.map(
      (a: { appID: string; appDirPath: string; configFilePath: string }) => [
        a.appID,
        path.relative(root, path.resolve(root, a.appDirPath, a.configFilePath)),
      ],
    );
    expect(configs).toEqual(runFile.apps.map((a) => [a.appID, `dapr-components/config/${a.appID}.yaml`]));
  });

  it('gives every app and sidecar its own ports', () => {
    const ports = runFile.apps.flatMap((a) => [a.appPort, a.daprHTTPPort]);
    expect(new Set(ports).size).toBe(ports.length);
  });
});

describe('infra/kafka/topics.tsv', () => {
  const rows = readFileSync(path.join(root, 'infra/kafka/topics.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.trim().split(/\s+/));
  const names = rows.map(([name]) => name);

  it('creates every topic and every subscription’s dead-letter topic', () => {
    const expected = [...Object.values(Topic), ...subscriptions.map((s) => deadLetterTopic(s.topic, s.subscriber))];
    expect([...names].sort()).toEqual(expected.sort());
  });

  it('gives the topics the partitions and retention of the architecture', () => {
    const table = Object.fromEntries(rows.map(([name, partitions, retention]) => [name, `${partitions}/${retention}`]));
    expect(table).toMatchObject({
      'task-events': '3/7d',
      'task-updates': '3/1d',
      reminders: '3/1d',
      'audit-logs': '3/90d',
    });
  });
});
