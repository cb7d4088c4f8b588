/**
 * The agency's template as DOCX (docx package): landscape, Phụ lục 01 title, instructions, and the task table with
 * the same columns as the XLSX (the status column's header lists the four choices).
 */
import {
  AlignmentType, Document, Packer, PageOrientation, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import { COLUMNS, instructions, STATUS_CHOICES, type TemplateMeta } from './layout';
import { viDate } from '#shared/domain/dates';
import type { TemplateRow } from './rows';

const para = (text: string, opts: { bold?: boolean; center?: boolean; size?: number; italics?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    children: [new TextRun({ text, bold: opts.bold, italics: opts.italics, size: opts.size ?? 22, font: 'Times New Roman' })],
  });

const cell = (text: string, opts: { bold?: boolean; span?: number; shade?: string; width?: number } = {}) =>
  new TableCell({
    columnSpan: opts.span,
    width: opts.width ? { size: opts.width, type: WidthType.DXA } : undefined,
    shading: opts.shade ? { type: ShadingType.CLEAR, color: 'auto', fill: opts.shade } : undefined,
    children: [para(text, { bold: opts.bold, size: 20 })],
  });

export async function buildDocx(meta: TemplateMeta, rows: TemplateRow[]): Promise<Uint8Array> {
  const total = COLUMNS.reduce((s, c) => s + c.width, 0);
  const pageWidth = 15000; // twips usable on landscape A4 with narrow margins
  const widths = COLUMNS.map((c) => Math.round((c.width / total) * pageWidth));
  const headerCells = COLUMNS.map((c, i) =>
    cell(c.key === 'status' ? `${c.header} (${STATUS_CHOICES.join(' / ')})` : c.header, { bold: true, shade: 'D9E1F2', width: widths[i] }));

  const body: TableRow[] = [new TableRow({ tableHeader: true, children: headerCells })];
  for (const row of rows) {
    if (row.kind === 'section') {
      body.push(new TableRow({ children: [cell(row.title ?? '', { bold: true, span: COLUMNS.length })] }));
      continue;
    }
    const values = COLUMNS.map((c) => (row.kind === 'task' && row.cells && c.key in row.cells ? (row.cells as Record<string, string>)[c.key] : ''));
    body.push(new TableRow({ children: values.map((v, i) => cell(v, { width: widths[i], shade: COLUMNS[i].key === 'taskId' ? 'EDEDED' : undefined })) }));
  }

  const doc = new Document({
    creator: 'Đề án 06 — Thư ký Tổ công tác',
    title: `Phụ lục 01 — ${meta.agencyName} — ${meta.period.label}`,
    sections: [{
      properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: 720, bottom: 720, left: 720, right: 720 } } },
      children: [
        para('PHỤ LỤC 01', { bold: true, center: true, size: 26 }),
        para(`THỐNG KÊ CÁC NHIỆM VỤ CỦA ${meta.agencyName.toUpperCase()} THEO CÁC CHỈ THỊ, NGHỊ QUYẾT, THÔNG BÁO KẾT LUẬN`, { bold: true, center: true }),
        para(`Kỳ báo cáo: ${meta.period.label} (${viDate(meta.period.start)} – ${viDate(meta.period.end)})${meta.deadline ? ` — hạn gửi: ${viDate(meta.deadline)}` : ''}`, { center: true, italics: true }),
        para('Hướng dẫn:', { bold: true }),
        ...instructions(meta).map((l) => para(`- ${l}`, { size: 20 })),
        para(''),
        new Table({ width: { size: pageWidth, type: WidthType.DXA }, columnWidths: widths, rows: body }),
      ],
    }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
