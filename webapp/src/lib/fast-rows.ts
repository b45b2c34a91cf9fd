// Plain-DOM table bodies for lists that can hold thousands of rows (clusters, jobs). Alpine's x-for keeps one
// reactive effect per binding — about 1.3 s for 1,000 clusters × 10 cells in the CSP build — while building the rows
// once with createElement/textContent takes a few milliseconds (docs/PERFORMANCE.md). Text only goes through
// textContent and attributes through setAttribute, so no markup from the API is ever parsed.
export type Column<T> = {
  text: (row: T) => string;
  href?: (row: T) => string | undefined;
  cls?: string;
  /** Class of an inner badge/pill span (status badges). */
  badge?: (row: T) => string;
  title?: (row: T) => string;
};

const cell = <T>(row: T, c: Column<T>): HTMLTableCellElement => {
  const td = document.createElement('td');
  if (c.cls) td.className = c.cls;
  const text = c.text(row);
  const href = c.href?.(row);
  if (href) {
    const a = document.createElement('a');
    a.href = href;
    a.className = 'mono';
    a.textContent = text;
    td.appendChild(a);
  } else if (c.badge) {
    const span = document.createElement('span');
    span.className = c.badge(row);
    span.textContent = text;
    td.appendChild(span);
  } else {
    td.textContent = text;
  }
  const title = c.title?.(row);
  if (title) td.title = title;
  return td;
};

export const renderRows = <T>(tbody: HTMLElement | undefined, rows: readonly T[], columns: readonly Column<T>[]) => {
  if (!tbody) return;
  const frag = document.createDocumentFragment();
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const c of columns) tr.appendChild(cell(row, c));
    frag.appendChild(tr);
  }
  tbody.replaceChildren(frag);
};
