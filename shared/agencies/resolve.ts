/**
 * An agency cell → agency ids. Handles lists ("Bộ Công an, Bộ Tư pháp"), a shared prefix ("Các Bộ: Công thương;
 * Giáo dục và Đào tạo; …"), groups ("Các bộ, ngành, địa phương", "UBND 63 địa phương"), counted lists
 * ("09 địa phương: An Giang, …"), a lead with partners ("X chủ trì, phối hợp Y"), sub-units ("Bộ Tài chính Ủy ban
 * chứng khoán nhà nước" → bo-tai-chinh), abbreviations, missing diacritics and OCR slips.
 *
 * How: the cell is cut into words (folded: lower case, no diacritics) with the separators between them kept; the
 * longest known spelling (or group phrase) is taken at each word; what is left over between separators is tried
 * once more with a small edit distance, then kept raw in `unresolved` (never dropped).
 */
import type { AgencyRef } from '#shared/domain/task';
import { headerKey, nfc } from '#shared/domain/vietnamese';
import { agencyDirectory, type AgencyDirectory } from './directory';
import { agencyLexicon, foldWord, type AgencyLexicon } from './lexicon';
import type { GroupId } from './model';

export interface AgencyResolution extends AgencyRef {
  /** ids named after "phối hợp" (partners, not owners of the task) */
  partners?: string[];
  partnerGroups?: string[];
  /** with asOf: the ids that answer for `ids` on that date (in the same order, deduplicated) */
  successors?: string[];
  partnerSuccessors?: string[];
  /** sub-units named in the cell and the agency that answers for each */
  units?: Array<{ text: string; unitId?: string; agencyId: string }>;
  /** remarks in Vietnamese: approximate matches, declared counts that differ from the list, … */
  notes?: string[];
}

interface Tok {
  w: string;
  start: number;
  end: number;
  /** the separator in the gap before this word (',', ';', ':', '(', ')', '/', '+') or '' */
  sep: string;
}

type Target = { id: string } | { groups: GroupId[]; consumeSegment?: boolean };
interface Entry { words: string[]; target: Target }


function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let prev = 0;
  for (const m of src.matchAll(/[\p{L}\p{N}]+/gu)) {
    const gap = src.slice(prev, m.index);
    const sep = /:/.test(gap) ? ':' : (/[,;()/+\n]/.exec(gap)?.[0] ?? '');
    out.push({ w: foldWord(m[0]), start: m.index!, end: m.index! + m[0].length, sep });
    prev = m.index! + m[0].length;
  }
  return out;
}

const M: GroupId = 'all_ministries';
const P: GroupId = 'all_provinces';

interface Index {
  byFirst: Map<string, Entry[]>;
  /** ministry spellings without their leading "bo" ("cong thuong", "ke hoach va dau tu"), for lists under "Các Bộ:" */
  bareMinistries: Map<string, Entry[]>;
  keys: Array<{ key: string; id: string }>;
}

const indexes = new WeakMap<AgencyDirectory, Index>();

function indexOf(dir: AgencyDirectory, lex: AgencyLexicon): Index {
  let idx = indexes.get(dir);
  if (idx) return idx;
  const byFirst = new Map<string, Entry[]>();
  const bareMinistries = new Map<string, Entry[]>();
  const push = (m: Map<string, Entry[]>, e: Entry) => {
    const k = e.words[0]!;
    m.set(k, [...(m.get(k) ?? []), e]);
  };
  const keys: Index['keys'] = [];
  for (const [key, id] of dir.keys) {
    const words = key.split(' ');
    push(byFirst, { words, target: { id } });
    keys.push({ key, id });
    if (words[0] === 'bo' && words.length >= 3) push(bareMinistries, { words: words.slice(1), target: { id } });
  }
  for (const g of lex.groups) push(byFirst, { words: g.words, target: { groups: g.groups, consumeSegment: g.consumeSegment } });
  for (const m of [byFirst, bareMinistries]) for (const list of m.values()) list.sort((a, b) => b.words.length - a.words.length);
  idx = { byFirst, bareMinistries, keys };
  indexes.set(dir, idx);
  return idx;
}

