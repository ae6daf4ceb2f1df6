import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger (JSON lines on stdout). Request URLs are never logged with their query string,
 * and `token`/`authorization`/`password` fields are redacted wherever they appear.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'concord' },
    redact: {
      paths: ['token', '*.token', 'password', '*.password', 'authorization', '*.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}
