# syntax=docker/dockerfile:1
# Multi-stage build: install + build the workspace, deploy the server with production
# dependencies only, run it as an unprivileged user. `pnpm build` output is what the image runs.
ARG NODE_VERSION=20
FROM node:${NODE_VERSION}-bookworm-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH
RUN npm i -g pnpm@10.34.8
WORKDIR /src

FROM base AS build
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile \
	&& pnpm build \
	&& pnpm --filter @videotogether/server --prod deploy /out

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production APP_HOST=0.0.0.0 APP_PORT=5000 APP_DATA_DIR=/data
WORKDIR /app
COPY --from=build /out ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 5000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
	CMD node -e "fetch('http://127.0.0.1:'+(process.env.APP_PORT||5000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/server.js"]
