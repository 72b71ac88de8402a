import { AppId, Component, Secret, type TaskUpdate } from '@taskmesh/contracts';
import { accessTokenVerifier, bootService, grantsThroughApp, withPersonalTokens } from '@taskmesh/platform';
import { buildApp } from './app';
import { createEndedSessions } from './domain/ended-sessions';
import { fetchMemberships } from './domain/fetch-memberships';
import { createReplayBuffer } from './domain/replay-buffer';
import { createSocketHub, type ProjectUpdate } from './domain/socket-hub';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ env, logger, dapr }) => {
  const jwtPublicKey = await dapr.getSecret(Component.secretStore, Secret.jwtPublicKey);
  const ring = { size: env.REPLAY_SIZE, ttlSeconds: env.REPLAY_TTL_SECONDS };
  const replays = {
    user: createReplayBuffer<TaskUpdate>(dapr, ring),
    project: createReplayBuffer<ProjectUpdate>(dapr, { ...ring, prefix: 'project:' }),
  };
  const endedSessions = createEndedSessions(dapr, logger);
  const hub = createSocketHub({
    // Sign-in tokens, and personal access tokens through tasks-api (decision 013).
    tokens: withPersonalTokens(accessTokenVerifier(jwtPublicKey), grantsThroughApp(dapr, AppId.tasksApi, logger)),
    replay: replays.user,
    projectReplay: replays.project,
    memberships: (userId) => fetchMemberships(dapr, userId),
    maxProjectsPerSocket: env.MAX_PROJECTS_PER_SOCKET,
    endedSessions,
    logger,
    maxBufferedBytes: env.MAX_BUFFERED_BYTES,
    maxSocketsPerUser: env.MAX_SOCKETS_PER_USER,
    corsOrigins: env.CORS_ORIGINS,
  });
  // Open sockets would hold the graceful shutdown until its timeout: close them first.
  process.once('SIGTERM', () => hub.disconnectAll());
  return {
    app: buildApp({ hub, replays, endedSessions, logger, appApiToken: env.APP_API_TOKEN }),
    onListening: (server) => hub.attach(server),
  };
});