function longest(list: Entry[] | undefined, toks: Tok[], i: number): Entry | undefined {
  if (!list) return undefined;
  for (const e of list) {
    if (i + e.words.length > toks.length) continue;
    let ok = true;
    for (let k = 0; k < e.words.length && ok; k++) {
      if (toks[i + k]!.w !== e.words[k]) ok = false;
      // a ':' inside a phrase ends it ("Các Bộ: Công thương" is a prefix, not "các bộ công thương")
      else if (k > 0 && toks[i + k]!.sep === ':') ok = false;
    }
    if (ok) return e;
  }
  return undefined;
}

function levenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** An unresolved leftover that is one or two typing slips away from a known spelling. */
function approximate(idx: Index, text: string): string | undefined {
  const key = headerKey(text);
  if (key.length < 6) return undefined;
  const max = key.length >= 14 ? 2 : 1;
  let best: { d: number; ids: Set<string> } = { d: max + 1, ids: new Set() };
  const first = (x: string) => x.split(' ', 1)[0];
  for (const { key: k, id } of idx.keys) {
    if (k.length < 6) continue;
    for (const cand of [key, `bo ${key}`]) {
      // "Sở Tư pháp" is not "Bộ Tư pháp": a slip may not change the head word of a name
      if (cand.includes(' ') && first(cand) !== first(k)) continue;
      const d = levenshtein(cand, k, max);
      if (d < best.d) best = { d, ids: new Set([id]) };
      else if (d === best.d && d <= max) best.ids.add(id);
    }
  }
  return best.d <= max && best.ids.size === 1 ? [...best.ids][0] : undefined;
}

/** "<provincial body> tỉnh|thành phố|TP <province>" starting at i, within one segment: the province and where it ends. */
function localUnit(dir: AgencyDirectory, idx: Index, lex: AgencyLexicon, toks: Tok[], i: number): { id: string; at: number; end: number } | undefined {
  const head = lex.localHeads.find((h) => h.every((w, k) => toks[i + k]?.w === w && (k === 0 || toks[i + k]!.sep === '')));
  if (!head) return undefined;
  for (let j = i + head.length; j < Math.min(toks.length, i + head.length + 12); j++) {
    if (toks[j]!.sep !== '') return undefined; // the segment ended without naming a province
    const w = toks[j]!.w;
    const skip = w === 'tinh' || w === 'tp' ? 1 : w === 'thanh' && toks[j + 1]?.w === 'pho' ? 2 : 0;
    if (!skip) continue;
    const e = longest(idx.byFirst.get(toks[j + skip]?.w ?? ''), toks, j + skip);
    if (!e || !('id' in e.target)) continue;
    const a = dir.get(e.target.id);
    if (a && (a.type === 'province' || a.type === 'city')) return { id: a.id, at: j, end: j + skip + e.words.length };
  }
  return undefined;
}

interface Item { kind: 'id' | 'group'; value: string; tok: number; end: number }

/** The state of one resolution: the cell's words, what each word was read as, and remarks. */
interface Scan {
  dir: AgencyDirectory;
  idx: Index;
  lex: AgencyLexicon;
  src: string;
  toks: Tok[];
  items: Item[];
  consumed: boolean[];
  units: NonNullable<AgencyResolution['units']>;
  notes: string[];
  /** a "Các Bộ:" prefix was seen: bare ministry names ("Công thương") follow */
  prefixBo: boolean;
  declared?: { count: number; from: number };
}

const take = (s: Scan, i: number, n: number) => { for (let k = i; k < i + n; k++) s.consumed[k] = true; };
const segStart = (s: Scan, i: number) => i === 0 || s.toks[i]!.sep !== '';

function start(text: unknown, dir: AgencyDirectory): Scan {
  const raw = typeof text === 'string' ? text : String(text ?? '');
  const lex = agencyLexicon();
  const src = nfc(raw.replace(/<[^>]*>/g, ' '));
  const toks = tokenize(src);
  return { dir, idx: indexOf(dir, lex), lex, src, toks, items: [], consumed: new Array<boolean>(toks.length).fill(false), units: [], notes: [], prefixBo: false };
}

