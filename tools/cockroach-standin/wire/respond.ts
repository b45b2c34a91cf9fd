// What both query protocols share: streaming rows and turning anything thrown into an ErrorResponse.
import { SqlError, type ResultSet } from '../sql/engine.types.js';
import type { FrameWriter } from './frames.js';
import { commandComplete, dataRow, rowDescription, ProtocolError, type ErrorFields } from './messages.js';

export const sendRows = async (writer: FrameWriter, rows: ResultSet['rows']): Promise<void> => {
  for (const row of rows) {
    writer.send(dataRow(row));
    await writer.flushIfLarge();
  }
};

/** Simple-protocol shape: RowDescription only for row-returning statements, then rows and the tag. */
export const sendResultSet = async (writer: FrameWriter, r: ResultSet): Promise<void> => {
  if (r.fields.length > 0) writer.send(rowDescription(r.fields));
  await sendRows(writer, r.rows);
  writer.send(commandComplete(r.command));
};

/** Engine bugs (anything not a SqlError) are reported as XX000 and logged; they never take the process down. */
export const toErrorFields = (e: unknown, log: (msg: string) => void): ErrorFields => {
  if (e instanceof SqlError) {
    return { severity: e.extra.severity ?? 'ERROR', code: e.code, message: e.message, detail: e.extra.detail, hint: e.extra.hint };
  }
  if (e instanceof ProtocolError) return { severity: e.fatal ? 'FATAL' : 'ERROR', code: '08P01', message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  log(`internal error: ${e instanceof Error && e.stack !== undefined ? e.stack : message}`);
  return { severity: 'ERROR', code: 'XX000', message: `internal error: ${message}` };
};
