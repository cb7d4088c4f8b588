/** Character accuracy of OCR text against its gold (1 − edit distance / gold length), after NFC and space folding. */
import { fold, nfc } from '#shared/domain/vietnamese';

export function editDistance(a: string, b: string): number {
  const A = [...a], B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (A[i - 1] === B[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[B.length];
}

const norm = (s: string): string => nfc(s).replace(/\s+/g, ' ').trim();

/** 1 = identical; `diacritics: false` compares with tones and marks folded away. */
export function charAccuracy(got: string, gold: string, opts: { diacritics?: boolean } = {}): number {
  let g = norm(got), w = norm(gold);
  if (opts.diacritics === false) { g = fold(g); w = fold(w); }
  if (!w.length) return g.length ? 0 : 1;
  return Math.max(0, 1 - editDistance(g, w) / [...w].length);
}
