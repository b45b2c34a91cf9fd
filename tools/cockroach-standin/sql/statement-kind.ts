// The statement classes the node room counts for /_status/vars (sql_select_count, sql_insert_count, …, sql_ddl_count,
// sql_misc_count), decided by the leading keyword as CockroachDB's metrics do.
import type { Token } from './lexer.js';

export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'ddl' | 'misc';

const DDL = new Set(['create', 'alter', 'drop', 'truncate', 'comment', 'grant', 'revoke', 'rename']);

export const classify = (tokens: Token[]): StatementKind => {
  const w = tokens[0]?.type === 'word' ? tokens[0].value : tokens[0]?.text === '(' ? 'select' : '';
  if (w === 'select' || w === 'with' || w === 'values' || w === 'table') return 'select';
  if (w === 'insert' || w === 'upsert') return 'insert';
  if (w === 'update') return 'update';
  if (w === 'delete') return 'delete';
  if (DDL.has(w)) return 'ddl';
  return 'misc';
};
