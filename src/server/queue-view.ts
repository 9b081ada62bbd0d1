/**
 * The queue view at `/queue/`: bull-board (jobs by state, their data, errors and results), read only —
 * no retrying, cleaning or removing from the page; the queue is the workers' business.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const QUEUE_VIEW_PATH = '/queue';

export function createQueueView(queue: Queue): (req: IncomingMessage, res: ServerResponse) => void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_VIEW_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue, { readOnlyMode: true })],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Upkeep queue' } },
  });
  const router = adapter.getRouter() as unknown as (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
  return (req, res) => {
    // The router sees paths below the mount point, as express would give them.
    const original = req.url ?? '/';
    req.url = original.slice(QUEUE_VIEW_PATH.length) || '/';
    router(req, res, (err) => {
      res.writeHead(err ? 500 : 404, { 'content-type': 'text/plain' });
      res.end(err ? 'queue view failed\n' : 'not found\n');
    });
  };
}
