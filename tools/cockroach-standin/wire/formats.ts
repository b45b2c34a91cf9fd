// Format codes of Bind. The engine seam is text-only, so a binary parameter is turned into its text form where the
// type is unambiguous (node-postgres sends every Buffer as binary with type OID 0, meaning bytea in practice) and
// refused otherwise; binary results are refused outright because the wire never interprets a value.
import { ProtocolError } from './messages.js';

const TEXT = 0;
const BINARY = 1;

/** Bind's format-code list: none = all text, one = applies to every column/parameter, else one per item. */
export const formatFor = (codes: number[], index: number): number => (codes.length === 1 ? (codes[0] ?? TEXT) : (codes[index] ?? TEXT));

export const checkFormatCodes = (codes: number[], count: number, what: string): void => {
  if (codes.length > 1 && codes.length !== count) {
    throw new ProtocolError(`bind message has ${codes.length} ${what} formats but ${count} ${what}s`, false);
  }
  for (const c of codes) {
    if (c !== TEXT && c !== BINARY) throw new ProtocolError(`invalid ${what} format code ${c}`, false);
  }
};

const uuidText = (b: Buffer): string => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

const sized = (b: Buffer, n: number, oid: number): Buffer => {
  if (b.length !== n) throw new ProtocolError(`binary value of type OID ${oid} must be ${n} bytes, got ${b.length}`, false);
  return b;
};

/** Text form of a binary parameter of declared type `oid` (0 = unspecified). */
export const binaryParamToText = (value: Buffer, oid: number, index: number): string => {
  switch (oid) {
    case 0:
    case 17:
      return `\\x${value.toString('hex')}`;
    case 16:
      return sized(value, 1, oid)[0] === 0 ? 'f' : 't';
    case 21:
      return String(sized(value, 2, oid).readInt16BE());
    case 23:
      return String(sized(value, 4, oid).readInt32BE());
    case 20:
      return String(sized(value, 8, oid).readBigInt64BE());
    case 700:
      return String(sized(value, 4, oid).readFloatBE());
    case 701:
      return String(sized(value, 8, oid).readDoubleBE());
    case 2950:
      return uuidText(sized(value, 16, oid));
    case 19:
    case 25:
    case 1042:
    case 1043:
      return value.toString('utf8');
    default:
      throw new ProtocolError(`binary format for parameter $${index + 1} (type OID ${oid}) is not supported by this server; send it in text format`, false);
  }
};

export const assertTextResults = (codes: number[], columns: number): void => {
  for (let i = 0; i < columns; i++) {
    if (formatFor(codes, i) !== TEXT) {
      throw new ProtocolError(`binary result format (column ${i + 1}) is not supported by this server; request text format`, false);
    }
  }
};

export const isBinary = (code: number): boolean => code === BINARY;
