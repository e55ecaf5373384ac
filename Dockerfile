# syntax=docker/dockerfile:1
# The bridge's Node runtime on the embedded libSQL file: built in one stage, run in a small one
# as a non-root user, the database on a volume.   docker build -t jira-tracker-bridge .
ARG NODE_VERSION=24.22.3

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    PORT=8787 \
    DATABASE_URL=file:/data/bridge.db \
    BRIDGE_CONFIG=/app/config/bridge.config.json
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
# The server's own /health: 200 while the database answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM stops intake and finishes the job in hand within SHUTDOWN_GRACE_SECONDS (default 8 s).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/runtime/node/server.js"]
