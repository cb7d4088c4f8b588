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

/** Only combining marks (and whitespace): a diacritic a writer drew on its own over the letter before it. */
const MARKS_ONLY = /^[\s\p{M}]*\p{M}[\s\p{M}]*$/u;
export const isMarks = (s: string): boolean => MARKS_ONLY.test(s);

/**
 * The text of one line: items joined, with a space where the gap between them is wider than ~0.15 em.
 * Combining marks are joined to their base letter before spacing is decided: an item of marks only (NFD text as
 * Mac and some converters write Vietnamese, each mark drawn on its own, often from another font) goes after the
 * letter it sits on — the letter under it inside a run, the end of the run that ends where it stands, or the
 * first letter of the run that starts there — and takes no part in spacing; a space read right before a
 * combining mark is dropped. So NFD and NFC PDFs read the same ("phương a" + "\u0301" + "n" → "phương án").
 */
export function lineText(items: TextItem[]): string {
  const bases = items.filter((it) => !isMarks(it.str)).sort((a, b) => a.x0 - b.x0);
  const marks = items.filter((it) => isMarks(it.str));
  // each mark → the base item and the character position it goes after
  const inserts = new Map<TextItem, Array<{ pos: number; mark: string }>>();
  const chars = (it: TextItem): number => [...it.str].length;
  for (const m of marks) {
    const mx = m.x0;
    const mark = m.str.replace(/\s+/g, '');
    const inside = bases.find((it) => it.x0 + 0.5 < mx && mx < it.x1 - 0.5);
    const ending = bases.find((it) => Math.abs(it.x1 - mx) <= 0.75);
    const starting = bases.find((it) => Math.abs(it.x0 - mx) <= 0.75);
    const left = [...bases].reverse().find((it) => it.x0 <= mx);
    const [host, pos] = inside
      ? [inside, inside.x1 - mx < 0.6 * inside.size ? chars(inside) : Math.floor(((mx - inside.x0) / (inside.x1 - inside.x0)) * chars(inside)) + 1] // over a letter: after it
      : ending ? [ending, chars(ending)] // at the pen after its letter (a zero-width mark)
        : starting ? [starting, 1]
          : left ? [left, chars(left)] : [bases[0], 0];
    if (!host) continue;
    (inserts.get(host) ?? inserts.set(host, []).get(host)!).push({ pos, mark });
  }
  const textOf = (it: TextItem): string => {
    const ins = inserts.get(it);
    if (!ins) return it.str;
    const cs = [...it.str];
    for (const { pos, mark } of ins.sort((a, b) => b.pos - a.pos)) cs.splice(Math.max(0, Math.min(cs.length, pos)), 0, mark);
    return cs.join('');
  };
  let out = '';
  let prev: TextItem | undefined;
  for (const it of bases) {
    if (prev) {
      const gap = it.x0 - prev.x1;
      const needsSpace = gap > 0.15 * Math.max(it.size, prev.size) && !/\s$/.test(out) && !/^\s/.test(it.str) && !/^\p{M}/u.test(it.str);
      if (needsSpace) out += ' ';
    }
    out += textOf(it);
    prev = it;
  }
  // a space read right before a combining mark is never a word break
  return out.replace(/\s+(?=\p{M})/gu, '');
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
    // a soft hyphen ending a line is a word broken there: joined without it and without a space
    if (/\u00AD$/.test(out)) { out = out.slice(0, -1) + line; continue; }
    const glue = /\S[-/]$/.test(out) ? '' : isBrokenCapsWord(out, line) ? '' : ' ';
    out += glue + line;
  }
  return out.replace(/\u00AD/g, '');
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
  // soft hyphens inside a line are invisible; a soft hyphen ending a line is handled by joinWrapped
  const shown = lines.map((l) => l.normalize('NFC').replace(/\u00AD(?!\s*$)/g, '').replace(/[\u00A0\u2007\u202F]/g, ' '));
  return { text: nfc(joinWrapped(shown)), raw: lines.join('\n') };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
