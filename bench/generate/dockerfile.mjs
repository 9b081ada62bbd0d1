/** Dockerfiles: multi-stage builds with ARG-templated bases, `COPY --from`, syntax directives. */
import { LANGUAGES } from './catalog.mjs';

export function dockerfile(rng, { app }) {
  const lang = rng.pick(LANGUAGES);
  const tag = rng.pick(lang.tags);
  const digest = rng.chance(0.2) ? `@${rng.digest()}` : '';
  const out = [];
  if (rng.chance(0.4)) out.push(`# syntax=docker/dockerfile:${rng.pick(['1', '1.10', '1.9.0'])}`, '');
  const useArg = rng.chance(0.35);
  if (useArg) out.push(`ARG BASE_IMAGE=${lang.base}:${tag}${digest}`);
  out.push(`# Build ${app}`);
  out.push(useArg ? 'FROM ${BASE_IMAGE} AS build' : `FROM ${rng.chance(0.3) ? '--platform=$BUILDPLATFORM ' : ''}${lang.base}:${tag}${digest} AS build`);
  out.push('WORKDIR /src', 'COPY . .');
  out.push(rng.chance(0.5) ? 'RUN --mount=type=cache,target=/root/.cache \\\n    make build' : 'RUN make deps && \\\n    make build && \\\n    make test');
  if (rng.chance(0.2)) out.push('', 'FROM scratch AS certs', 'COPY --from=alpine:3.20.3 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/');
  out.push('', `FROM ${lang.runtime}`);
  out.push('COPY --from=build /src/dist /app');
  if (rng.chance(0.2)) out.push(`COPY --from=ghcr.io/acme-corp/tools:${rng.int(1, 3)}.${rng.int(0, 9)}.0 /usr/local/bin/healthcheck /usr/local/bin/`);
  out.push('USER 65532:65532', 'EXPOSE 8080', 'ENTRYPOINT ["/app/server"]');
  return `${out.join('\n')}\n`;
}
