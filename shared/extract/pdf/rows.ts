/**
 * Rows from text lines where no rule separates them (borderless tables, and ruled tables without inner horizontal
 * rules): shared by cluster.ts and grid.ts.
 */
import { median, type Line } from './lines';

export const columnOf = (X: number[], x: number): number => {
  for (let i = 0; i + 1 < X.length; i++) if (x < X[i + 1]) return i;
  return X.length - 2;
};


/**
 * Rows of a borderless region. Between two lines there is a row boundary unless some column has text on both sides
 * of it at line spacing (a wrapped cell runs across it) — so a two-row header whose first row has a wrapped cell and
 * whose second row starts below it splits right. A line with a new entry in the first (STT) column when the row
 * already has one also starts a row (tables without spacing between rows).
 */
export function splitRows(body: Line[], X: number[]): Line[][] {
  const deltas = body.slice(1).map((l, k) => l.base - body[k].base).filter((d) => d > 0);
  const pitch = median(deltas.filter((d) => d < 2 * body[0].size)) || body[0].size * 1.2;
  const joined = new Uint8Array(body.length); // joined[k]: lines k-1 and k are in one row
  const breaks = numberBreaks(body, X);
  const lastInCol = new Map<number, number>();
  body.forEach((l, k) => {
    for (const c of new Set(l.items.map((it) => columnOf(X, it.x0 + 1)))) {
      const prev = lastInCol.get(c);
      if (prev !== undefined && l.base - body[prev].base <= 1.3 * pitch && !breaks.has(k)) for (let j = prev + 1; j <= k; j++) joined[j] = 1;
      lastInCol.set(c, k);
    }
  });
  const rows: Line[][] = [];
  let firstColFilled = false;
  body.forEach((l, k) => {
    const hasFirst = l.items.some((it) => columnOf(X, it.x0 + 1) === 0);
    if (k === 0 || !joined[k] || breaks.has(k) || (hasFirst && firstColFilled)) {
      rows.push([l]);
      firstColFilled = hasFirst;
    } else {
      rows[rows.length - 1].push(l);
      firstColFilled ||= hasFirst;
    }
  });
  return rows;
}


/** A cell that is one number ("1,234", "27.462", "-5", "12%", "(3)") or one date ("01/10/2024", "2024-10-01"): never wrapped onto a second line. */
export const NUMBER = /^(?:[(\-\u2212+]?\d[\d.,]*%?\)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})$/;

/**
 * Lines that start a row because a number stands right under another number in the same column, the line before
 * it: statistics printed one row a line at line pitch ("JUL 2023 / OCT 2023 / JAN 2024" rows under one county, a
 * framed amount table with no rule between rows). A wrapped cell never continues with a number under a number.
 */
export function numberBreaks(lines: Line[], X: number[]): Set<number> {
  const cell = (l: Line, c: number): string => l.items.filter((it) => columnOf(X, it.x0 + 1) === c).map((it) => it.str.trim()).join(' ');
  const out = new Set<number>();
  for (let k = 1; k < lines.length; k++) {
    const here = new Set(lines[k].items.map((it) => columnOf(X, it.x0 + 1)));
    for (const c of here) {
      const [a, b] = [cell(lines[k - 1], c), cell(lines[k], c)];
      if (a && NUMBER.test(a) && NUMBER.test(b)) { out.add(k); break; }
    }
  }
  return out;
}

/** Row boundaries [top, …, bottom] between the row groups of `rows`: halfway between one row's bottom and the next one's top. */
export function rowBoundaries(rows: Line[][], top: number, bottom: number): number[] {
  const Y = [top];
  for (let k = 1; k < rows.length; k++) {
    const prevBottom = Math.max(...rows[k - 1].map((l) => l.bottom));
    const nextTop = Math.min(...rows[k].map((l) => l.top));
    Y.push((prevBottom + nextTop) / 2);
  }
  Y.push(bottom);
  return Y;
}
