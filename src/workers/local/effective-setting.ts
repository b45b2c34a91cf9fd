// Reads a setting's effective value. Kept as the single call site so it can be swapped for the cached settings
// reader (issue 5) in one place.
import type { Queryable } from '../../infra/db/db.js';

export const readIntegerSetting = async (q: Queryable, key: string, fallback: number): Promise<number> => {
  const { rows } = await q.query<{ v: string | null }>(`SELECT COALESCE(value, default_value) AS v FROM settings WHERE key = $1`, [key]);
  const n = Number(rows[0]?.v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