/** "09 địa phương: …", "07 địa phương", "63 tỉnh, thành phố": a counted group (or the count of a list that follows). */
function scanCount(s: Scan, i: number): number | undefined {
  const t = s.toks[i]!;
  if (!/^\d{1,2}$/.test(t.w)) return undefined;
  const e = longest(s.lex.countNouns.map((words) => ({ words, target: { groups: [P] } })), s.toks, i + 1);
  if (!e) return undefined;
  const n = Number(t.w);
  const after = i + 1 + e.words.length;
  take(s, i, 1 + e.words.length);
  const listFollows = s.toks[after]?.sep === ':';
  if (listFollows) s.declared = { count: n, from: after };
  else s.items.push({ kind: 'group', value: n === 63 || n === 34 ? 'all_provinces' : 'some_provinces', tok: i, end: after });
  if (!listFollows && n !== 63 && n !== 34) s.notes.push(`${t.w} địa phương (không nêu tên)`);
  return after;
}

/** A provincial body: "Công an tỉnh X", "Sở Thông tin và Truyền thông tỉnh X", "Văn phòng UBND tỉnh X" → province X. */
function scanLocal(s: Scan, i: number): number | undefined {
  const local = localUnit(s.dir, s.idx, s.lex, s.toks, i);
  if (!local) return undefined;
  s.units.push({ text: s.src.slice(s.toks[i]!.start, s.toks[local.at - 1]!.end), agencyId: local.id });
  s.items.push({ kind: 'id', value: local.id, tok: i, end: local.end });
  take(s, i, local.end - i);
  return local.end;
}

/** A known spelling (agency, sub-unit → its agency) or group phrase at word i. */
function scanEntry(s: Scan, i: number): number | undefined {
  const t = s.toks[i]!;
  let e = longest(s.idx.byFirst.get(t.w), s.toks, i);
  if (!e && (s.prefixBo || segStart(s, i))) e = longest(s.idx.bareMinistries.get(t.w), s.toks, i);
  if (!e) return undefined;
  if (!('id' in e.target)) return scanGroup(s, i, e.words.length, e.target);
  const n = e.words.length;
  const a = s.dir.get(e.target.id);
  const id = a?.unitOf ?? e.target.id;
  if (a?.unitOf) s.units.push({ text: s.src.slice(t.start, s.toks[i + n - 1]!.end), unitId: a.id, agencyId: a.unitOf });
  s.items.push({ kind: 'id', value: id, tok: i, end: i + n });
  take(s, i, n);
  return i + n;
}

/** "UBND các tỉnh Hà Giang, Lào Cai", "Các Bộ Công an, Tư pháp": the group words only introduce a list of names. */
function namesFollow(s: Scan, at: number, groups: GroupId[]): boolean {
  const next = s.toks[at];
  if (!next || next.sep !== '') return false;
  const direct = longest(s.idx.byFirst.get(next.w), s.toks, at);
  if (direct && 'id' in direct.target) return true;
  return groups.includes(M) && !!longest(s.idx.bareMinistries.get(next.w), s.toks, at);
}

/** A group phrase: a shared prefix ("Các Bộ: …"), or the group, narrowed to "related" when "liên quan" follows. */
function scanGroup(s: Scan, i: number, n: number, target: { groups: GroupId[]; consumeSegment?: boolean }): number {
  const wide = target.groups.includes(M) || target.groups.includes(P);
  if (!target.consumeSegment && (s.toks[i + n]?.sep === ':' || (wide && namesFollow(s, i + n, target.groups)))) {
    if (target.groups.includes(M)) s.prefixBo = true;
    take(s, i, n);
    return i + n;
  }
  let groups = target.groups;
  const rel = longest(s.lex.related.map((words) => ({ words, target: { groups: [] } })), s.toks, i + n);
  if (rel) {
    groups = groups.map((g) => (g === M ? 'related_ministries' : g === P ? 'related_provinces' : g));
    n += rel.words.length;
  }
  if (target.consumeSegment) while (i + n < s.toks.length && !/[,;:]/.test(s.toks[i + n]!.sep)) n++;
  for (const g of groups) s.items.push({ kind: 'group', value: g, tok: i, end: i + n });
  take(s, i, n);
  return i + n;
}

function scan(s: Scan): void {
  for (let i = 0; i < s.toks.length; ) i = scanCount(s, i) ?? scanLocal(s, i) ?? scanEntry(s, i) ?? i + 1;
}

