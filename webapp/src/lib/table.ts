// Client-side text filter and sortable headers for a table, both persisted per table (localStorage).
import { text } from './format';
import { loadPref, savePref } from './persist';

type Row = Record<string, unknown>;

const cmp = (a: unknown, b: unknown): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  return text(a).localeCompare(text(b), undefined, { numeric: true });
};

export const sortedFiltered = <T extends Row>(rows: T[], filter: string, fields: string[], sortKey: string, dir: string): T[] => {
  const q = filter.trim().toLowerCase();
  const hit = q
    ? rows.filter((r) => fields.some((f) => {
        const v: unknown = r[f];
        return text(v).toLowerCase().includes(q);
      }))
    : rows.slice();
  if (sortKey) {
    const sign = dir === 'desc' ? -1 : 1;
    hit.sort((a, b) => sign * cmp(a[sortKey], b[sortKey]));
  }
  return hit;
};

type Host = {
  filter: string;
  sortKey: string;
  sortDir: string;
  setSort(k: string): void;
  ariaSort(k: string): string;
  sortMark(k: string): string;
  saveFilter(): void;
  clearFilter(): void;
};

export const tableState = (key: string, defaultSort: string, defaultDir: 'asc' | 'desc' = 'asc'): Host => ({
  filter: loadPref<string>(`filter.${key}`, ''),
  sortKey: loadPref<string>(`sort.${key}`, defaultSort),
  sortDir: loadPref<string>(`dir.${key}`, defaultDir),

  setSort(this: Host, k: string) {
    if (this.sortKey === k) this.sortDir = this.sortDir === 'asc' ? 'desc' : 'asc';
    else {
      this.sortKey = k;
      this.sortDir = 'asc';
    }
    savePref(`sort.${key}`, this.sortKey);
    savePref(`dir.${key}`, this.sortDir);
  },
  ariaSort(this: Host, k: string): string {
    return this.sortKey === k ? (this.sortDir === 'asc' ? 'ascending' : 'descending') : 'none';
  },
  sortMark(this: Host, k: string): string {
    return this.sortKey === k ? (this.sortDir === 'asc' ? '▲' : '▼') : '';
  },
  saveFilter(this: Host) {
    savePref(`filter.${key}`, this.filter);
  },
  clearFilter(this: Host) {
    this.filter = '';
    savePref(`filter.${key}`, '');
  },
});
