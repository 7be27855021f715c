// Structured JSON logs (pino) for the sender; CloudWatch Logs Insights can query every field.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'orgpulse-sender' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

/** For library callers that pass no logger (tests, the simulator). */
export const silentLogger: Logger = pino({ level: 'silent' });
