/** CI workflows (GitHub and Gitea Actions) with job containers, services and `docker://` steps. */
import { publicImage, refString } from './images.mjs';
import { BLANK, lines } from './text.mjs';

export function workflow(rng, { name }) {
  const services = rng.chance(0.5)
    ? lines(
        '    services:',
        '      postgres:',
        `        image: ${refString(publicImage(rng))}`,
        '        env:',
        '          POSTGRES_PASSWORD: postgres',
        '        ports:',
        '          - 5432:5432',
        rng.chance(0.4) ? `      redis: redis:${rng.pick(['7.4.1', '7.2'])}` : '',
      )
    : '';
  const container = rng.chance(0.3)
    ? rng.chance(0.5)
      ? `    container: ${refString(publicImage(rng))}`
      : lines('    container:', `      image: ${refString(publicImage(rng))}`, '      options: --user 1001')
    : '';
  return `${lines(
    `name: ${name}`,
    BLANK,
    'on:',
    '  push:',
    '    branches: [main]',
    '  pull_request:',
    BLANK,
    'permissions:',
    '  contents: read',
    '  packages: write',
    BLANK,
    'jobs:',
    '  build:',
    `    runs-on: ${rng.pick(['ubuntu-24.04', 'ubuntu-latest'])}`,
    container,
    services,
    '    steps:',
    `      - uses: actions/checkout@${rng.chance(0.4) ? `${rng.hex(40)} # v4.2.1` : 'v4'}`,
    '      - uses: docker/setup-buildx-action@v3',
    rng.chance(0.4)
      ? `      - name: Lint Dockerfile\n        uses: docker://ghcr.io/hadolint/hadolint:v2.12.0${rng.chance(0.5) ? `@${rng.digest()}` : ''}`
      : '',
    rng.chance(0.3)
      ? '      - name: Validate manifests\n        uses: docker://ghcr.io/yannh/kubeconform:v0.6.7\n        with:\n          args: -strict -summary ./apps'
      : '',
    '      - name: Build and push',
    '        uses: docker/build-push-action@v6',
    '        with:',
    "          push: ${{ github.ref == 'refs/heads/main' }}",
    '          tags: ghcr.io/${{ github.repository }}:${{ github.sha }}',
  )}\n`;
}
