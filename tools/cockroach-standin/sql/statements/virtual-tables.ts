// SELECT … FROM crdb_internal.<table> and SELECT … FROM [SHOW …] (CockroachDB's bracket syntax, see
// src/current/v24.3/show-jobs.md "Filter jobs" / selection-queries.md). The source is materialised as a CTE in the
// session's PostgreSQL connection (rewrite.ts), and PostgreSQL evaluates the rest of the query.
import type { StatementFamily } from '../context.js';
import { isKnownCrdbInternalTable, readCrdbInternal } from '../crdb-internal.js';
import type { Token } from '../lexer.js';
import { versionString } from '../../catalog/versions.js';
import { applySplices, cteFor, identitySplices, prependCtes, type Splice } from '../rewrite.js';
import { unsupported } from '../unsupported.js';

type Ref = { start: number; end: number; kind: 'crdb_internal'; table: string } | { start: number; end: number; kind: 'bracket'; inner: string };

const findRefs = (sql: string, tokens: Token[]): Ref[] => {
  const out: Ref[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'word' && t.value === 'crdb_internal' && tokens[i + 1]?.text === '.' && tokens[i + 2]) {
      // A database prefix (`db.crdb_internal.t`, `"".crdb_internal.t`) belongs to the reference too.
      const start = tokens[i - 1]?.text === '.' && tokens[i - 2] ? tokens[i - 2]!.start : t.start;
      out.push({ start, end: tokens[i + 2]!.end, kind: 'crdb_internal', table: tokens[i + 2]!.value });
      i += 2;
    } else if (t.text === '[' && tokens[i + 1]?.type === 'word' && tokens[i + 1]!.value === 'show') {
      let depth = 0;
      let k = i;
      for (; k < tokens.length; k++) {
        if (tokens[k]!.text === '[') depth++;
        else if (tokens[k]!.text === ']' && --depth === 0) break;
      }
      if (k >= tokens.length) continue;
      out.push({ start: t.start, end: tokens[k]!.end, kind: 'bracket', inner: sql.slice(tokens[i + 1]!.start, tokens[k]!.start) });
      i = k;
    }
  }
  return out;
};

export const virtualTablesFamily: StatementFamily = {
  name: 'virtual tables',
  matches: (c) => findRefs(c.sql, c.tokens).length > 0,
  async run(ctx) {
    const c = ctx.cursor();
    const refs = findRefs(ctx.sql, c.tokens);
    const inside = (t: Token) => refs.some((r) => t.start >= r.start && t.end <= r.end);
    const identity = { user: ctx.state.user, database: ctx.state.database, version: versionString(ctx.node.buildTag) };
    const splices: Splice[] = identitySplices(c.tokens.filter((t) => !inside(t)), identity);
    const ctes = new Map<string, string>();
    let n = 0;
    for (const r of refs) {
      if (r.kind === 'crdb_internal') {
        if (!isKnownCrdbInternalTable(r.table)) throw unsupported(ctx.sql);
        // The CTE takes the table's own name so that `gossip_nodes.node_id`-style qualified columns keep working.
        if (!ctes.has(r.table)) ctes.set(r.table, cteFor(r.table, (await readCrdbInternal(ctx, r.table))!));
        splices.push({ start: r.start, end: r.end, text: `"${r.table}"` });
      } else {
        const name = `crdb_show_${++n}`;
        ctes.set(name, cteFor(name, await ctx.run(r.inner)));
        splices.push({ start: r.start, end: r.end, text: `"${name}"` });
      }
    }
    return ctx.forward(prependCtes(applySplices(ctx.sql, splices), c.tokens, [...ctes.values()]), ctx.params);
  },
};
