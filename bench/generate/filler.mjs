/**
 * The files whose size varies most in real repositories, written to a byte budget: ConfigMaps holding
 * whole config files, heavily commented Helm values (Bitnami style), and vendored CRDs with big schemas.
 */
import { publicImage, sidecarImage } from './images.mjs';
import { camel, indent, labels, lines, sentence, snake, uniqueKey } from './text.mjs';

/** One embedded config file, as the value of a ConfigMap `data` key. */
function configFile(rng, app, usedNames) {
  const keys = new Set();
  const kind = rng.pick(['yaml', 'properties', 'json', 'nginx', 'toml']);
  const out = [];
  const n = rng.int(8, 30);
  if (kind === 'yaml') {
    out.push(['application.yaml', 'server:', '  port: 8080', `  name: ${app}`]);
    for (let i = 0; i < n; i++)
      out[0].push(`${uniqueKey(keys, camel(rng))}:`, `  ${camel(rng, 1)}: ${rng.int(1, 5000)}`, `  ${camel(rng, 2)}Mode: "${rng.pick(['on', 'off', app])}"`);
  } else if (kind === 'properties') {
    out.push(['application.properties', `spring.application.name=${app}`]);
    for (let i = 0; i < n; i++) out[0].push(`${app}.${camel(rng)}.${camel(rng, 1)}=${rng.int(0, 10000)}`);
  } else if (kind === 'json') {
    out.push(['settings.json', '{', `  "service": "${app}",`]);
    for (let i = 0; i < n; i++) out[0].push(`  "${uniqueKey(keys, camel(rng))}": { "enabled": ${rng.chance(0.5)}, "value": ${rng.int(0, 999)} },`);
    out[0].push('  "version": 2', '}');
  } else if (kind === 'nginx') {
    out.push(['nginx.conf', 'worker_processes auto;', 'events { worker_connections 1024; }', 'http {']);
    for (let i = 0; i < n; i++)
      out[0].push(`  location /${camel(rng, 1)}/${i} {`, `    proxy_pass http://${app}:8080;`, `    proxy_read_timeout ${rng.int(5, 120)}s;`, '  }');
    out[0].push('}');
  } else {
    out.push(['config.toml', '[server]', `name = "${app}"`]);
    for (let i = 0; i < n; i++) out[0].push(`[${camel(rng, 1)}_${i}]`, `${camel(rng, 1)} = ${rng.int(0, 100)}`, `${camel(rng, 2)} = "${sentence(rng, 2, 4)}"`);
  }
  const [file, ...body] = out[0];
  const name = uniqueKey(usedNames, file);
  return `${name}: |\n${indent(body.join('\n'), 2)}`;
}

