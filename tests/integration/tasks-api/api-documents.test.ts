import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildAsyncApiDocument } from '@taskmesh/contracts';
import { tasksApi } from '@taskmesh/testing';
import { accessTokenRouteSpecs } from '../../../services/tasks-api/src/routes/access-token-specs';
import { accountRouteSpecs } from '../../../services/tasks-api/src/routes/account-specs';
import { authRouteSpecs } from '../../../services/tasks-api/src/routes/auth-specs';
import { calendarRouteSpecs } from '../../../services/tasks-api/src/routes/calendar-specs';
import { collaborationRouteSpecs } from '../../../services/tasks-api/src/routes/collaboration-specs';
import { exportRouteSpecs } from '../../../services/tasks-api/src/routes/export-specs';
import { importRouteSpecs } from '../../../services/tasks-api/src/routes/import-specs';
import { projectRouteSpecs } from '../../../services/tasks-api/src/routes/project-specs';
import { recurrenceRouteSpecs } from '../../../services/tasks-api/src/routes/recurrence-specs';
import { reminderRouteSpecs } from '../../../services/tasks-api/src/routes/reminder-specs';
import { settingsRouteSpecs } from '../../../services/tasks-api/src/routes/settings-specs';
import { taskRouteSpecs } from '../../../services/tasks-api/src/routes/task-specs';

describe('API documents', () => {
  it('serves an OpenAPI 3.1 document with every route', async () => {
    const result = await tasksApi().get('openapi.json');
    expect(result.status).toBe(200);
    expect(result.body.openapi).toBe('3.1.0');
    const documented = Object.entries(
      result.body.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap(([route, methods]) =>
      Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${route} ${op.operationId}`),
    );
    const specs = [
      ...Object.values(authRouteSpecs),
      ...Object.values(accountRouteSpecs),
      ...Object.values(taskRouteSpecs),
      ...Object.values(recurrenceRouteSpecs),
      ...Object.values(reminderRouteSpecs),
      ...Object.values(settingsRouteSpecs),
      ...Object.values(projectRouteSpecs),
      ...Object.values(collaborationRouteSpecs),
      ...Object.values(calendarRouteSpecs),
      ...Object.values(exportRouteSpecs),
      ...Object.values(accessTokenRouteSpecs),
      ...Object.values(importRouteSpecs),
    ];
    expect(documented.sort()).toEqual(
      specs.map((s) => `${s.method.toUpperCase()} ${s.path.replace(/:(\w+)/g, '{$1}')} ${s.operationId}`).sort(),
    );
    const create = result.body.paths['/tasks'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['title']);
    expect(create.responses['201'].content['application/json'].schema.properties.version).toBeDefined();
    expect(create.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    // A calendar feed is documented as what it is (issue 20), so clients and the fuzz stage expect iCalendar.
    expect(Object.keys(result.body.paths['/calendars/{token}'].get.responses['200'].content)).toEqual([
      'text/calendar',
    ]);
    // Registering and logging in document one shape: the token fields at the top level, and the user (issue 16).
    const answer = (route: string, status: string) => {
      const schema = result.body.paths[route].post.responses[status].content['application/json'].schema;
      return schema.$ref ? result.body.components.schemas[schema.$ref.split('/').at(-1)] : schema;
    };
    for (const [route, status] of [
      ['/auth/register', '201'],
      ['/auth/login', '200'],
    ] as const) {
      expect(answer(route, status).required).toEqual(
        expect.arrayContaining(['accessToken', 'tokenType', 'expiresIn', 'refreshToken', 'refreshExpiresAt', 'user']),
      );
    }
  });

  it('serves the AsyncAPI document of the events, and docs/asyncapi.json is current', async () => {
    const result = await tasksApi().get('asyncapi.json');
    expect(result.status).toBe(200);
    expect(Object.keys(result.body.channels).sort()).toEqual([
      'audit-logs',
      'notifications',
      'reminders',
      'sessions',
      'task-events',
      'task-updates',
    ]);
    expect(Object.keys(result.body.components.messages).sort()).toEqual([
      'AccessTokenCreated',
      'AccessTokenRevoked',
      'AuditEntryRecorded',
      'CommentAdded',
      'CommentChanged',
      'CommentDeleted',
      'CommentEdited',
      'EmailVerificationRequested',
      'EmailVerified',
      'NotificationCreated',
      'NotificationFailed',
      'NotificationRequested',
      'PasswordResetRequested',
      'ProjectAccessChanged',
      'ProjectCreated',
      'ProjectDeleted',
      'ProjectMemberAdded',
      'ProjectMemberRemoved',
      'ProjectMemberRoleChanged',
      'ProjectOwnershipTransferred',
      'ProjectRestored',
      'ProjectUpdated',
      'PushSubscriptionRegistered',
      'PushSubscriptionRemoved',
      'ReminderCancelled',
      'ReminderFailed',
      'ReminderScheduled',
      'ReminderSent',
      'SessionEnded',
      'TaskAssigned',
      'TaskChanged',
      'TaskCompleted',
      'TaskCreated',
      'TaskDeleted',
      'TaskReopened',
      'TaskRestored',
      'TaskUnassigned',
      'TaskUpdated',
    ]);
    const committed = JSON.parse(readFileSync(path.join(__dirname, '../../../docs/asyncapi.json'), 'utf8'));
    expect(committed).toEqual(buildAsyncApiDocument());
  });
});
