/** Compose files: local development stacks with images, builds, variables and x- anchors. */
import { ownImage, publicImage, refString } from './images.mjs';
import { BLANK, lines } from './text.mjs';

function serviceBlock(rng, name, image) {
  return lines(
    `  ${name}:`,
    `    image: ${image}`,
    `    restart: ${rng.pick(['unless-stopped', 'always', 'on-failure'])}`,
    rng.chance(0.5) ? '    <<: *default-logging' : '',
    '    environment:',
    `      - TZ=${rng.pick(['UTC', 'Europe/Berlin'])}`,
    `      - LOG_LEVEL=${rng.pick(['info', 'debug'])}`,
    rng.chance(0.6) ? `    ports:\n      - "${rng.int(3000, 9999)}:${rng.pick([80, 8080, 5432, 6379])}"` : '',
    rng.chance(0.5) ? `    volumes:\n      - ${name}-data:/data` : '',
    rng.chance(0.3) ? '    healthcheck:\n      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]\n      interval: 30s\n      retries: 3' : '',
  );
}

export function composeFile(rng, { project }) {
  const services = [];
  const volumes = [];
  const count = rng.int(2, 7);
  for (let i = 0; i < count; i++) {
    const form = rng.weighted([
      [55, 'public'],
      [20, 'own'],
      [12, 'variable'],
      [8, 'build'],
      [5, 'default-var'],
    ]);
    const name =
      form === 'own' || form === 'build'
        ? `${project}-${rng.pick(['api', 'web', 'worker'])}${i}`
        : `${rng.pick(['db', 'cache', 'queue', 'proxy', 'search', 'mail'])}${i}`;
    let image;
    if (form === 'own') image = refString(ownImage(rng, project));
    else if (form === 'variable') image = `${publicImage(rng).name}:\${${name.toUpperCase()}_VERSION}`;
    else if (form === 'default-var') image = `\${${name.toUpperCase()}_IMAGE:-${refString(publicImage(rng))}}`;
    else image = refString(publicImage(rng));
    if (form === 'build') {
      services.push(
        lines(
          `  ${name}:`,
          '    build:',
          '      context: .',
          '      dockerfile: Dockerfile',
          `    image: ghcr.io/acme-corp/${project}:dev`,
          '    depends_on:',
          '      - db0',
        ),
      );
    } else {
      services.push(serviceBlock(rng, name, rng.chance(0.2) ? `"${image}"` : image));
      volumes.push(`  ${name}-data: {}`);
    }
  }
  return `${lines(
    rng.chance(0.4) ? `version: "${rng.pick(['3.8', '3.9', '2.4'])}"` : '',
    'x-default-logging: &default-logging',
    '  logging:',
    '    driver: json-file',
    '    options:',
    '      max-size: "10m"',
    BLANK,
    'services:',
    services.join('\n'),
    volumes.length > 0 ? `\nvolumes:\n${volumes.join('\n')}` : '',
  )}\n`;
}
