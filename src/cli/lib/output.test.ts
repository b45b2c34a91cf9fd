import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cell, renderTable, type Column } from './output.js';
import { parseDuration } from './wait.js';

type Row = { id: string; status: string; note: string };
const COLS: Column<Row>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'STATUS', value: (r) => r.status },
  { header: 'NOTE', value: (r) => r.note },
];
const ROWS: Row[] = [
  { id: 'a-rather-long-identifier', status: 'ACTIVE', note: 'x'.repeat(80) },
  { id: 'b', status: 'CREATE_FAILED', note: 'short' },
];

describe('cpctl output', () => {
  it('aligns columns and leaves a pipe unlimited', () => {
    const t = renderTable(ROWS, COLS).split('\n');
    assert.equal(t[0], `${'ID'.padEnd(24)}  STATUS         NOTE`);
    assert.ok(t[1]!.endsWith('x'.repeat(80)));
  });
  it('fits a width: other columns give way first, the id column is never cut, trailing columns are dropped last', () => {
    for (const width of [60, 40, 30]) {
      const t = renderTable(ROWS, COLS, width).split('\n');
      for (const l of t) assert.ok(l.length <= width, `${JSON.stringify(l)} ≤ ${width}`);
      assert.ok(t[1]!.startsWith('a-rather-long-identifier'));
    }
    assert.match(renderTable(ROWS, COLS, 60), /…/);
    assert.equal(renderTable(ROWS, COLS, 10).split('\n')[1], 'a-rather-long-identifier');
  });
  it('renders cells: nothing as -, lists joined, objects as JSON, one line', () => {
    assert.deepEqual([cell(null), cell(''), cell([]), cell(['a', 'b']), cell({ a: 1 }), cell('x\n  y'), cell(3)], ['-', '-', '-', 'a,b', '{"a":1}', 'x y', '3']);
  });
  it('parses durations and refuses nonsense', () => {
    assert.equal(parseDuration('--timeout', '90'), 90_000);
    assert.equal(parseDuration('--timeout', '2h'), 7_200_000);
    assert.throws(() => parseDuration('--timeout', 'soon'), /--timeout must look like/);
    assert.throws(() => parseDuration('--timeout', '0s'));
  });
});
