/**
 * Redis connections for the queue. BullMQ needs `maxRetriesPerRequest: null` on the connections its
 * workers block on (they wait for jobs and must not give up while Redis restarts); ioredis reconnects by
 * itself, and BullMQ resumes once it is back. `REDIS_URL` takes what ioredis takes as a URL
 * (`redis://`, `rediss://` with TLS, a password in the URL's user info).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { InputError } from '../util/errors.js';

export function redisConnection(url: string | undefined, options: RedisOptions = {}): Redis {
  if (!url) throw new InputError('the queue needs Redis: set REDIS_URL (or redisUrl in the global config)');
  if (!/^rediss?:\/\//.test(url)) throw new InputError('REDIS_URL: not a redis:// or rediss:// URL');
  return new Redis(url, {
    maxRetriesPerRequest: null,
    // Reconnect forever, a little slower each time, at most every 2 s.
    retryStrategy: (times) => Math.min(times * 100, 2000),
    ...options,
  });
}
