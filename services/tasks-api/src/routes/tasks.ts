import type { PrismaClient } from '@taskmesh/db';
import { AppError } from '@taskmesh/platform';
import { Router } from 'express';
import { createTask } from '../domain/create-task';
import { ListTasksQuery, listTasks } from '../domain/list-tasks';
import { CreateTaskInput } from '../domain/task-input';
import type { OutboxRelay } from '../events/outbox-relay';
import { actorOf } from './identity';

export function tasksRouter({ prisma, outbox }: { prisma: PrismaClient; outbox: OutboxRelay }): Router {
  const router = Router();

  router.post('/tasks', async (req, res) => {
    const actor = actorOf(req);
    const input = CreateTaskInput.safeParse(req.body ?? {});
    if (!input.success) throw AppError.fromZod(input.error, 'body');
    const created = await createTask(prisma, actor, input.data);
    outbox.publishSoon();
    res
      .status(201)
      .location(`/tasks/${created.task.id}`)
      .setHeader('etag', `"${created.task.version}"`)
      .json(created.task);
  });

  router.get('/tasks', async (req, res) => {
    const actor = actorOf(req);
    const query = ListTasksQuery.safeParse(req.query);
    if (!query.success) throw AppError.fromZod(query.error, 'query');
    res.json({ items: await listTasks(prisma, actor, query.data) });
  });

  return router;
}
