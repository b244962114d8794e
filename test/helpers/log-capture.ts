import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export interface CapturedLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines land in `lines`, for tests that check what was logged. */
export function captureLogs(level = 'debug'): { logger: Logger; lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as CapturedLine);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}
