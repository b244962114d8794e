# The local stand-in for node:20-bookworm-slim: a debootstrapped Debian bookworm with the
# machine's node and npm at the paths the official image uses and a `node` user (uid 1000).
ARG ROOTFS
FROM ${ROOTFS}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
CMD ["node"]
