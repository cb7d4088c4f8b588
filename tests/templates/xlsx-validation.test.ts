/**
 * The XLSX template's status drop-down as Excel reads it: the sheet XML itself (#13 item 11). One validation per
 * range, no two ranges overlapping, and together they cover exactly the rows an agency fills in.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { seedRegistry } from '#shared/registry';
import { buildTemplate, directoryLookup, parsePeriod, STATUS_CHOICES, tasksForAgency } from '#shared/templates';

const decodeRow = (ref: string) => Number(/\d+$/.exec(ref)![0]);
const colOf = (ref: string) => /^[A-Z]+/.exec(ref)![0];

describe('XLSX template: status drop-down in the sheet XML', () => {
  it('has one validation per range, non-overlapping, covering exactly the task and blank rows', async () => {
    const dir = await directoryLookup();
    const period = parsePeriod('6 tháng đầu năm 2024');
    const tasks = seedRegistry();
    expect(tasksForAgency(tasks, 'bo-cong-an', period, dir).length).toBeGreaterThan(30);
    const built = await buildTemplate({ agencyId: 'bo-cong-an', agencyName: 'Bộ Công an', period, tasks, dir, formats: ['xlsx'] });
    const bytes = built.files[0]!.bytes;
    const zip = unzipSync(bytes);
    const sheetName = Object.keys(zip).find((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k))!;
    const xml = strFromU8(zip[sheetName]!);

    const validations = [...xml.matchAll(/<dataValidation\b([^>]*)>([\s\S]*?)<\/dataValidation>/g)];
    expect(validations.length).toBeGreaterThan(0);
    const ranges: Array<{ col: string; from: number; to: number }> = [];
    for (const [, attrs, body] of validations) {
      expect(attrs).toContain('type="list"');
      expect(body!.replace(/&quot;/g, '"')).toContain(`<formula1>"${STATUS_CHOICES.join(',')}"</formula1>`);
      const sqref = /sqref="([^"]+)"/.exec(attrs!)![1]!;
      for (const part of sqref.split(' ')) {
        const [a, b = a] = part.split(':') as [string, string?];
        ranges.push({ col: colOf(a), from: decodeRow(a), to: decodeRow(b!) });
      }
    }
    // one column, and no row in two ranges
    expect(new Set(ranges.map((r) => r.col)).size).toBe(1);
    const sorted = [...ranges].sort((a, b) => a.from - b.from);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.from, JSON.stringify(sorted)).toBeGreaterThan(sorted[i - 1]!.to);

    // exactly the rows the agency fills in: below the header, not a section title (merged across the row)
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Phụ lục 01')!;
    const merged = new Set([...xml.matchAll(/<mergeCell ref="A(\d+):/g)].map((m) => Number(m[1])));
    const headerRow = Math.max(...[...xml.matchAll(/<pane [^>]*ySplit="(\d+)"/g)].map((m) => Number(m[1])));
    const expected: number[] = [];
    for (let n = headerRow + 1; n <= ws.rowCount; n++) if (!merged.has(n)) expected.push(n);
    const covered = sorted.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i));
    expect(covered).toEqual(expected);
    expect(merged.size).toBeGreaterThan(0); // the case that used to overlap: section rows between task rows
  });
});
