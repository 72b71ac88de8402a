import { databaseRoleOf } from '@taskmesh/contracts';
import type { KubernetesObject } from './api-schemas';
import { render, valueSets } from './chart';

// Issue 16: a schema and a role per owning service. The migration Job creates
// the roles (migrations) and sets each one's password from the URL secret its
// service connects with (prisma/role-passwords.mjs), so every role in
// packages/contracts/src/data-ownership.ts must reach the Job.

interface EnvVar {
  name: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

const migrateJob = (objects: KubernetesObject[]) =>
  objects.find((o) => o.kind === 'Job' && o.metadata.name === 'tm-migrate') as
    | { spec: { template: { spec: { containers: Array<{ command: string[]; env: EnvVar[] }> } } } }
    | undefined;

describe('the migration Job and the service roles', () => {
  it.each(Object.keys(valueSets) as Array<keyof typeof valueSets>)(
    'gets every service role’s URL secret and sets the roles’ passwords after migrating (%s values)',
    (values) => {
      const container = migrateJob(render(valueSets[values]))?.spec.template.spec.containers[0];
      const secrets = (container?.env ?? [])
        .filter((variable) => variable.name.startsWith('SERVICE_DATABASE_URL_'))
        .map((variable) => variable.valueFrom?.secretKeyRef?.name)
        .sort();
      expect(secrets).toEqual(
        Object.values(databaseRoleOf)
          .map((role) => role.secret)
          .sort(),
      );
      expect(container?.command.join(' ')).toMatch(/prisma migrate deploy && node prisma\/role-passwords\.mjs/);
    },
  );
});
