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

const foldWord = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

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
const GROUP_PHRASES: Array<[string, GroupId[], boolean?]> = [
  // ministries and provinces together
  ...['cac bo nganh dia phuong', 'bo nganh dia phuong', 'cac bo nganh va dia phuong', 'cac bo nganh va cac dia phuong',
    'cac bo dia phuong', 'bo nganh va dia phuong', 'cac bo nganh trung uong va dia phuong', 'cac bo co quan va dia phuong',
    'cac bo co quan dia phuong', 'cac bo nganh trung uong dia phuong', 'bo nganh trung uong dia phuong',
    'cac bo co quan ngang bo co quan thuoc chinh phu ubnd cac tinh thanh pho truc thuoc trung uong',
    'cac bo co quan ngang bo co quan thuoc chinh phu uy ban nhan dan cac tinh thanh pho truc thuoc trung uong',
  ].map((p): [string, GroupId[]] => [p, [M, P]]),
  // ministries
  ...['cac bo nganh', 'bo nganh', 'cac bo', 'cac bo co quan', 'cac bo co quan ngang bo', 'cac bo nganh trung uong',
    'cac bo co quan ngang bo co quan thuoc chinh phu', 'bo co quan ngang bo co quan thuoc chinh phu', 'cac nganh',
  ].map((p): [string, GroupId[]] => [p, [M]]),
  // provinces
  ...['ubnd 63 dia phuong', '63 dia phuong', 'ubnd cac dia phuong', 'uy ban nhan dan cac dia phuong', 'cac dia phuong', 'dia phuong',
    'ubnd cac tinh thanh pho', 'uy ban nhan dan cac tinh thanh pho', 'ubnd cac tinh thanh pho truc thuoc trung uong',
    'ubnd cac tinh thanh pho truc thuoc tw', 'uy ban nhan dan cac tinh thanh pho truc thuoc trung uong', 'ubnd cac tinh tp truc thuoc tw',
    'ubnd cac tinh tp truc thuoc trung uong', 'ubnd cac tinh tp', 'cac tinh thanh pho', 'cac tinh thanh pho truc thuoc trung uong',
    'cac tinh tp truc thuoc tw', 'ubnd tinh thanh pho', '63 tinh thanh pho', 'ubnd cac tinh', 'uy ban nhan dan cac tinh', 'cac tinh',
    'ubnd cap tinh', 'ubnd 63 tinh thanh pho', 'uy ban nhan dan tinh thanh pho truc thuoc trung uong', 'cac tinh thanh',
  ].map((p): [string, GroupId[]] => [p, [P]]),
  // anyone concerned
  ...['cac co quan', 'co quan', 'cac don vi', 'cac co quan don vi', 'cac don vi co quan', 'cac co quan to chuc',
    'cac co quan don vi co lien quan', 'cac don vi co lien quan', 'cac co quan co lien quan', 'cac don vi lien quan',
    'cac co quan lien quan', 'co quan lien quan', 'don vi lien quan', 'cac to chuc',
  ].map((p): [string, GroupId[]] => [p, ['related_agencies']]),
  ...['cac co quan thong tan bao chi trung uong dia phuong', 'cac co quan thong tan bao chi', 'cac co quan bao chi',
    'co quan bao chi', 'cac co quan thong tan bao chi trung uong va dia phuong',
  ].map((p): [string, GroupId[]] => [p, ['press']]),
  ['cac bo nganh duoc giao', ['assigned_ministries'], true],
  ['cac bo duoc giao', ['assigned_ministries'], true],
];

/** Words that carry no agency of their own (connectives, roles, "UBND", "tỉnh" …). */
const FILLER = new Set([
  'va', 'cac', 'voi', 'cung', 'chu', 'tri', 'phoi', 'hop', 'chat', 'che', 'lien', 'quan', 'co', 'theo', 'tham', 'quyen',
  'kiem', 'tra', 'dinh', 'ky', 'don', 'doc', 'ubnd', 'uy', 'ban', 'nhan', 'dan', 'tinh', 'tp', 'thanh', 'pho', 'truc',
  'thuoc', 'tw', 'trung', 'uong', 'khac', 'cap', 'huong', 'la', 'do', 'thuc', 'hien', 'to', 'chuc', 'vi', 'nganh', 'bo',
  'tai', 'trong', 'cua', 'de', 'xuat', 'tham', 'gia', 'giao', 'duoc', 'nhiem', 'vu', 'theo', 'doi', 'phu', 'trach',
]);
/** First words of a sub-unit name: a leftover starting so, right after an agency, is that agency's unit. */
const UNIT_WORDS = new Set(['cuc', 'vu', 'tong', 'vien', 'trung', 'ban', 'van', 'uy', 'phong', 'so', 'chi', 'thanh', 'hoc', 'truong', 'benh', 'bao', 'dai', 'quy', 'kho']);

