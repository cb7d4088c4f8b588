/**
 * Vietnamese text primitives shared by every stage.
 *
 * - `nfc`       : Unicode NFC plus whitespace folding (what we store as "text"; the raw text is always kept beside it).
 * - `toneCanon` : one tone placement per syllable (hoà/hòa, thuỷ/thủy, khoẻ/khỏe → the same string); NFC does not do this.
 * - `fold`      : lower case without diacritics (đ → d), for reports typed without diacritics.
 * - `headerKey` : fold + punctuation removed; for matching header words and labels.
 */

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/; // grave, acute, tilde, hook above, dot below
const TONE_MARKS_G = /[\u0300\u0301\u0303\u0309\u0323]/g;
const QUALITY_MARKS = /[\u0302\u0306\u031B]/; // circumflex, breve, horn
const VOWELS = 'aeiouyAEIOUY';

/** NFC and whitespace folded (all runs of white space, NBSP included, become one space; trimmed). */
export function nfc(s: string): string {
  return s.normalize('NFC').replace(/[\s\u00A0\u200B\uFEFF]+/g, ' ').trim();
}

/** Re-place the tone mark of every syllable by one rule, so that equivalent spellings compare equal. */
export function toneCanon(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\p{L}\p{M}]+/gu, canonSyllable)
    .normalize('NFC');
}

function canonSyllable(syl: string): string {
  const tone = syl.match(TONE_MARKS)?.[0];
  if (!tone) return syl;
  const bare = syl.replace(TONE_MARKS_G, '');
  // positions of base vowels (with their following combining marks)
  const chars = [...bare];
  const vowelIdx: number[] = [];
  for (let i = 0; i < chars.length; i++) if (VOWELS.includes(chars[i]!)) vowelIdx.push(i);
  if (vowelIdx.length === 0) return syl;
  // skip the glide of "qu" and "gi" when another vowel follows
  let v = vowelIdx;
  const lower = bare.toLowerCase();
  if (v.length > 1 && ((lower.startsWith('qu') && v[0] === 1) || (lower.startsWith('gi') && v[0] === 1))) v = v.slice(1);
  let target: number;
  const quality = v.filter((i) => QUALITY_MARKS.test(chars[i + 1] ?? ''));
  if (quality.length > 0) {
    target = quality[quality.length - 1]!;
  } else {
    const last = v[v.length - 1]!;
    // does a consonant follow the vowel cluster?
    let end = last + 1;
    while (end < chars.length && /\p{M}/u.test(chars[end]!)) end++;
    const hasFinal = end < chars.length;
    if (v.length === 1) target = v[0]!;
    else if (hasFinal) target = last;
    else if (v.length >= 3) target = v[1]!;
    else target = v[0]!;
  }
  // insert the tone after the target vowel and its quality mark
  let at = target + 1;
  while (at < chars.length && QUALITY_MARKS.test(chars[at]!)) at++;
  chars.splice(at, 0, tone);
  return chars.join('');
}

/** Lower case, diacritics removed, đ → d. Keeps punctuation and spacing (after nfc). */
export function fold(s: string): string {
  return nfc(s)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** fold() with punctuation turned into spaces and spaces collapsed: for header words, labels and keys. */
export function headerKey(s: string): string {
  return fold(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** nfc + toneCanon + lower case: the accented comparison key. */
export function accentKey(s: string): string {
  return toneCanon(nfc(s)).toLowerCase();
}

/** true when the text carries no Vietnamese diacritics at all (typed without them). */
export function lacksDiacritics(s: string): boolean {
  return fold(s) === nfc(s).toLowerCase();
}
