# lakegate: the watcher in a container (see docs/deploy-azure.md).
# The same install steps .ci/run proves: npm ci (which builds dist/ through the
# `prepare` script with esbuild, a runtime dependency), here without devDependencies.
FROM node:20-slim

WORKDIR /app
COPY package.json package-lock.json ./
COPY src ./src
COPY contracts ./contracts
COPY examples ./examples
COPY data ./data
RUN npm ci --omit=dev && npm cache clean --force

# A non-root user owns only the folders it writes: the inbox, the lakehouse cache and the reports.
RUN useradd --create-home --uid 10001 lakegate && mkdir -p /data/inbox /data/cache /data/reports && chown -R lakegate /data
USER lakegate
ENV NODE_ENV=production XDG_CACHE_HOME=/data/cache

# No secrets here: credentials come from the environment at run time
# (a managed identity through AZURE_STORAGE_ACCOUNT_URL, or AZURE_STORAGE_CONNECTION_STRING).
ENTRYPOINT ["node", "dist/lakegate.mjs"]
CMD ["watch", "--inbox", "/data/inbox", "--lakehouse", "/data/lakehouse", "--reports", "/data/reports"]
