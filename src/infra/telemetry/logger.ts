import { pino, type Logger } from 'pino';
import type { Config } from '../../config.js';

export type { Logger };

/** JSON logs in production; pretty only when stdout is a terminal. Secrets are redacted. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, opts: { pretty?: boolean } = {}): Logger {
  const pretty = opts.pretty ?? process.stdout.isTTY;
  return pino({
    level: config.LOG_LEVEL,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.access_token',
        '*.token',
        '*.secret',
        '*.password',
      ],
      censor: '[redacted]',
    },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } }
      : {}),
  });
}
