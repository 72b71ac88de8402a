// The ceiling of realtime fan-out (issue 21): socket.io alone, with no
// upstream (no tasks-api, no Kafka, no sidecar), sending updates shaped like
// realtime-sync's to per-user rooms. Each socket names its room in `auth`.
// POST /run?rate=R&seconds=S&rooms=N sends R updates a second for S seconds,
// update i to room i % N, each stamped with its send time; it answers when done.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be a port');

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method !== 'POST' || url.pathname !== '/run') {
    res.writeHead(404).end();
    return;
  }
  const rate = Number(url.searchParams.get('rate'));
  const seconds = Number(url.searchParams.get('seconds'));
  const rooms = Number(url.searchParams.get('rooms'));
  const start = performance.now();
  const total = rate * seconds;
  let i = 0;
  // Catch up on every tick (timers are coarse): the rate holds even if a tick is late.
  const tick = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
    for (; i < due; i += 1) {
      const room = `user:${i % rooms}`;
      const now = new Date().toISOString();
      io.to(room).emit('task', {
        type: 'task.updated',
        taskId: `task-${i % rooms}`,
        version: i,
        seq: i,
        projectId: null,
        task: {
          id: `task-${i % rooms}`,
          title: `update-${i}`,
          status: 'todo',
          priority: 'medium',
          tags: [],
          dueAt: null,
          updatedAt: now,
          version: i,
        },
      });
    }
    if (i >= total) {
      clearInterval(tick);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sent: total }));
    }
  }, 5);
});

const io = new Server(http, { transports: ['websocket'] });
io.on('connection', (socket) => {
  const room = (socket.handshake.auth as { room?: unknown }).room;
  if (typeof room === 'string') void socket.join(room);
});
http.listen(port, '127.0.0.1');
