/**
 * The service commands' log (worker, schedule, enqueue): pino, one JSON object per line when stdout is not
 * a terminal (for a log collector), readable lines when it is (`12:00:03 INFO  acme/app: done …`). Every
 * line goes through the run's redactor before it is written, so a secret that reached a message never
 * reaches the log.
 */
import { pino, type Logger } from 'pino';
import type { Redactor } from './redact.js';

export type { Logger };

export interface LoggerOptions {
  redactor?: Redactor;
  /** Readable lines instead of JSON (default: whether stdout is a terminal). */
  pretty?: boolean;
  level?: string;
  /** Where lines go (default stdout). */
  write?: (line: string) => void;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'name']);

/** One JSON log line as a readable one: time, level, message, then the other fields as key=value. */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !SKIP.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${time} ${LEVELS[entry.level as number] ?? 'INFO '} ${String(entry.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}\n`;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const redact = (line: string) => (options.redactor ? options.redactor.redact(line) : line);
  return pino(
    { level: options.level ?? process.env.LOG_LEVEL ?? 'info', base: undefined },
    { write: (line: string) => write(redact(pretty ? readableLine(line) : line)) },
  );
}
