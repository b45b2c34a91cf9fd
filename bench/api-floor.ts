// The floor of `npm run bench:api` (not part of cp): a bare node:http + pg server that answers GET /api/clusters
// with the same SQL cp runs (listVisibleClusters, admin scope, page + 1 rows) on the same PostgreSQL and a pool of the
// same size, and JSON.stringify of the page. No framework, no authentication, no validation, no schema: what is left
// is the database round trip and the JSON. Started by bench/api.bench.ts as a child process (DATABASE_URL, PORT).
import { createServer } from 'node:http';
import pg from 'pg';
import { listVisibleClusters } from '../src/repositories/clusters.repository.js';
import type { QueryResult, Row } from '../src/infra/db/db.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_MAX ?? 10) });
const q = {
  query: async <R extends Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const r = await pool.query(sql, params as unknown[] | undefined);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
  },
};

const server = createServer((req, res) => {
  const limit = Math.min(500, Number(new URL(req.url ?? '/', 'http://x').searchParams.get('limit') ?? 50));
  listVisibleClusters(q, { isAdmin: true, groups: [] }, {}, { limit: limit + 1 }).then(
    (rows) => {
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const body = JSON.stringify({ items: page, next_cursor: rows.length > limit && last ? `${last.created_at_key}|${last.cluster_id}` : null });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
    (err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    },
  );
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('floor listening'));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
