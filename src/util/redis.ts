/**
 * Redis connections (the queue, the shared cache) from `REDIS_URL`. BullMQ needs `maxRetriesPerRequest: null` on the connections its
 * workers block on (they wait for jobs and must not give up while Redis restarts); ioredis reconnects by
 * itself, and BullMQ resumes once it is back.
 *
 * `REDIS_URL` forms:
 * - `redis://[user:password@]host:port[/db]`, `rediss://…` (TLS): one server, as ioredis reads URLs;
 * - `redis+sentinel://[user:password@]sentinel1:26379,sentinel2:26379/<master name>[/db]` (`rediss+sentinel`
 *   for TLS to the master): ioredis asks the Sentinels for the current master and follows failovers.
 *   The password is the master's (and the Sentinels', when they have one).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { InputError } from './errors.js';

const SENTINEL = /^(rediss?)\+sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@]+)\/([^/]+)(?:\/(\d+))?\/?$/;

/** ioredis options for a Sentinel URL, or undefined when the URL is not one. */
export function sentinelOptions(url: string): RedisOptions | undefined {
  const m = SENTINEL.exec(url);
  if (!m) return undefined;
  const [, scheme, user, password, hosts = '', name = '', db] = m;
  const sentinels = hosts.split(',').map((h) => {
    const [host = '', port] = h.split(':');
    if (!host || (port !== undefined && !/^\d+$/.test(port))) throw new InputError(`REDIS_URL: "${h}" is not host:port`);
    return { host, port: port ? Number(port) : 26379 };
  });
  const secret = password ? decodeURIComponent(password) : undefined;
  return {
    sentinels,
    name: decodeURIComponent(name),
    ...(user ? { username: decodeURIComponent(user) } : {}),
    ...(secret ? { password: secret, sentinelPassword: secret } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(scheme === 'rediss' ? { tls: {} } : {}),
  };
}

export function redisConnection(url: string | undefined, options: RedisOptions = {}): Redis {
  if (!url) throw new InputError('the queue needs Redis: set REDIS_URL (or redisUrl in the global config)');
  const defaults: RedisOptions = {
    maxRetriesPerRequest: null,
    // Reconnect forever, a little slower each time, at most every 2 s.
    retryStrategy: (times) => Math.min(times * 100, 2000),
  };
  const sentinel = sentinelOptions(url);
  if (sentinel) return new Redis({ ...defaults, ...sentinel, ...options });
  if (!/^rediss?:\/\//.test(url)) throw new InputError('REDIS_URL: not a redis://, rediss:// or redis+sentinel:// URL');
  return new Redis(url, { ...defaults, ...options });
}
