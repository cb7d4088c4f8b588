/**
 * Matching text. Reports rewrite the registry's wording: abbreviations (CSDL, TTHC, DVCTT, VNNeID …), no
 * diacritics at all, OCR slips (Công for Cổng, Đang ký for Đăng ký), other tone placement (hoà/hòa), cut short
 * with "…", or with clauses added. Everything here turns text into comparable keys; the raw text is never changed
 * in place (callers keep it beside the key).
 *
 * - `canonText`  : NFC, abbreviations expanded, OCR slips repaired, one tone placement, lower case (accented).
 * - `matchKey`   : `canonText` folded (no diacritics, đ → d), punctuation to spaces: the key the index works on.
 *                  Folding also absorbs diacritic-only slips (Công/Cổng, Đang/Đăng, Hué/Huế).
 * - `matchTokens`: the syllables of `matchKey` without filler words.
 * - `isShortened`: the text ends with "…"/"..." (cut short in the report).
 *
 * Abbreviations and OCR slips come from seeds/domain/abbreviations.tsv and seeds/domain/ocr_noise.tsv.
 */
import { readFileSync } from 'node:fs';
import { fold, nfc, toneCanon } from '#shared/domain/vietnamese';
import { seedPath } from '#shared/domain/seeds';
import { memo } from './memo';

/** Many whole-word replacements in one pass: one alternation (longest first) and a table of replacements. */
interface Rule {
  re: RegExp;
  to: Map<string, string>;
}

interface Rules {
  /** on NFC text, case-sensitive whole tokens (abbreviations are upper-case acronyms). */
  abbreviations: Rule;
  /** on folded text, whole-word phrases. */
  foldedAbbreviations: Rule;
  ocr: Rule;
}

function rule(pairs: Array<[string, string]>): Rule {
  const to = new Map<string, string>();
  for (const [from, into] of pairs) if (from && !to.has(from)) to.set(from, into);
  const alts = [...to.keys()].sort((a, b) => b.length - a.length).map(escape);
  const re = alts.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'gu') : /(?!)/gu;
  return { re, to };
}

function apply(r: Rule, s: string): string {
  return s.replace(r.re, (m) => r.to.get(m) ?? m);
}

let rules: Rules | undefined;

