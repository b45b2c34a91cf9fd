// Backend message encoding and frontend body decoding for PostgreSQL protocol v3. Values cross the engine seam
// already in text format, so encoding never looks at a value beyond its UTF-8 bytes.
import type { ResultField, TxStatus } from '../sql/engine.types.js';

/** A malformed or unsupported frontend message: the client sees SQLSTATE 08P01 (protocol_violation). */
export class ProtocolError extends Error {
  constructor(
    message: string,
    /** Fatal errors close the connection; the rest leave it usable (e.g. an unsupported binary format). */
    readonly fatal = true,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export type ErrorFields = {
  severity: 'ERROR' | 'FATAL';
  code: string;
  message: string;
  detail?: string | undefined;
  hint?: string | undefined;
};

const cstr = (s: string): Buffer => Buffer.from(`${s}\0`, 'utf8');

const int16 = (n: number): Buffer => {
  const b = Buffer.allocUnsafe(2);
  b.writeInt16BE(n);
  return b;
};

const int32 = (n: number): Buffer => {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n);
  return b;
};

/** A typed backend message: type byte, length (counting itself), body. */
export const frame = (type: string, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  const head = Buffer.allocUnsafe(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};

export const authenticationOk = (): Buffer => frame('R', int32(0));
export const authenticationCleartextPassword = (): Buffer => frame('R', int32(3));
export const parameterStatus = (name: string, value: string): Buffer => frame('S', cstr(name), cstr(value));
export const backendKeyData = (pid: number, key: number): Buffer => frame('K', int32(pid), int32(key));
export const readyForQuery = (status: TxStatus): Buffer => frame('Z', Buffer.from(status, 'latin1'));
export const commandComplete = (tag: string): Buffer => frame('C', cstr(tag));
export const emptyQueryResponse = (): Buffer => frame('I');
export const parseComplete = (): Buffer => frame('1');
export const bindComplete = (): Buffer => frame('2');
export const closeComplete = (): Buffer => frame('3');
export const noData = (): Buffer => frame('n');
export const portalSuspended = (): Buffer => frame('s');

export const negotiateProtocolVersion = (minor: number, unrecognised: string[]): Buffer =>
  frame('v', int32((3 << 16) | minor), int32(unrecognised.length), ...unrecognised.map(cstr));

export const parameterDescription = (oids: number[]): Buffer => frame('t', int16(oids.length), ...oids.map(int32));

// Fixed-width types get their real typlen so drivers that look at it are not surprised; everything else is varlena.
const TYPLEN: Record<number, number> = { 16: 1, 18: 1, 20: 8, 21: 2, 23: 4, 26: 4, 700: 4, 701: 8, 1082: 4, 1114: 8, 1184: 8, 2950: 16 };

export const rowDescription = (fields: ResultField[]): Buffer =>
  frame(
    'T',
    int16(fields.length),
    ...fields.flatMap((f) => [cstr(f.name), int32(0), int16(0), int32(f.typeOid), int16(TYPLEN[f.typeOid] ?? -1), int32(-1), int16(0)]),
  );

export const dataRow = (values: (string | null)[]): Buffer =>
  frame(
    'D',
    int16(values.length),
    ...values.flatMap((v) => {
      if (v === null) return [int32(-1)];
      const bytes = Buffer.from(v, 'utf8');
      return [int32(bytes.length), bytes];
    }),
  );

export const errorResponse = (e: ErrorFields): Buffer => {
  const fields: [string, string | undefined][] = [
    ['S', e.severity],
    ['V', e.severity],
    ['C', e.code],
    ['M', e.message],
    ['D', e.detail],
    ['H', e.hint],
  ];
  const parts = fields.filter((f): f is [string, string] => f[1] !== undefined).map(([k, v]) => Buffer.concat([Buffer.from(k, 'latin1'), cstr(v)]));
  return frame('E', ...parts, Buffer.from([0]));
};

/** Sequential reads over a frontend message body; running off the end is a protocol violation, never a crash. */
export const bodyReader = (body: Buffer) => {
  let at = 0;
  const need = (n: number): void => {
    if (n < 0 || at + n > body.length) throw new ProtocolError('message body is shorter than its contents claim');
  };
  return {
    byte: (): string => {
      need(1);
      return String.fromCharCode(body[at++] ?? 0);
    },
    int16: (): number => {
      need(2);
      const v = body.readInt16BE(at);
      at += 2;
      return v;
    },
    int32: (): number => {
      need(4);
      const v = body.readInt32BE(at);
      at += 4;
      return v;
    },
    bytes: (n: number): Buffer => {
      need(n);
      const v = body.subarray(at, at + n);
      at += n;
      return v;
    },
    cstring: (): string => {
      const end = body.indexOf(0, at);
      if (end < 0) throw new ProtocolError('unterminated string in message body');
      const v = body.toString('utf8', at, end);
      at = end + 1;
      return v;
    },
    remaining: (): number => body.length - at,
  };
};

export type BodyReader = ReturnType<typeof bodyReader>;
