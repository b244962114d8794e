# Redis 7 from Debian's package, in the foreground, as the official image runs it.
ARG ROOTFS
FROM ${ROOTFS}
RUN mkdir -p /data && chown redis:redis /data
WORKDIR /data
EXPOSE 6379
USER redis
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--dir", "/data"]