/** Categories of abbreviations.tsv that expand inside task text (doc types, headers and noise do not). */
const EXPANDING = new Set(['domain', 'domain/agency', 'domain/unit', 'agency', 'unit', 'finance', 'legal', 'place']);
/** Not expanded: ambiguous, English-only or part of document numbers rather than prose. */
const SKIP = new Set(['GDĐT', 'TCT', 'TT', 'CT', 'CP', 'TTg', 'PTTg', 'TB', 'IOC', 'MOOC', 'SMS', 'G34', 'KCB', 'CNTT', 'TP.', 'ĐA', 'C06', 'V01', 'NSNN']);
/** Spellings the tsv lists in its notes rather than as rows. */
const EXTRA_ABBREVIATIONS: Array<[string, string]> = [
  ['VNNeID', 'VNeID'], ['VneID', 'VNeID'], ['VN eID', 'VNeID'], ['VNellD', 'VNeID'], ['VNEID', 'VNeID'],
  ['CSDL QG', 'Cơ sở dữ liệu quốc gia'], ['CSDLQG', 'Cơ sở dữ liệu quốc gia'],
  ['DVCQG', 'Dịch vụ công quốc gia'], ['Cổng DVCQG', 'Cổng Dịch vụ công quốc gia'],
  ['TTDLQG', 'Trung tâm dữ liệu quốc gia'], ['TTDL', 'Trung tâm dữ liệu'],
  ['CNTT', 'công nghệ thông tin'], ['KCB', 'khám chữa bệnh'], ['NSNN', 'ngân sách nhà nước'],
  ['TTTT', 'Thông tin và Truyền thông'], ['TT&TT', 'Thông tin và Truyền thông'],
  ['KH&ĐT', 'Kế hoạch và Đầu tư'], ['KHĐT', 'Kế hoạch và Đầu tư'], ['KH&CN', 'Khoa học và Công nghệ'],
  ['LĐTBXH', 'Lao động Thương binh và Xã hội'], ['LĐ-TB&XH', 'Lao động Thương binh và Xã hội'],
  ['TN&MT', 'Tài nguyên và Môi trường'], ['NN&PTNT', 'Nông nghiệp và Phát triển nông thôn'],
  ['ATTT', 'an toàn thông tin'], ['CMND', 'chứng minh nhân dân'], ['CCCD', 'Căn cước công dân'],
];

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "Cơ sở dữ liệu quốc gia (about…)", "(Cổng) Dịch vụ công quốc gia", "X; also …", "X – note" → the Vietnamese words. */
function cleanExpansion(exp: string): string | undefined {
  let s = exp.replace(/\([^)]*\)/g, ' ');
  s = s.split(/\s[–-]\s|;|\bhere also\b|\balso\b/)[0]!;
  s = nfc(s);
  if (!s || /^[A-Za-z\s,'-]+$/.test(s)) return undefined; // English-only
  return s;
}

function readTsv(name: string): string[][] {
  try {
    return readFileSync(seedPath('domain', name), 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim())
      .map((l) => l.split('\t'));
  } catch {
    return [];
  }
}

function loadRules(): Rules {
  if (rules) return rules;
  const pairs = new Map<string, string>();
  for (const [abbr, expansion, category] of readTsv('abbreviations.tsv')) {
    if (!abbr || !expansion || !category) continue;
    if (!EXPANDING.has(category.trim()) || /AMBIGUOUS|UNKNOWN/.test(expansion)) continue;
    for (const a of abbr.split('/').map((x) => x.trim())) {
      if (!a || SKIP.has(a)) continue;
      const e = cleanExpansion(expansion);
      if (e) pairs.set(a, e);
    }
  }
  for (const [a, e] of EXTRA_ABBREVIATIONS) pairs.set(a, e);
  // longest first, so "Cổng DVCQG" wins over "DVCQG" and "CSDLQG" over "CSDL"
  const sorted = [...pairs.entries()].sort((x, y) => y[0].length - x[0].length);
  const abbreviations = rule(sorted.map(([a, e]) => [nfc(a), e]));
  // the same for text typed without diacritics: "csdl", "tthc" …, but only acronyms of 3+ letters (fewer collide with words)
  const foldedAbbreviations = rule(
    sorted
      .filter(([a]) => fold(a).replace(/[^a-z0-9]/g, '').length >= 3 && /[A-ZĐ]{2}/.test(a))
      .map(([a, e]): [string, string] => [fold(a), fold(e)]),
  );

  const ocrPairs: Array<[string, string]> = [];
  for (const [observed, intended] of readTsv('ocr_noise.tsv')) {
    if (!observed || !intended) continue;
    const targets = intended.split('/').map((x) => x.replace(/\([^)]*\)/g, '').trim());
    const sources = observed.split('/').map((x) => x.replace(/\([^)]*\)/g, '').trim());
    // "lǎm sóng / điểm lǎm" → "lõm sóng": an extra observed form takes the word changes of the first pair
    const wordFix = new Map<string, string>();
    const w0 = fold(sources[0] ?? '').trim().split(' ');
    const t0 = fold(targets[0] ?? '').trim().split(' ');
    if (w0.length === t0.length) w0.forEach((w, k) => w !== t0[k] && wordFix.set(w, t0[k]!));
    sources.forEach((src, i) => {
      const from = fold(src).trim();
      const to =
        i < targets.length
          ? fold(targets[i]!).trim()
          : from.split(' ').map((w) => wordFix.get(w) ?? w).join(' ');
      // only repairs that survive folding, and only phrases or distinctive tokens (never bare common syllables)
      if (!from || !to || from === to || /[^\x20-\x7e]/.test(from)) return;
      if (!from.includes(' ') && from.length < 5) return;
      if (/\b(for|none)\b/.test(to) || /\b(for|none)\b/.test(from)) return;
      ocrPairs.push([from, to]);
    });
  }
  rules = { abbreviations, foldedAbbreviations, ocr: rule(ocrPairs) };
  return rules;
}

