import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger (JSON lines on stdout, or on `destination`: tests read what it wrote). Request URLs
 * are never logged with their query string, and `token`/`authorization`/`password` fields are redacted
 * wherever they appear.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'concord' },
    redact: {
      paths: ['token', '*.token', 'password', '*.password', 'authorization', '*.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