/** ConfigMap of an app, filled with config files and plain keys until `budget` bytes. */
export function configMap(rng, { app, team }, budget) {
  const head = lines(
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${app}-config`,
    `  namespace: ${team}`,
    '  labels:',
    indent(labels(app, team), 4),
    'data:',
  );
  const used = new Set(['LOG_FORMAT', 'SERVICE_NAME']);
  const data = [`LOG_FORMAT: json`, `SERVICE_NAME: ${app}`];
  let size = head.length + 40;
  while (size < budget) {
    const entry = rng.chance(0.6)
      ? `${uniqueKey(used, snake(rng, rng.int(1, 3)))}: "${rng.pick([rng.int(0, 9999), 'true', 'false', sentence(rng, 1, 3)])}"`
      : configFile(rng, app, used);
    data.push(entry);
    size += entry.length + 3;
  }
  return `${head}\n${indent(data.join('\n'), 2)}\n`;
}

/** A Bitnami-style values section: `## @param` comments, sometimes an image map. */
function valuesSection(rng, index) {
  const key = `${camel(rng)}${index}`;
  const body = [`## @section ${sentence(rng, 2, 4).replace(/\.$/, '')} parameters`, '##', `${key}:`];
  const params = rng.int(3, 9);
  const used = new Set(['image']);
  for (let i = 0; i < params; i++) {
    const param = uniqueKey(used, camel(rng, rng.int(1, 2)));
    body.push(`  ## @param ${key}.${param} ${sentence(rng)}`, '  ##');
    body.push(`  ${param}: ${rng.pick(['true', 'false', '""', '[]', '{}', rng.int(1, 65535), `"${rng.pick(['ClusterIP', 'IfNotPresent', 'info'])}"`])}`);
  }
  if (rng.chance(0.35)) {
    const image = rng.chance(0.5) ? publicImage(rng) : sidecarImage(rng);
    const slash = image.name.indexOf('/');
    const hasRegistry = slash > 0 && /[.:]/.test(image.name.slice(0, slash));
    body.push(
      `  ## @param ${key}.image.registry [default: REGISTRY_NAME] image registry`,
      `  ## @param ${key}.image.repository [default: REPOSITORY_NAME] image repository`,
      '  ##',
      '  image:',
      `    registry: ${hasRegistry ? image.name.slice(0, slash) : 'docker.io'}`,
      `    repository: ${hasRegistry ? image.name.slice(slash + 1) : image.name}`,
      `    tag: ${rng.chance(0.3) ? `"${image.tag}"` : image.tag}`,
      `    digest: "${image.digest ?? ''}"`,
      '    pullPolicy: IfNotPresent',
    );
  }
  return body.join('\n');
}

/** Sections appended to a values file until it reaches `budget` bytes. */
export function valuesFiller(rng, currentSize, budget) {
  const out = [];
  let size = currentSize;
  for (let i = 0; size < budget; i++) {
    const section = valuesSection(rng, i);
    out.push(section);
    size += section.length + 2;
  }
  return out.join('\n\n');
}

function schemaProperties(rng, depth, budget) {
  const out = [];
  const used = new Set();
  let size = 0;
  while (size < budget) {
    // Operator CRDs (Prometheus, CloudNativePG, …) describe `image` fields, so the text gate for
    // image keys lets them through and they get parsed in full: keep that cost in the benchmark.
    const name = uniqueKey(used, rng.chance(0.01) ? 'image' : camel(rng, rng.int(1, 3)));
    const type = depth < 5 && rng.chance(0.3) ? 'object' : rng.pick(['string', 'integer', 'boolean', 'array']);
    const entry = [`${name}:`, `  description: ${sentence(rng, 6, 20)}`, `  type: ${type}`];
    if (type === 'object') {
      const inner = schemaProperties(rng, depth + 1, Math.min(budget - size, rng.int(400, 6000)));
      entry.push('  properties:', indent(inner, 4));
    } else if (type === 'array') {
      entry.push('  items:', '    type: string');
    } else if (type === 'string' && rng.chance(0.2)) {
      entry.push(`  enum: [${camel(rng, 1)}, ${camel(rng, 1)}]`);
    }
    const text = entry.join('\n');
    out.push(text);
    size += text.length + 1;
  }
  return out.join('\n');
}

/** A vendored CustomResourceDefinition (no images, lots of YAML). */
export function customResourceDefinition(rng, { group, kind }, budget) {
  const plural = `${kind.toLowerCase()}s`;
  const head = lines(
    '---',
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  annotations:',
    '    controller-gen.kubebuilder.io/version: v0.16.3',
    `  name: ${plural}.${group}`,
    'spec:',
    `  group: ${group}`,
    '  names:',
    `    kind: ${kind}`,
    `    listKind: ${kind}List`,
    `    plural: ${plural}`,
    `    singular: ${kind.toLowerCase()}`,
    '  scope: Namespaced',
    '  versions:',
    '    - name: v1',
    '      served: true',
    '      storage: true',
    '      schema:',
    '        openAPIV3Schema:',
    '          type: object',
    '          properties:',
    '            spec:',
    '              type: object',
    '              properties:',
  );
  return `${head}\n${indent(schemaProperties(rng, 0, Math.max(budget - head.length, 200)), 16)}\n`;
}
