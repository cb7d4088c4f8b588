/**
 * Text items → lines → cell text. Shared by the ruled grid (grid.ts) and the borderless clustering (cluster.ts).
 */
import { nfc } from '#shared/domain/vietnamese';
import type { TextItem } from './items';

export interface Line {
  items: TextItem[];
  base: number;
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  size: number;
}

/** Groups items whose baselines lie within 0.35 × font size into lines, top to bottom; items left to right. */
export function groupLines(items: TextItem[]): Line[] {
  const sorted = [...items].sort((a, b) => a.base - b.base || a.x0 - b.x0);
  const lines: Line[] = [];
  for (const it of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(it.base - last.base) <= 0.35 * Math.max(it.size, last.size)) {
      last.items.push(it);
      last.top = Math.min(last.top, it.top);
      last.bottom = Math.max(last.bottom, it.bottom);
      last.x0 = Math.min(last.x0, it.x0);
      last.x1 = Math.max(last.x1, it.x1);
      last.size = Math.max(last.size, it.size);
    } else {
      lines.push({ items: [it], base: it.base, top: it.top, bottom: it.bottom, x0: it.x0, x1: it.x1, size: it.size });
    }
  }
  for (const l of lines) l.items.sort((a, b) => a.x0 - b.x0);
  return lines;
}

/** The text of one line: items joined, with a space where the gap between them is wider than ~0.15 em. */
export function lineText(items: TextItem[]): string {
  let out = '';
  let prev: TextItem | undefined;
  for (const it of items) {
    if (prev) {
      const gap = it.x0 - prev.x1;
      const needsSpace = gap > 0.15 * Math.max(it.size, prev.size) && !/\s$/.test(out) && !/^\s/.test(it.str);
      if (needsSpace) out += ' ';
    }
    out += it.str;
    prev = it;
  }
  return out;
}

/**
 * Joins the lines of a wrapped cell: with a space, except after a hyphen or slash that ends a word
 * ("05/CT-" + "TTg" → "05/CT-TTg", "11/" + "2024" → "11/2024"), and except a short all-capitals word broken
 * by a narrow column ("ST" + "T" → "STT").
 */
export function joinWrapped(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (!out) { out = line; continue; }
    const glue = /\S[-/]$/.test(out) ? '' : isBrokenCapsWord(out, line) ? '' : ' ';
    out += glue + line;
  }
  return out;
}

/**
 * A short all-capitals word broken by a narrow column: the whole of the text so far is 2–3 capitals and the next
 * line is 1–2 capitals ("ST" / "T" → "STT", "ST" / "TT"), never inside prose.
 */
const isBrokenCapsWord = (before: string, next: string): boolean => /^\p{Lu}{2,3}$/u.test(before) && /^\p{Lu}{1,2}$/u.test(next);

/** Cell text from its items: `raw` keeps the lines as read (joined by "\n"), `text` is NFC, folded, lines joined. */
export function cellText(items: TextItem[]): { text: string; raw: string } {
  if (items.length === 0) return { text: '', raw: '' };
  const lines = groupLines(items).map((l) => lineText(l.items));
  return { text: nfc(joinWrapped(lines.map((l) => l.normalize('NFC')))), raw: lines.join('\n') };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
