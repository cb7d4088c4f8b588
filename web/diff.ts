/**
 * A word diff for the pages: the words two texts share and the ones each has alone (longest common subsequence over
 * words compared with diacritics, case and punctuation ignored — "hoà"/"hòa", an OCR slip in tone marks, count as
 * the same word). Rendering marks one side's own words with <mark>; every piece goes through `html`, so cell text
 * stays text.
 */
import { fold } from '#shared/domain/vietnamese';
import { html, type Html } from './html';

export type DiffOp = { op: 'same' | 'a' | 'b'; text: string };

/** Tokens: words and the separators after them, so the text is rebuilt exactly. */
function tokens(s: string): string[] {
  return s.match(/[\p{L}\p{N}]+[^\p{L}\p{N}]*|[^\p{L}\p{N}]+/gu) ?? [];
}

const key = (t: string) => fold(t).replace(/[^\p{L}\p{N}]+/gu, '');

/** Above this many words on both sides the LCS table would be large: words are then compared as sets. */
const MAX_CELLS = 400_000;

export function diffWords(a: string, b: string): DiffOp[] {
  const ta = tokens(a);
  const tb = tokens(b);
  const ka = ta.map(key);
  const kb = tb.map(key);
  if (ta.length * tb.length > MAX_CELLS) {
    const inB = new Set(kb);
    const inA = new Set(ka);
    return [...ta.map((t, i) => ({ op: !ka[i] || inB.has(ka[i]!) ? 'same' as const : 'a' as const, text: t })),
      ...tb.map((t, i) => ({ op: !kb[i] || inA.has(kb[i]!) ? 'same' as const : 'b' as const, text: t })).filter((x) => x.op === 'b')];
  }
  // lcs[i][j] = length of the LCS of ka[i..] and kb[j..]
  const n = ta.length;
  const m = tb.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = ka[i] === kb[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && ka[i] === kb[j]) { out.push({ op: 'same', text: ta[i]! }); i++; j++; }
    else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) { out.push({ op: 'a', text: ta[i]! }); i++; }
    else { out.push({ op: 'b', text: tb[j]! }); j++; }
  }
  return out;
}

/** `a` as written, its words not in `b` marked (punctuation-only tokens never are). */
export function markOwn(a: string, b: string): Html {
  return html`${diffWords(a, b).filter((d) => d.op !== 'b').map((d) => (d.op === 'a' && key(d.text) ? html`<mark>${d.text}</mark>` : d.text))}`;
}

/** Before → after in one text: removed words struck (<del>), added ones marked (<ins>). */
export function changeMarks(before: string, after: string): Html {
  return html`${diffWords(before, after).map((d) => (d.op === 'same' ? d.text : d.op === 'a' ? html`<del>${d.text}</del>` : html`<ins>${d.text}</ins>`))}`;
}
