/**
 * `upkeep serve`: what an operator looks at. `/healthz` (the process answers), `/readyz` (Redis answers),
 * `/metrics` (Prometheus), `/` the status page, `/report/<key>` a repository's last report (JSON), `/queue/`
 * the queue view (bull-board). Read only: nothing here changes the queue or a repository.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { QUEUE_NAME, QUEUE_PREFIX } from '../queue/jobs.js';
import { readReport, readStatuses } from '../queue/status.js';
import { createMetrics } from './metrics.js';
import { createQueueView, QUEUE_VIEW_PATH } from './queue-view.js';
import { renderStatusPage } from './status-page.js';
import type { RedisConnection } from '../util/redis.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

async function redisAnswers(redis: RedisConnection, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const ping = redis.ping().then(
    (answer) => answer === 'PONG',
    () => false,
  );
  const ok = await Promise.race([ping, timeout]);
  clearTimeout(timer);
  return ok;
}

export async function startServer(options: { redis: RedisConnection; port: number; host?: string }): Promise<RunningServer> {
  const { redis } = options;
  const metrics = createMetrics(redis);
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: QUEUE_PREFIX });
  const queueView = createQueueView(queue);
  const server: Server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const path = new URL(req.url ?? '/', 'http://upkeep').pathname;
    void (async () => {
      try {
        if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'read only\n');
        if (path === '/healthz') return send(200, 'text/plain', 'ok\n');
        if (path === QUEUE_VIEW_PATH || path.startsWith(`${QUEUE_VIEW_PATH}/`)) return queueView(req, res);
        if (path === '/readyz') return (await redisAnswers(redis)) ? send(200, 'text/plain', 'ready\n') : send(503, 'text/plain', 'redis does not answer\n');
        if (path === '/metrics') return send(200, metrics.registry.contentType, await metrics.registry.metrics());
        if (path.startsWith('/report/')) {
          const report = await readReport(redis, decodeURIComponent(path.slice('/report/'.length)));
          return report ? send(200, 'application/json', report) : send(404, 'text/plain', 'no report for that repository\n');
        }
        if (path === '/') {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          return send(200, 'text/html; charset=utf-8', renderStatusPage(await readStatuses(redis), counts));
        }
        return send(404, 'text/plain', 'not found\n');
      } catch (err) {
        send(503, 'text/plain', `unavailable: ${(err as Error).message.split('\n')[0]}\n`);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '0.0.0.0', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await metrics.close();
      await queue.close();
    },
  };
}
