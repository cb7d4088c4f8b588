/**
 * Legacy Vietnamese font encodings in extracted text.
 *
 * Documents typed with TCVN3 (ABC) fonts (.VnTime, .VnArial) or VNI fonts (VNI-Times) store Vietnamese letters
 * as Latin-1 characters; read as Unicode they come out as "Bé C«ng an" (TCVN3) or "Boä Coâng an" (VNI).
 * We detect both and convert to Unicode when confident; otherwise the caller raises 'legacy_encoding'.
 * TCVN3 upper-case letters come from separate "H" fonts (.VnTimeH) that reuse the lower-case codes, so
 * converted text of such runs is lower case.
 */
import { ExtractError, type ExtractWarning, type RawTable } from './model';

// TCVN3 (ABC) code → Unicode.
const TCVN3_FROM = 'µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00ADõøö÷ùúýûüþ¡¢§£¤¥¦';
const TCVN3_TO = 'àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ';
const TCVN3_MAP = new Map<string, string>();
for (let i = 0; i < TCVN3_FROM.length; i++) TCVN3_MAP.set(TCVN3_FROM[i]!, TCVN3_TO[i]!);

/** Characters TCVN3 text has and Unicode Vietnamese never has (Latin-1 symbols and non-Vietnamese letters). */
const TCVN3_ONLY = /[µ¸¶·¹¨»¾¼½Æ©Ç®ÐÎÏÑªÖ×ØÜÞßä«åæç¬ëîïñö÷øûüþ¡¢§£¤¥¦\u00AD]/g;
/** VNI marks that follow a base vowel and never occur in Unicode Vietnamese. */
const VNI_ONLY = /[aeiouyAEIOUYôö][øûïäåëüØÛÏÄÅËÜ]|[ñÑæÆîÎöÖ]/g;
/** TCVN3 codes in the Latin-1 symbol range, which VNI never uses. */
const TCVN3_STRONG = /[\u00A1-\u00BF]/g;
/** Letters only Unicode Vietnamese has (outside Latin-1). */
const UNICODE_VI_G = /[ăĂđĐơƠưƯĩĨũŨ\u1EA0-\u1EF9]/g;
const UNICODE_VI = /[ăĂđĐơƠưƯĩĨũŨ\u1EA0-\u1EF9]/;
const TCVN3_ONLY_1 = new RegExp(TCVN3_ONLY.source);
const VNI_ONLY_1 = new RegExp(VNI_ONLY.source);

export type LegacyEncoding = 'tcvn3' | 'vni';

/** Which legacy encoding the text looks like, if any (needs several marks and no real Vietnamese letters). */
export function detectLegacyEncoding(text: string): LegacyEncoding | undefined {
  const unicode = text.match(UNICODE_VI_G)?.length ?? 0;
  const tcvn = text.match(TCVN3_ONLY)?.length ?? 0;
  const vni = text.match(VNI_ONLY)?.length ?? 0;
  if (Math.max(tcvn, vni) < 2) return undefined;
  if (unicode > Math.max(tcvn, vni) / 4) return undefined;
  const strong = text.match(TCVN3_STRONG)?.length ?? 0;
  const enc: LegacyEncoding = strong >= vni ? 'tcvn3' : 'vni';
  // Legacy Vietnamese marks most words; a few symbols (« », ©, §) in text typed without diacritics do not count.
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const marked = words.filter((w) => (enc === 'tcvn3' ? TCVN3_ONLY_1 : VNI_ONLY_1).test(w)).length;
  return marked >= Math.max(2, words.length * 0.15) ? enc : undefined;
}

export function tcvn3ToUnicode(s: string): string {
  let out = '';
  for (const ch of s) out += TCVN3_MAP.get(ch) ?? ch;
  return out.normalize('NFC');
}