/** Runs of unconsumed words between separators: a slip of a known name, a sub-unit, or kept raw as unresolved. */
function leftovers(s: Scan): string[] {
  const { toks, consumed, lex } = s;
  const unresolved: string[] = [];
  for (let i = 0; i < toks.length; ) {
    if (consumed[i]) { i++; continue; }
    let j = i;
    while (j + 1 < toks.length && !consumed[j + 1] && toks[j + 1]!.sep === '') j++;
    const words = toks.slice(i, j + 1);
    if (words.some((w) => !lex.filler.has(w.w) && !/^\d{1,2}$/.test(w.w))) {
      let a = 0, b = words.length - 1;
      while (a < b && lex.trimStart.has(words[a]!.w)) a++;
      while (b > a && lex.trimEnd.has(words[b]!.w)) b--;
      const part = s.src.slice(words[a]!.start, words[b]!.end);
      if (!readLeftover(s, part, i, j, a === 0 ? words[0]!.w : undefined)) unresolved.push(part);
    }
    i = j + 1;
  }
  return unresolved;
}

/** An approximate name, or a sub-unit written right after its agency ("Bộ Tài chính Ủy ban …", "Bộ Y tế (Cục …)"). */
function readLeftover(s: Scan, part: string, i: number, j: number, firstWord: string | undefined): boolean {
  const approx = approximate(s.idx, part);
  if (approx) {
    const id = s.dir.get(approx)?.unitOf ?? approx;
    s.items.push({ kind: 'id', value: id, tok: i, end: j + 1 });
    s.notes.push(`"${part}" đọc gần đúng là ${s.dir.get(id)?.name ?? id}`);
    return true;
  }
  const prevItem = s.items.find((it) => it.kind === 'id' && it.end === i);
  const glued = !!prevItem && (s.toks[i]!.sep === '' || s.toks[i]!.sep === '(') && firstWord !== undefined;
  if (glued && prevItem && s.lex.unitHeads.has(firstWord!)) {
    s.units.push({ text: part, agencyId: prevItem.value });
    return true;
  }
  return false;
}

/** Lead vs partners: the first free "phối hợp" that has someone named after it (-1: none). */
function partnerSplit(s: Scan): number {
  for (let i = 0; i + 1 < s.toks.length; i++) {
    if (!s.consumed[i] && s.toks[i]!.w === 'phoi' && s.toks[i + 1]!.w === 'hop' && s.items.some((it) => it.tok > i)) return i;
  }
  return -1;
}

const uniq = (xs: string[]) => [...new Set(xs)];
const valuesOf = (items: Item[], kind: Item['kind']) => uniq(items.filter((x) => x.kind === kind).map((x) => x.value));

function assemble(s: Scan, raw: string, unresolved: string[], split: number, asOf: string | undefined): AgencyResolution {
  s.items.sort((x, y) => x.tok - y.tok);
  const lead = split < 0 ? s.items : s.items.filter((it) => it.tok < split);
  const out: AgencyResolution = { raw, ids: valuesOf(lead, 'id') };
  const groups = valuesOf(lead, 'group');
  if (groups.length) out.groups = groups;
  if (unresolved.length) out.unresolved = unresolved;
  if (split >= 0) {
    const partners = s.items.filter((it) => it.tok > split);
    out.partners = valuesOf(partners, 'id');
    const pg = valuesOf(partners, 'group');
    if (pg.length) out.partnerGroups = pg;
  }
  if (s.units.length) out.units = s.units;
  if (s.declared) {
    const listed = s.items.filter((it) => it.kind === 'id' && it.tok >= s.declared!.from).length;
    if (listed !== s.declared.count) s.notes.push(`Nêu ${String(s.declared.count).padStart(2, '0')} địa phương nhưng liệt kê ${listed}`);
  }
  if (s.notes.length) out.notes = s.notes;
  if (asOf) {
    out.successors = uniq(out.ids.map((id) => s.dir.successorOn(id, asOf)));
    if (out.partners) out.partnerSuccessors = uniq(out.partners.map((id) => s.dir.successorOn(id, asOf)));
  }
  return out;
}

/** Phases: start (words) → scan (counts, provincial bodies, names, groups) → leftovers → lead vs partners → assemble. */
export function resolveAgencies(text: string, opts: { asOf?: string; directory?: AgencyDirectory } = {}): AgencyResolution {
  const raw = typeof text === 'string' ? text : String(text ?? '');
  const s = start(raw, opts.directory ?? agencyDirectory());
  scan(s);
  const unresolved = leftovers(s);
  return assemble(s, raw, unresolved, partnerSplit(s), opts.asOf);
}
