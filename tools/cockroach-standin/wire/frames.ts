// Pull-style framing over a socket: each connection runs one async loop that awaits the next message, so a slow
// engine call stalls only its own connection, and the reader can be detached for the TLS upgrade.
import type { Duplex } from 'node:stream';
import { ProtocolError } from './messages.js';

/** PostgreSQL's own cap on a startup packet; regular messages get a larger, still bounded, budget. */
const MAX_STARTUP_LENGTH = 10_000;
const MAX_MESSAGE_LENGTH = 64 * 1024 * 1024;
/** Stop reading from a client that sends faster than its connection is served. */
const HIGH_WATER = 1024 * 1024;

export type TypedMessage = { type: string; body: Buffer };

export type FrameReader = {
  /** The body (after the length word) of an untyped startup-phase packet; null at end of stream. */
  readStartup(): Promise<Buffer | null>;
  readMessage(): Promise<TypedMessage | null>;
  /** Bytes received but not yet consumed: after SSLRequest they would be plaintext smuggled past the upgrade. */
  buffered(): number;
  detach(): void;
};

export const createFrameReader = (stream: Duplex): FrameReader => {
  let buf: Buffer = Buffer.alloc(0);
  let ended = false;
  let wake: (() => void) | null = null;

  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onData = (chunk: Buffer): void => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    if (buf.length > HIGH_WATER && wake === null) stream.pause();
    notify();
  };
  const onEnd = (): void => {
    ended = true;
    notify();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('close', onEnd);
  stream.on('error', onEnd);

  const fill = async (n: number): Promise<boolean> => {
    while (buf.length < n) {
      if (ended) return false;
      stream.resume();
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return true;
  };
  const take = (n: number): Buffer => {
    const out = buf.subarray(0, n);
    buf = buf.subarray(n);
    return out;
  };

  return {
    async readStartup() {
      if (!(await fill(4))) return null;
      const len = buf.readInt32BE(0);
      if (len < 8 || len > MAX_STARTUP_LENGTH) throw new ProtocolError(`invalid startup packet length ${len}`);
      if (!(await fill(len))) return null;
      return take(len).subarray(4);
    },
    async readMessage() {
      if (!(await fill(5))) return null;
      const type = String.fromCharCode(buf[0] ?? 0);
      const len = buf.readInt32BE(1);
      if (len < 4 || len > MAX_MESSAGE_LENGTH) throw new ProtocolError(`invalid length ${len} for message type "${type}"`);
      if (!(await fill(len + 1))) return null;
      return { type, body: take(len + 1).subarray(5) };
    },
    buffered: () => buf.length,
    detach() {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onEnd);
    },
  };
};

export type FrameWriter = {
  send(msg: Buffer): void;
  /** Writes what is queued and waits for the socket to drain, so a huge result cannot pile up in memory. */
  flush(): Promise<void>;
  /** flush() once enough is queued to be worth a write; called between rows of a large result. */
  flushIfLarge(): Promise<void>;
  setStream(stream: Duplex): void;
};

const FLUSH_AT = 64 * 1024;

export const createFrameWriter = (initial: Duplex): FrameWriter => {
  let stream = initial;
  let queue: Buffer[] = [];
  let queued = 0;

  const flush = async (): Promise<void> => {
    const data = Buffer.concat(queue);
    queue = [];
    queued = 0;
    if (data.length === 0 || stream.destroyed || stream.write(data)) return;
    const s = stream;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        s.off('drain', done);
        s.off('close', done);
        resolve();
      };
      s.on('drain', done);
      s.on('close', done);
    });
  };

  return {
    send(msg) {
      queue.push(msg);
      queued += msg.length;
    },
    flush,
    flushIfLarge: () => (queued >= FLUSH_AT ? flush() : Promise.resolve()),
    setStream(s) {
      stream = s;
    },
  };
};