// VNI: a base letter followed by marks. Combining marks: ́ ̀ ̉ ̃ ̣ (tones), ̂ (circumflex), ̆ (breve), ̛ (horn).
const ACUTE = '\u0301', GRAVE = '\u0300', HOOK = '\u0309', TILDE = '\u0303', DOT = '\u0323';
const CIRC = '\u0302', BREVE = '\u0306', HORN = '\u031B';
const VNI_TONE: Record<string, string> = { ù: ACUTE, ø: GRAVE, û: HOOK, õ: TILDE, ï: DOT };
const VNI_CIRC: Record<string, string> = { â: '', á: ACUTE, à: GRAVE, å: HOOK, ã: TILDE, ä: DOT };
const VNI_BREVE: Record<string, string> = { ê: '', é: ACUTE, è: GRAVE, ú: HOOK, ü: TILDE, ë: DOT };
const VNI_SINGLE: Record<string, string> = { ñ: 'đ', Ñ: 'Đ', æ: 'ỉ', Æ: 'Ỉ', ó: 'ĩ', Ó: 'Ĩ', ò: 'ị', Ò: 'Ị', î: 'ỵ', Î: 'Ỵ' };

export function vniToUnicode(s: string): string {
  const chars = [...s];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    // ô/ö standing alone are ơ/ư (after o/u they would be marks, handled below)
    const baseCh = ch === 'ô' ? 'ơ' : ch === 'Ô' ? 'Ơ' : ch === 'ö' ? 'ư' : ch === 'Ö' ? 'Ư' : ch;
    const base = baseCh.toLowerCase();
    if (!'aeiouyơư'.includes(base)) {
      out += VNI_SINGLE[ch] ?? ch;
      continue;
    }
    let marks = '';
    const next = () => (chars[i + 1] ?? '').toLowerCase();
    const n = next();
    if ((base === 'a' || base === 'e' || base === 'o') && n in VNI_CIRC) {
      marks += CIRC + VNI_CIRC[n]!;
      i++;
    } else if (base === 'a' && n in VNI_BREVE) {
      marks += BREVE + VNI_BREVE[n]!;
      i++;
    } else if (n in VNI_TONE) {
      marks += VNI_TONE[n]!;
      i++;
    }
    out += (baseCh + marks).normalize('NFC');
  }
  return out.normalize('NFC');
}

export function toUnicode(s: string, enc: LegacyEncoding): string {
  return enc === 'tcvn3' ? tcvn3ToUnicode(s) : vniToUnicode(s);
}

const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$/;

/** Share of converted words (those with Vietnamese letters) that have the shape of a Vietnamese syllable. */
function plausibility(converted: string): number {
  const words = converted.split(/[^\p{L}]+/u).filter((w) => /[^\x00-\x7F]/.test(w));
  if (words.length === 0) return 0;
  const ok = words.filter((w) => SYLLABLE.test(w.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase())).length;
  return ok / words.length;
}

/**
 * Checks the text of the tables (and the document text) for a legacy encoding; converts the cells in place when
 * confident and returns a warning, or throws ExtractError 'legacy_encoding'.
 */
export function fixLegacyEncoding(tables: RawTable[], documentText: string): ExtractWarning[] {
  const cellText = tables.flatMap((t) => [t.title ?? '', ...t.grid.flatMap((r) => r.map((c) => c.text))]).join(' ');
  const sample = cellText.trim() ? cellText : documentText;
  const enc = detectLegacyEncoding(sample);
  if (!enc) return [];
  const converted = toUnicode(sample, enc);
  if (plausibility(converted) < 0.85 || (converted.match(UNICODE_VI_G)?.length ?? 0) === 0) {
    throw new ExtractError(
      'legacy_encoding',
      `The text uses an old Vietnamese font encoding (${enc.toUpperCase()}) that could not be converted reliably; please convert the document to Unicode and send it again.`,
      { encoding: enc },
    );
  }
  for (const t of tables) {
    if (t.title) t.title = toUnicode(t.title, enc);
    for (const row of t.grid) {
      for (const c of row) {
        // a document may mix Unicode and legacy runs: leave cells holding real Vietnamese letters alone
        if (UNICODE_VI.test(c.text)) continue;
        c.text = toUnicode(c.text, enc);
      }
    }
  }
  return [{
    code: 'legacy_encoding_converted',
    message: `Văn bản dùng bảng mã cũ ${enc === 'tcvn3' ? 'TCVN3 (.VnTime)' : 'VNI'}, đã được chuyển sang Unicode; nên kiểm tra lại. / Text in the legacy ${enc.toUpperCase()} encoding was converted to Unicode.`,
  }];
}
