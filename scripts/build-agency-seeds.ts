/**
 * Builds seeds/agencies/agencies.json from the domain facts (seeds/domain/agencies.tsv, provinces_2025.tsv,
 * abbreviations.tsv) plus our reviewed additions (seeds/agencies/additions.tsv).
 *
 *   npx tsx scripts/build-agency-seeds.ts          # writes seeds/agencies/agencies.json
 *   npx tsx scripts/build-agency-seeds.ts --check  # exits 1 when the committed JSON is out of date
 *
 * `buildAgencyData()` is pure (reads the TSVs, returns the data) so a test can pin the committed JSON to it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedPath } from '#shared/domain/seeds';
import { fold, headerKey, nfc } from '#shared/domain/vietnamese';
import { AgencyData, GROUPS, type Agency, type AgencyType } from '#shared/agencies/model';

const RESTRUCTURING_DAY_BEFORE = '2025-02-28'; // NQ 176/2025/QH15 takes effect 2025-03-01
const PROVINCES_DAY_BEFORE = '2025-06-30'; // NQ 202/2025/QH15 takes effect 2025-07-01

export function slug(s: string): string {
  return fold(s).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

function readTsv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t').map((c) => nfc(c)));
}

const splitList = (s: string) => s.split(/\s*;\s*/).map((x) => x.trim()).filter(Boolean);
/** "'Ngoại giao'" → "Ngoại giao"; "(not in seeds)" → ""; "X (garbled)" → "X". */
const cleanSpelling = (s: string) => s.replace(/\([^)]*\)/g, '').replace(/['"]/g, '').trim();

function typeOf(t: string): AgencyType | undefined {
  const x = t.toLowerCase();
  if (x === 'bộ') return 'ministry';
  if (x.startsWith('cơ quan ngang bộ')) return 'ministry_level';
  if (x.startsWith('cơ quan thuộc chính phủ') || x.startsWith('under bộ')) return 'government_agency';
  if (x.startsWith('judiciary') || x.startsWith('procuracy')) return 'judiciary';
  if (x.startsWith('na body')) return 'national_assembly_body';
  if (x.startsWith('soe')) return 'soe';
  return undefined; // 'local' (the UBND row) is a group, not an agency
}

const ID_OVERRIDES: Record<string, string> = {
  'Bảo hiểm xã hội Việt Nam': 'bhxh-viet-nam',
};

export function buildAgencyData(): AgencyData {
  const byId = new Map<string, Agency>();
  const add = (a: Agency) => byId.set(a.id, a);
  const byName = new Map<string, string>(); // fold(name or alias) → id
  const successorNames: Array<[string, string]> = [];

  // 1. ministries, ministry-level and government agencies, other bodies
  const [, ...agencyRows] = readTsv(seedPath('domain', 'agencies.tsv'));
  for (const r of agencyRows) {
    const [name, type2024, code, shortForms, english, variants, successor] = r as [string, string, string, string, string, string, string];
    const type = typeOf(type2024 ?? '');
    if (!type) continue;
    const id = ID_OVERRIDES[name] ?? slug(name);
    const aliases = new Set<string>();
    const codes = (code ?? '').split(/\s*\/\s*|\s*\(older:\s*|\)/).map((c) => c.trim()).filter(Boolean);
    for (const c of codes.slice(1)) aliases.add(c);
    for (const s of splitList(shortForms ?? '')) {
      const head = s.replace(/^units?\s.*$/i, '').trim();
      const cleaned = cleanSpelling(head.split(/,\s*(?:unit|V\d)/)[0]!);
      if (cleaned) aliases.add(cleaned);
    }
    for (const v of splitList(variants ?? '')) {
      const cleaned = cleanSpelling(v);
      if (cleaned) aliases.add(cleaned);
    }
    if (english && english.length >= 3) aliases.add(english);
    const a: Agency = { id, name, type, aliases: [...aliases] };
    if (codes[0]) a.code = codes[0];
    if (english) a.english = english;
    const m = /^(?:MERGED into|BECOMES)\s+(Bộ [^(;,]+?)\s*(?:\(|$|;)/.exec(successor ?? '');
    if (m) {
      a.validTo = RESTRUCTURING_DAY_BEFORE;
      successorNames.push([id, m[1]!.trim()]);
    } else if (/^DISSOLVED/.test(successor ?? '')) {
      a.validTo = RESTRUCTURING_DAY_BEFORE;
    }
    if (successor && !/^unchanged$|^n\/a$/.test(successor)) a.note = successor;
    add(a);
  }

  // 2. the 63 provinces before 2025-07-01 and the 34 after (NQ 202/2025/QH15)
  const [, ...provRows] = readTsv(seedPath('domain', 'provinces_2025.tsv'));
  const provinceId = (full: string) => {
    const city = /^Thành phố /i.test(full);
    const bare = full.replace(/^(Tỉnh|Thành phố)\s+/i, '');
    return { id: `${city ? 'tp' : 'tinh'}-${slug(bare)}`, bare, city };
  };
  for (const r of provRows) {
    const [newName, newCode, , mergedFrom] = r as [string, string, string, string];
    const olds = splitList(mergedFrom).map(provinceId);
    const newBare = newName.replace(/^(Tỉnh|Thành phố)\s+/i, '');
    const continuing = olds.find((o) => slug(o.bare) === slug(newBare)) ?? olds[0]!;
    for (const o of olds) {
      const a: Agency = {
        id: o.id,
        name: `${o.city ? 'Thành phố' : 'Tỉnh'} ${o.bare}`,
        type: o.city ? 'city' : 'province',
        aliases: [o.bare, `UBND ${o.city ? 'thành phố' : 'tỉnh'} ${o.bare}`, ...(o.city ? [`TP ${o.bare}`, `TP. ${o.bare}`] : [])],
      };
      if (o === continuing) {
        a.provinceCode = newCode;
        if (olds.length > 1) a.note = `Từ 01/7/2025 (NQ 202/2025/QH15) hợp nhất: ${olds.map((x) => x.bare).join(', ')}`;
      } else {
        a.validTo = PROVINCES_DAY_BEFORE;
        a.successor = continuing.id;
        a.note = `Từ 01/7/2025 (NQ 202/2025/QH15) hợp nhất vào ${newName}`;
      }
      add(a);
    }
  }

  // 3. our additions and patches
  const [header, ...addRows] = readTsv(seedPath('agencies', 'additions.tsv'));
  const col = (name: string) => header!.indexOf(name);
  for (const r of addRows) {
    const get = (name: string) => (r[col(name)] ?? '').trim();
    const id = get('id');
    const existing = byId.get(id);
    const a: Agency = existing ?? { id, name: get('name'), type: (get('type') || 'other') as AgencyType, aliases: [] };
    if (existing && get('name')) a.name = get('name');
    if (existing && get('type')) a.type = get('type') as AgencyType;
    if (get('code')) a.code = get('code');
    a.aliases = [...new Set([...a.aliases, ...splitList(get('aliases'))])];
    if (get('valid_from')) a.validFrom = get('valid_from');
    if (get('valid_to')) a.validTo = get('valid_to');
    if (get('successor')) a.successor = get('successor');
    if (get('unit_of')) a.unitOf = get('unit_of');
    if (get('parent')) {
      const [pid, from] = get('parent').split('@');
      a.parents = [{ id: pid!, ...(from ? { from } : {}) }];
    }
    if (get('note')) a.note = get('note');
    add(a);
  }

  for (const a of byId.values()) for (const n of [a.name, ...a.aliases]) if (!byName.has(fold(n))) byName.set(fold(n), a.id);
  for (const [id, succName] of successorNames) {
    const a = byId.get(id)!;
    const sid = byName.get(fold(succName));
    if (!sid) throw new Error(`agencies: successor "${succName}" of ${id} is not in the directory`);
    a.successor ??= sid;
  }

  // 4. abbreviations.tsv: agency and unit abbreviations whose expansion names an agency we have
  const SKIP = new Set(['TTg', 'PTTg', 'CP', 'UBND', 'HĐND', 'TW', 'TP.', 'BTCN', 'PCN', 'TGĐ', 'ĐA', 'TNCS', 'TCT', 'GDĐT', 'KHTC', 'TTH', 'TTKQH', 'KCB']);
  const [, ...abbrRows] = readTsv(seedPath('domain', 'abbreviations.tsv'));
  for (const r of abbrRows) {
    const [abbr, expansion, category, , notes] = r as [string, string, string, string, string];
    if (!/agency|unit/.test(category ?? '') || SKIP.has(abbr) || /^AMBIGUOUS/.test(notes ?? '') || /^AMBIGUOUS/.test(expansion)) continue;
    const exp = cleanSpelling(expansion.split(/\s+[–-]\s+/)[0]!.split(';')[0]!);
    const id = byName.get(fold(exp));
    if (!id) continue;
    const a = byId.get(id)!;
    if (!a.aliases.some((x) => headerKey(x) === headerKey(abbr))) a.aliases.push(abbr);
  }

  // tidy: aliases unique by matching key, not repeating the name
  for (const a of byId.values()) {
    const seen = new Set([headerKey(a.name)]);
    a.aliases = a.aliases.filter((x) => {
      const k = headerKey(x);
      if (!k || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  // sanity: every reference points at an agency
  for (const a of byId.values()) {
    for (const ref of [a.successor, a.unitOf, ...(a.parents ?? []).map((p) => p.id)]) {
      if (ref && !byId.has(ref)) throw new Error(`agencies: ${a.id} refers to unknown ${ref}`);
    }
  }

  return AgencyData.parse({
    generatedBy: 'scripts/build-agency-seeds.ts',
    sources: ['seeds/domain/agencies.tsv', 'seeds/domain/provinces_2025.tsv', 'seeds/domain/abbreviations.tsv', 'seeds/agencies/additions.tsv'],
    groups: GROUPS,
    agencies: [...byId.values()],
  });
}

export function agencyDataJson(): string {
  return `${JSON.stringify(buildAgencyData(), null, 1)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = seedPath('agencies', 'agencies.json');
  const json = agencyDataJson();
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(out, 'utf8'); } catch { /* missing */ }
    if (current !== json) {
      process.stderr.write('seeds/agencies/agencies.json is out of date: run npx tsx scripts/build-agency-seeds.ts\n');
      process.exit(1);
    }
  } else {
    writeFileSync(out, json);
    const data = JSON.parse(json) as AgencyData;
    process.stdout.write(`${data.agencies.length} agencies → ${out}\n`);
  }
}
