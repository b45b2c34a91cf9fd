// SQL for versioned playbooks. Versions are integers per playbook name (max + 1, inside the caller's transaction).
// THE rule for which version runs — the promoted one, else the newest — is `findDefaultPlaybook`; the admin API and
// the cluster workers both call it, so they can never disagree.
import type { Queryable } from '../infra/db/db.js';
import { pageParams, toPaged, type Page, type Paged } from '../shared/page.js';

export const PLAYBOOK_NAMES = [
  'CREATE_CLUSTER',
  'DELETE_CLUSTER',
  'SCALE_CLUSTER_IN',
  'SCALE_CLUSTER_OUT',
  'SCALE_DISK_SIZE',
  'SCALE_NODE_CPUS',
  'UPGRADE_CLUSTER',
  'HEALTHCHECK_CLUSTER',
] as const;
export type PlaybookName = (typeof PLAYBOOK_NAMES)[number];

export type PlaybookVersionRow = {
  name: PlaybookName;
  version: number;
  content_sha256: string;
  comment: string;
  created_at: Date;
  created_by: string;
};
export type PlaybookContentRow = PlaybookVersionRow & { content: string };

const META = `p.name, p.version, p.content_sha256, p.comment, p.created_at, p.created_by`;

/** The version that runs: the promoted one, else the highest. Undefined when the playbook has no version. */
export const findDefaultPlaybook = async (q: Queryable, name: PlaybookName): Promise<PlaybookContentRow | undefined> =>
  (
    await q.query<PlaybookContentRow>(
      `SELECT ${META}, p.content
         FROM playbooks p LEFT JOIN playbook_defaults d ON d.name = p.name AND d.version = p.version
        WHERE p.name = $1
        ORDER BY (d.version IS NOT NULL) DESC, p.version DESC
        LIMIT 1`,
      [name],
    )
  ).rows[0];

/** The promoted version, if any (undefined: nothing promoted, the newest runs). */
export const findPromotedVersion = async (q: Queryable, name: PlaybookName): Promise<{ version: number; promoted_at: Date; promoted_by: string } | undefined> =>
  (await q.query<{ version: number; promoted_at: Date; promoted_by: string }>(
    `SELECT version, promoted_at, promoted_by FROM playbook_defaults WHERE name = $1`, [name])).rows[0];

/** Versions newest first. */
export const listPlaybookVersions = async (q: Queryable, name: PlaybookName, page: Page): Promise<Paged<PlaybookVersionRow>> =>
  toPaged(
    (await q.query<PlaybookVersionRow>(`SELECT ${META} FROM playbooks p WHERE p.name = $1 ORDER BY p.version DESC LIMIT $2 OFFSET $3`, [name, ...pageParams(page)])).rows,
    page,
  );

/** Per playbook: number of versions and the newest (names without versions are absent). */
export const summarizePlaybooks = async (q: Queryable): Promise<{ name: PlaybookName; versions: number; latest_version: number }[]> =>
  (
    await q.query<{ name: PlaybookName; versions: number; latest_version: number }>(
      `SELECT name, count(*) AS versions, max(version) AS latest_version FROM playbooks GROUP BY name ORDER BY name`,
    )
  ).rows.map((r) => ({ ...r, versions: Number(r.versions), latest_version: Number(r.latest_version) }));

export const findPlaybookVersion = async (q: Queryable, name: PlaybookName, version: number): Promise<PlaybookContentRow | undefined> =>
  (await q.query<PlaybookContentRow>(`SELECT ${META}, p.content FROM playbooks p WHERE p.name = $1 AND p.version = $2`, [name, version])).rows[0];

/** Adds version max+1. Run it in a transaction: two concurrent saves then serialise (one retries) instead of colliding. */
export const insertNextPlaybookVersion = async (
  q: Queryable,
  v: { name: PlaybookName; content: string; contentSha256: string; comment: string; createdBy: string },
): Promise<PlaybookVersionRow> => {
  const { rows } = await q.query<{ next: number }>(`SELECT COALESCE(max(version), 0) + 1 AS next FROM playbooks WHERE name = $1`, [v.name]);
  const next = Number(rows[0]!.next);
  const r = await q.query<PlaybookVersionRow>(
    `INSERT INTO playbooks (name, version, content, content_sha256, comment, created_by) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING name, version, content_sha256, comment, created_at, created_by`,
    [v.name, next, v.content, v.contentSha256, v.comment, v.createdBy],
  );
  return r.rows[0]!;
};

/** Version 1 from the shipped file, only when the playbook has no version at all (admin versions are never touched). */
export const seedPlaybook = async (q: Queryable, v: { name: PlaybookName; content: string; contentSha256: string }): Promise<boolean> => {
  const r = await q.query(
    `INSERT INTO playbooks (name, version, content, content_sha256, comment, created_by)
     SELECT $1, 1, $2, $3, 'shipped with cp', 'seed'
      WHERE NOT EXISTS (SELECT 1 FROM playbooks WHERE name = $1)
     ON CONFLICT (name, version) DO NOTHING`,
    [v.name, v.content, v.contentSha256],
  );
  return r.rowCount > 0;
};

export const upsertPlaybookDefault = async (q: Queryable, name: PlaybookName, version: number, by: string): Promise<void> => {
  await q.query(
    `INSERT INTO playbook_defaults (name, version, promoted_at, promoted_by) VALUES ($1, $2, now(), $3)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, promoted_at = excluded.promoted_at, promoted_by = excluded.promoted_by`,
    [name, version, by],
  );
};

export const deletePlaybookVersion = async (q: Queryable, name: PlaybookName, version: number): Promise<boolean> =>
  (await q.query(`DELETE FROM playbooks WHERE name = $1 AND version = $2`, [name, version])).rowCount > 0;