interface Index {
  byFirst: Map<string, Entry[]>;
  /** ministry spellings without their leading "bo" ("cong thuong", "ke hoach va dau tu"), for lists under "Các Bộ:" */
  bareMinistries: Map<string, Entry[]>;
  keys: Array<{ key: string; id: string }>;
}

const indexes = new WeakMap<AgencyDirectory, Index>();

function indexOf(dir: AgencyDirectory): Index {
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
  for (const [p, groups, consumeSegment] of GROUP_PHRASES) push(byFirst, { words: p.split(' '), target: { groups, consumeSegment } });
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

/** Bodies of a province that answer through it ("UBND tỉnh X" itself is a spelling of the province). */
const LOCAL_HEADS: string[][] = [['cong', 'an'], ['so'], ['van', 'phong', 'ubnd'], ['van', 'phong', 'uy', 'ban', 'nhan', 'dan'], ['ban', 'chi', 'dao'], ['to', 'cong', 'tac']];

/** "<provincial body> tỉnh|thành phố|TP <province>" starting at i, within one segment: the province and where it ends. */
function localUnit(dir: AgencyDirectory, idx: Index, toks: Tok[], i: number): { id: string; at: number; end: number } | undefined {
  const head = LOCAL_HEADS.find((h) => h.every((w, k) => toks[i + k]?.w === w && (k === 0 || toks[i + k]!.sep === '')));
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

export function resolveAgencies(text: string, opts: { asOf?: string; directory?: AgencyDirectory } = {}): AgencyResolution {
  const raw = typeof text === 'string' ? text : String(text ?? '');
  const dir = opts.directory ?? agencyDirectory();
  const idx = indexOf(dir);
  const src = nfc(raw.replace(/<[^>]*>/g, ' '));
  const toks = tokenize(src);
  const items: Item[] = [];
  const consumed = new Array<boolean>(toks.length).fill(false);
  const units: NonNullable<AgencyResolution['units']> = [];
  const notes: string[] = [];
  let prefixBo = false;
  let declared: { count: number; from: number } | undefined;

  const take = (i: number, n: number) => { for (let k = i; k < i + n; k++) consumed[k] = true; };
  const segStart = (i: number) => i === 0 || toks[i]!.sep !== '';

  for (let i = 0; i < toks.length; ) {
    const t = toks[i]!;
    // "09 địa phương: …", "07 địa phương", "63 tỉnh, thành phố"
    if (/^\d{1,2}$/.test(t.w)) {
      const e = longest([{ words: ['dia', 'phuong'], target: { groups: [P] } }, { words: ['tinh', 'thanh', 'pho'], target: { groups: [P] } }, { words: ['tinh'], target: { groups: [P] } }], toks, i + 1);
      if (e) {
        const n = Number(t.w);
        const after = i + 1 + e.words.length;
        take(i, 1 + e.words.length);
        if (toks[after]?.sep === ':') declared = { count: n, from: after };
        else items.push({ kind: 'group', value: n === 63 || n === 34 ? 'all_provinces' : 'some_provinces', tok: i, end: after });
        if (!toks[after] || toks[after]!.sep !== ':') if (n !== 63 && n !== 34) notes.push(`${t.w} địa phương (không nêu tên)`);
        i = after;
        continue;
      }
    }
    // a provincial body: "Công an tỉnh X", "Sở Thông tin và Truyền thông tỉnh X", "Văn phòng UBND tỉnh X" → province X
    const local = localUnit(dir, idx, toks, i);
    if (local) {
      units.push({ text: src.slice(t.start, toks[local.at - 1]!.end), agencyId: local.id });
      items.push({ kind: 'id', value: local.id, tok: i, end: local.end });
      take(i, local.end - i);
      i = local.end;
      continue;
    }
    let e = longest(idx.byFirst.get(t.w), toks, i);
    if (!e && (prefixBo || segStart(i))) e = longest(idx.bareMinistries.get(t.w), toks, i);
    if (!e) { i++; continue; }
    let n = e.words.length;
    if ('id' in e.target) {
      const a = dir.get(e.target.id);
      const id = a?.unitOf ?? e.target.id;
      if (a?.unitOf) units.push({ text: src.slice(t.start, toks[i + n - 1]!.end), unitId: a.id, agencyId: a.unitOf });
      items.push({ kind: 'id', value: id, tok: i, end: i + n });
    } else {
      const target = e.target as { groups: GroupId[]; consumeSegment?: boolean };
      const next = toks[i + n];
      const namesFollow = () => {
        // "UBND các tỉnh Hà Giang, Lào Cai", "Các Bộ Công an, Tư pháp": the group words only introduce a list
        if (!next || next.sep !== '') return false;
        const direct = longest(idx.byFirst.get(next.w), toks, i + n);
        if (direct && 'id' in direct.target) return true;
        return target.groups.includes(M) && !!longest(idx.bareMinistries.get(next.w), toks, i + n);
      };
      if (!target.consumeSegment && (next?.sep === ':' || ((target.groups.includes(M) || target.groups.includes(P)) && namesFollow()))) {
        // a shared prefix, not a group: "Các Bộ: …", "Ủy ban nhân dân các tỉnh: …"
        if (target.groups.includes(M)) prefixBo = true;
        take(i, n);
        i += n;
        continue;
      }
      let groups = e.target.groups;
      // "… (có) liên quan" narrows "all" to "related"
      const rel = longest([{ words: ['co', 'lien', 'quan'], target: { groups: [] } }, { words: ['lien', 'quan'], target: { groups: [] } }, { words: ['khac', 'co', 'lien', 'quan'], target: { groups: [] } }, { words: ['khac', 'lien', 'quan'], target: { groups: [] } }], toks, i + n);
      if (rel) {
        groups = groups.map((g) => (g === M ? 'related_ministries' : g === P ? 'related_provinces' : g));
        n += rel.words.length;
      }
      if (e.target.consumeSegment) while (i + n < toks.length && !/[,;:]/.test(toks[i + n]!.sep)) n++;
      for (const g of groups) items.push({ kind: 'group', value: g, tok: i, end: i + n });
    }
    take(i, n);
    i += n;
  }

  // leftovers: runs of unconsumed words between separators
  const unresolved: string[] = [];
  for (let i = 0; i < toks.length; ) {
    if (consumed[i]) { i++; continue; }
    let j = i;
    while (j + 1 < toks.length && !consumed[j + 1] && toks[j + 1]!.sep === '') j++;
    const words = toks.slice(i, j + 1);
    if (words.some((w) => !FILLER.has(w.w) && !/^\d{1,2}$/.test(w.w))) {
      // trim connectives at the ends
      let a = 0, b = words.length - 1;
      while (a < b && ['va', 'cac', 'voi', 'phoi', 'hop', 'chu', 'tri'].includes(words[a]!.w)) a++;
      while (b > a && ['va', 'cac', 'voi'].includes(words[b]!.w)) b--;
      const part = src.slice(words[a]!.start, words[b]!.end);
      // a sub-unit written right after its agency: "Bộ Tài chính Ủy ban …", "Bộ Y tế (Cục …)"
      const prevItem = items.find((it) => it.kind === 'id' && it.end === i);
      const glued = !!prevItem && (toks[i]!.sep === '' || toks[i]!.sep === '(') && a === 0;
      const approx = approximate(idx, part);
      if (approx) {
        const a2 = dir.get(approx);
        const id = a2?.unitOf ?? approx;
        items.push({ kind: 'id', value: id, tok: i, end: j + 1 });
        notes.push(`"${part}" đọc gần đúng là ${dir.get(id)?.name ?? id}`);
      } else if (glued && prevItem && UNIT_WORDS.has(words[a]!.w)) {
        units.push({ text: part, agencyId: prevItem.value });
      } else {
        unresolved.push(part);
      }
    }
    i = j + 1;
  }

  // lead vs partners: everything after the first free "phối hợp" that names someone
  let split = -1;
  for (let i = 0; i + 1 < toks.length; i++) {
    if (!consumed[i] && toks[i]!.w === 'phoi' && toks[i + 1]!.w === 'hop') {
      if (items.some((it) => it.tok > i)) { split = i; break; }
    }
  }
  items.sort((x, y) => x.tok - y.tok);
  const uniq = (xs: string[]) => [...new Set(xs)];
  const lead = split < 0 ? items : items.filter((it) => it.tok < split);
  const partners = split < 0 ? [] : items.filter((it) => it.tok > split);

  const out: AgencyResolution = {
    raw,
    ids: uniq(lead.filter((x) => x.kind === 'id').map((x) => x.value)),
  };
  const groups = uniq(lead.filter((x) => x.kind === 'group').map((x) => x.value));
  if (groups.length) out.groups = groups;
  if (unresolved.length) out.unresolved = unresolved;
  if (split >= 0) {
    out.partners = uniq(partners.filter((x) => x.kind === 'id').map((x) => x.value));
    const pg = uniq(partners.filter((x) => x.kind === 'group').map((x) => x.value));
    if (pg.length) out.partnerGroups = pg;
  }
  if (units.length) out.units = units;
  if (declared) {
    const listed = items.filter((it) => it.kind === 'id' && it.tok >= declared!.from).length;
    if (listed !== declared.count) notes.push(`Nêu ${String(declared.count).padStart(2, '0')} địa phương nhưng liệt kê ${listed}`);
  }
  if (notes.length) out.notes = notes;
  if (opts.asOf) {
    out.successors = uniq(out.ids.map((id) => dir.successorOn(id, opts.asOf!)));
    if (out.partners) out.partnerSuccessors = uniq(out.partners.map((id) => dir.successorOn(id, opts.asOf!)));
  }
  return out;
}
