// Reading the audit log. Scope: admins see every event; everyone else sees the events about clusters they can see
// (event_log.cluster_id of a cluster owned by one of their groups). Events without a cluster (logins, settings, API
// keys) are therefore admin-only: they describe other people and the installation, not the caller's clusters.
import type { Identity } from '../../auth/identity.js';
import type { Queryable } from '../../infra/db/db.js';
import { countEvents, listEvents, type EventFilter, type EventRow } from '../../repositories/events.repository.js';
import { ValidationError } from '../../shared/errors.js';

export type EventQuery = Omit<EventFilter, 'visibleGroups'> & { limit: number; cursor?: string | undefined };

const encodeCursor = (row: EventRow) => Buffer.from(`${row.ts_text}|${row.event_id}`, 'utf8').toString('base64url');

const decodeCursor = (cursor: string) => {
  const [ts, eventId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!ts || !eventId || !/^[0-9a-f-]{36}$/i.test(eventId) || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(ts)) {
    throw new ValidationError('Invalid cursor: pass next_cursor from the previous page unchanged.');
  }
  return { ts, eventId };
};

const scope = (identity: Identity): Pick<EventFilter, 'visibleGroups'> => (identity.isAdmin ? {} : { visibleGroups: identity.groups });

export const createEventsService = (deps: { db: Queryable }) => ({
  async list(identity: Identity, q: EventQuery) {
    const { limit, cursor, ...filter } = q;
    const rows = await listEvents(deps.db, { ...filter, ...scope(identity) }, {
      limit: limit + 1,
      after: cursor ? decodeCursor(cursor) : undefined,
    });
    const page = rows.slice(0, limit);
    return { events: page, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
  },
  count: (identity: Identity, filter: Omit<EventFilter, 'visibleGroups'>) => countEvents(deps.db, { ...filter, ...scope(identity) }),
});

export type EventsService = ReturnType<typeof createEventsService>;
