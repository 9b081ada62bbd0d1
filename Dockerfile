# syntax=docker/dockerfile:1.7
# Upkeep's container image: the CLI on Node 24, with git (for git-based lookups and, later, pushes).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY config ./config
COPY scripts/bundle-cli.mjs scripts/check-builtin-presets.mjs ./scripts/
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
USER node
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["--help"]
