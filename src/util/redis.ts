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
 * - `redis+cluster://[user:password@]node1:6379,node2:6379` (`rediss+cluster` for TLS): a Redis Cluster,
 *   found from those nodes. The queue's keys share a hash tag (QUEUE_PREFIX), as do the status keys.
 */

/** A single server (direct or through Sentinels) or a Cluster: they speak the same commands. */
export type RedisConnection = Redis | Cluster;
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { InputError } from './errors.js';

const CLUSTER = /^(rediss?)\+cluster:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@]+)\/?$/;
const SENTINEL = /^(rediss?)\+sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@]+)\/([^/]+)(?:\/(\d+))?\/?$/;

/** ioredis options for a Sentinel URL, or undefined when the URL is not one. */
export function sentinelOptions(url: string): RedisOptions | undefined {
  const m = SENTINEL.exec(url);
  if (!m) return undefined;
  const [, scheme, user, password, hosts = '', name = '', db] = m;
  const sentinels = hostPorts(hosts, 26379);
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

function hostPorts(list: string, defaultPort: number): { host: string; port: number }[] {
  return list.split(',').map((h) => {
    const [host = '', port] = h.split(':');
    if (!host || (port !== undefined && !/^\d+$/.test(port))) throw new InputError(`REDIS_URL: "${h}" is not host:port`);
    return { host, port: port ? Number(port) : defaultPort };
  });
}

/** A Cluster for a `redis+cluster://` URL, or undefined when the URL is not one. */
function clusterConnection(url: string, options: RedisOptions): Cluster | undefined {
  const m = CLUSTER.exec(url);
  if (!m) return undefined;
  const [, scheme, user, password, hosts = ''] = m;
  return new Cluster(hostPorts(hosts, 6379), {
    clusterRetryStrategy: (times) => Math.min(times * 100, 2000),
    redisOptions: {
      ...options,
      ...(user ? { username: decodeURIComponent(user) } : {}),
      ...(password ? { password: decodeURIComponent(password) } : {}),
      ...(scheme === 'rediss' ? { tls: {} } : {}),
    },
  });
}

export function redisConnection(url: string | undefined, options: RedisOptions = {}): RedisConnection {
  if (!url) throw new InputError('the queue needs Redis: set REDIS_URL (or redisUrl in the global config)');
  const defaults: RedisOptions = {
    maxRetriesPerRequest: null,
    // Reconnect forever, a little slower each time, at most every 2 s.
    retryStrategy: (times) => Math.min(times * 100, 2000),
  };
  const sentinel = sentinelOptions(url);
  if (sentinel) return new Redis({ ...defaults, ...sentinel, ...options });
  const cluster = clusterConnection(url, { ...defaults, ...options });
  if (cluster) return cluster;
  if (!/^rediss?:\/\//.test(url)) throw new InputError('REDIS_URL: not a redis://, rediss://, redis+sentinel:// or redis+cluster:// URL');
  return new Redis(url, { ...defaults, ...options });
}
