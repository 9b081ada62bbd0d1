/**
 * The Helm repository on loopback: `GET /charts/index.yaml` (with ETag, 304 on a match), every request
 * counted by method and path, so each tool's requests can be told apart run by run.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

export async function startHelmRepository(indexYaml) {
  const body = Buffer.from(indexYaml);
  const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
  const log = [];
  const server = createServer((req, res) => {
    log.push({ method: req.method, path: req.url });
    if (req.url.split('?')[0] !== '/charts/index.yaml') return void res.writeHead(404).end();
    res.setHeader('etag', etag);
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/x-yaml', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/charts`,
    host: `127.0.0.1:${port}`,
    accessLog: () => log.slice(),
    clearAccessLog: () => log.splice(0),
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