/** Characters OCR or translation tools insert that carry nothing (CJK, private use, replacement char). */
const JUNK = /[\u3000-\u9fff\uf900-\ufaff\ue000-\uf8ff\ufffd]/gu;

/** Expand abbreviations in NFC text (case-sensitive acronyms): "CSDL quốc gia" → "Cơ sở dữ liệu quốc gia". */
export function expandAbbreviations(text: string): string {
  return apply(loadRules().abbreviations, nfc(text));
}

/** NFC, HTML tags dropped, abbreviations expanded, one tone placement, lower case. Accents kept. */
export function canonText(text: string): string {
  const s = expandAbbreviations(text.replace(/<[^>]*>/g, ' ').replace(JUNK, ' '));
  return toneCanon(s).toLowerCase();
}

/** The folded matching key: no diacritics, punctuation as spaces, OCR slips repaired, abbreviations expanded. */
export const matchKey: (text: string) => string = memo(computeKey, 50_000);

function computeKey(text: string): string {
  const { foldedAbbreviations, ocr } = loadRules();
  // folding drops the tone marks, so the tone placement of canonText is not needed here
  let s = fold(expandAbbreviations(text.replace(/<[^>]*>/g, ' ').replace(JUNK, ' ')))
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[^\p{L}\p{N}%/-]+/gu, ' ')
    .replace(/(?<![\p{L}\p{N}])[-/]+|[-/]+(?![\p{L}\p{N}])/gu, ' ');
  s = ` ${s.replace(/\s+/g, ' ').trim()} `;
  s = apply(foldedAbbreviations, apply(ocr, s));
  return s.replace(/\s+/g, ' ').trim();
}

/** Words that say nothing about which task a row is (kept out of the index). */
const STOP = new Set(
  'va cua cac cho voi tai trong theo de la co duoc nhung mot so tu den tren ve da dang se nay do khi hoac'.split(' '),
);

/** Syllables of the matching key, filler words dropped; numbers and document numbers kept as tokens. */
export function matchTokens(text: string): string[] {
  return keyTokens(matchKey(text));
}

/** The tokens of a key `matchKey` already made (a stored decision's textKey): no normalising again. */
export function keyTokens(key: string): string[] {
  return key.split(' ').filter((t) => t && !STOP.has(t));
}

/** true when the text was cut short ("…", "...", "…)"). */
export function isShortened(text: string): boolean {
  return /(\.{3}|…)\s*[)"”]?\s*$/.test(text.trim());
}

/** Document references a text cites: "Chỉ thị 04/CT-TTg", "Chi thi 05", "Thông báo 2513/TCTTKĐA" → normalised numbers. */
export function citedDirectives(text: string): string[] {
  const k = fold(text).replace(/\s+/g, ' ');
  const out = new Set<string>();
  for (const m of k.matchAll(/(\d{1,5})\s*\/\s*(?:\d{4}\s*\/\s*)?([a-z]{1,6})\s*-\s*([a-z]{2,9})/g)) {
    out.add(`${Number(m[1])}/${m[2]}-${m[3]}`);
  }
  // notices of the working group often drop the type code: "2513/TCTTKĐA", "3151/TCTRKĐA"
  for (const m of k.matchAll(/(\d{2,5})\s*\/\s*(t+c\w{0,3}kd\/?a)\b/g)) out.add(`${Number(m[1])}/tb-tcttkda`);
  // "Chỉ thị 05, ngày …", "Chi thi 27" without the issuer code
  for (const m of k.matchAll(/\bchi thi (?:so )?(\d{1,3})(?![\d/])/g)) out.add(`${Number(m[1])}/ct-ttg`);
  return [...out];
}

/** The directive number of a task as `citedDirectives` writes it: "04/CT-TTg" → "4/ct-ttg". */
export const directiveKey: (number: string) => string = memo(computeDirectiveKey, 10_000);

function computeDirectiveKey(number: string): string {
  const m = fold(number).match(/(\d+)\s*\/\s*(?:\d{4}\s*\/\s*)?([a-z]+)\s*-\s*([a-z]+)/);
  return m ? `${Number(m[1])}/${m[2]}-${m[3]}` : fold(number);
}
