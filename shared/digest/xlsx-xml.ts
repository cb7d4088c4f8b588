/**
 * SpreadsheetML (XLSX) written directly: the parts of a workbook — worksheets with shared strings, a small fixed
 * style table, frozen panes, merges, filters, print setup — zipped with fflate. Only what the digest's workbook uses;
 * no formulas exist in this writer at all (every value is a shared string or a number).
 *
 * Why not exceljs: the digest's sheet "Theo đơn vị" has one row per task × agency (≈41,000 rows for 10,000 tasks);
 * exceljs's streaming writer took ≈1.3 s on it, writing the XML here takes a small fraction of that.
 */
import { Zip, type ZipInputFile } from 'fflate';
import { crc32, deflateRawSync } from 'node:zlib';

export type Cell = string | number | null | undefined;

/** A cell style, given once as a constant and used by reference (one style id per object). */
export interface CellStyle {
  font?: { bold?: boolean; italic?: boolean; size?: number };
  /** solid fill colour, ARGB ("FFE3F2FD"). */
  fill?: string;
  /** thin border on four sides, in this colour (ARGB). */
  border?: string;
  alignment?: { horizontal?: 'left' | 'center' | 'right'; vertical?: 'top' | 'middle' | 'bottom'; wrapText?: boolean; indent?: number };
}

export interface SheetSetup {
  /** column widths in characters, from column A. */
  widths: number[];
  /** frozen rows (and columns) at the top left. */
  frozen: { rows: number; columns?: number };
  /** rows repeated on every printed page ("5:6"). */
  printTitleRows?: string;
  /** landscape A4, fit to one page wide, centred, "Trang n/N" in the footer. */
  print?: boolean;
}

/** Excel refuses longer cell text; longer text is cut with an ellipsis rather than writing a file Excel rejects. */
export const MAX_CELL_TEXT = 32_767;

// characters XML 1.0 cannot carry, and "_xHHHH_" that Excel would read as an escape: written as Excel's own escapes
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;
// eslint-disable-next-line no-control-regex
const ESCAPE_ALL = /[&<>"]|[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', _: '_x005F_' };

/** Text as XML character data (attribute-safe too). */
export function xmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPE_ALL, (c) => ENTITY[c] ?? `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** "A", "B", … "Z", "AA": the column letters of a 1-based column number. */
export function columnName(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** The workbook's shared string table: each distinct text stored once, cells refer to it by index. */
class SharedStrings {
  private index = new Map<string, number>();
  private list: string[] = [];
  count = 0;
  id(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }
  xml(): Buffer {
    const chunks = [Buffer.from(`${HEAD}<sst xmlns="${NS.main}" count="${this.count}" uniqueCount="${this.list.length}">`, 'utf8')];
    let pending = '';
    for (const s of this.list) {
      pending += `<si><t${/^\s|\s$/.test(s) ? ' xml:space="preserve"' : ''}>${xmlText(s)}</t></si>`;
      if (pending.length > 65_536) { chunks.push(Buffer.from(pending, 'utf8')); pending = ''; }
    }
    chunks.push(Buffer.from(`${pending}</sst>`, 'utf8'));
    return Buffer.concat(chunks);
  }
}

/** The style table: fonts, fills, borders and cell formats made from the CellStyle objects used. */
class Styles {
  private ids = new Map<CellStyle, number>();
  private fonts = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  private fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private borders = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
  private xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];

  id(style: CellStyle | undefined): number {
    if (!style) return 0;
    let id = this.ids.get(style);
    if (id !== undefined) return id;
    const f = style.font;
    const font = f ? this.part(this.fonts, `<font>${f.bold ? '<b/>' : ''}${f.italic ? '<i/>' : ''}<sz val="${f.size ?? 11}"/><name val="Calibri"/><family val="2"/></font>`) : 0;
    const fill = style.fill ? this.part(this.fills, `<fill><patternFill patternType="solid"><fgColor rgb="${style.fill}"/></patternFill></fill>`) : 0;
    const side = (n: string) => `<${n} style="thin"><color rgb="${style.border}"/></${n}>`;
    const border = style.border ? this.part(this.borders, `<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>`) : 0;
    const a = style.alignment;
    const align = a ? `<alignment${a.horizontal ? ` horizontal="${a.horizontal}"` : ''}${a.vertical ? ` vertical="${a.vertical === 'middle' ? 'center' : a.vertical}"` : ''}${a.wrapText ? ' wrapText="1"' : ''}${a.indent ? ` indent="${a.indent}"` : ''}/>` : '';
    const apply = `${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}${border ? ' applyBorder="1"' : ''}${align ? ' applyAlignment="1"' : ''}`;
    id = this.part(this.xfs, `<xf numFmtId="0" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${apply}>${align}</xf>`);
    this.ids.set(style, id);
    return id;
  }

  private part(list: string[], xml: string): number {
    const i = list.indexOf(xml);
    return i >= 0 ? i : list.push(xml) - 1;
  }

  xml(): string {
    const group = (tag: string, list: string[]) => `<${tag} count="${list.length}">${list.join('')}</${tag}>`;
    return `${HEAD}<styleSheet xmlns="${NS.main}">${group('fonts', this.fonts)}${group('fills', this.fills)}${group('borders', this.borders)}`
      + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
      + `${group('cellXfs', this.xfs)}<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>`
      + '<dxfs count="0"/><tableStyles count="0"/></styleSheet>';
  }
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  ct: 'http://schemas.openxmlformats.org/package/2006/content-types',
};
const TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** One worksheet, written row by row (rows are numbered from 1 in the order they are added). */
export class SheetWriter {
  /** the rows so far as UTF-8 chunks: row text is turned into bytes every ~64 KiB, so it dies young (little GC). */
  private chunks: Buffer[] = [];
  private pending = '';
  private merges: string[] = [];
  private filter?: string;
  private letters: string[] = [''];
  rowCount = 0;

  constructor(readonly name: string, readonly setup: SheetSetup, private strings: SharedStrings, private styles: Styles) {}

  /** Adds a row and returns its number; `style` is one style for every cell or one per column (empty cells keep theirs). */
  addRow(values: Cell[], style?: CellStyle | Array<CellStyle | undefined>, height?: number): number {
    const r = ++this.rowCount;
    let cells = '';
    for (let i = 0; i < values.length; i++) {
      const st = this.styles.id(Array.isArray(style) ? style[i] : style);
      const ref = `${this.letters[i + 1] ?? (this.letters[i + 1] = columnName(i + 1))}${r}`;
      const v = values[i];
      const s = st ? ` s="${st}"` : '';
      if (typeof v === 'number' && Number.isFinite(v)) cells += `<c r="${ref}"${s}><v>${v}</v></c>`;
      else if (typeof v === 'string' && v !== '') {
        const text = v.length > MAX_CELL_TEXT ? `${v.slice(0, MAX_CELL_TEXT - 1)}…` : v;
        cells += `<c r="${ref}"${s} t="s"><v>${this.strings.id(text)}</v></c>`;
      } else if (st) cells += `<c r="${ref}"${s}/>`;
    }
    this.pending += `<row r="${r}"${height ? ` ht="${height}" customHeight="1"` : ''}>${cells}</row>`;
    if (this.pending.length > 65_536) this.flush();
    return r;
  }

  private flush(): void {
    if (this.pending) this.chunks.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }

  /** Merges a block of cells (1-based, inclusive). */
  mergeCells(top: number, left: number, bottom: number, right: number): void {
    this.merges.push(`${columnName(left)}${top}:${columnName(right)}${bottom}`);
  }

  /** Filter buttons on the header row, over columns 1…`columns`. */
  autoFilter(row: number, columns: number): void {
    this.filter = `A${row}:${columnName(columns)}${row}`;
  }

  /** The worksheet part, as UTF-8 bytes. */
  xml(): Buffer {
    this.flush();
    const { widths, frozen, print } = this.setup;
    const x = frozen.columns ?? 0;
    const y = frozen.rows;
    const pane = x && y ? 'bottomRight' : y ? 'bottomLeft' : 'topRight';
    const views = x || y
      ? `<sheetViews><sheetView workbookViewId="0"><pane${x ? ` xSplit="${x}"` : ''}${y ? ` ySplit="${y}"` : ''} topLeftCell="${columnName(x + 1)}${y + 1}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/></sheetView></sheetViews>`
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
    const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
    const head = `${HEAD}<worksheet xmlns="${NS.main}" xmlns:r="${NS.r}">`
      + `${print ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : ''}${views}<sheetFormatPr defaultRowHeight="15"/>`
      + `${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`;
    const tail = `</sheetData>${this.filter ? `<autoFilter ref="${this.filter}"/>` : ''}`
      + `${this.merges.length ? `<mergeCells count="${this.merges.length}">${this.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : ''}`
      + (print
        ? '<printOptions horizontalCentered="1"/><pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
          + '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/><headerFooter><oddFooter>&amp;CTrang &amp;P/&amp;N</oddFooter></headerFooter>'
        : '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
      + '</worksheet>';
    return Buffer.concat([Buffer.from(head, 'utf8'), ...this.chunks, Buffer.from(tail, 'utf8')]);
  }
}

/** A workbook: sheets in the order added, written to XLSX bytes by `toBuffer`. */
export class WorkbookXml {
  private strings = new SharedStrings();
  private styles = new Styles();
  private sheets: SheetWriter[] = [];

  constructor(private props: { creator: string; created: string }) {}

  addWorksheet(name: string, setup: SheetSetup): SheetWriter {
    if (name.length > 31 || /[\\/?*[\]:]/.test(name)) throw new Error(`bad sheet name "${name}"`);
    const s = new SheetWriter(name, setup, this.strings, this.styles);
    this.sheets.push(s);
    return s;
  }

  /** The zipped workbook; deflate level 1 (a few % larger, markedly quicker on 10,000-task workbooks). */
  toBuffer(level = 1): Buffer {
    const quoted = (n: string) => `'${n.replace(/'/g, "''")}'`;
    const titles = this.sheets.map((s, i) => (s.setup.printTitleRows
      ? `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(quoted(s.name))}!$${s.setup.printTitleRows.replace(':', ':$')}</definedName>` : '')).join('');
    const workbook = `${HEAD}<workbook xmlns="${NS.main}" xmlns:r="${NS.r}"><bookViews><workbookView/></bookViews><sheets>`
      + this.sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
      + `</sheets>${titles ? `<definedNames>${titles}</definedNames>` : ''}<calcPr calcId="171027"/></workbook>`;
    const n = this.sheets.length;
    const rels = (items: Array<[string, string]>) => `${HEAD}<Relationships xmlns="${NS.rel}">${items.map(([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${type}" Target="${target}"/>`).join('')}</Relationships>`;
    const OD = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const files: Record<string, string | Buffer> = {
      '[Content_Types].xml': `${HEAD}<Types xmlns="${NS.ct}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`
        + `<Override PartName="/xl/workbook.xml" ContentType="${TYPE}.sheet.main+xml"/>`
        + this.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${TYPE}.worksheet+xml"/>`).join('')
        + `<Override PartName="/xl/styles.xml" ContentType="${TYPE}.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${TYPE}.sharedStrings+xml"/>`
        + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        + '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
      '_rels/.rels': rels([[`${OD}/officeDocument`, 'xl/workbook.xml'], ['http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml'], [`${OD}/extended-properties`, 'docProps/app.xml']]),
      'docProps/core.xml': `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
        + `<dc:creator>${xmlText(this.props.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${this.props.created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${this.props.created}</dcterms:modified></cp:coreProperties>`,
      'docProps/app.xml': `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>`,
      'xl/workbook.xml': workbook,
      'xl/_rels/workbook.xml.rels': rels([
        ...this.sheets.map((_, i): [string, string] => [`${OD}/worksheet`, `worksheets/sheet${i + 1}.xml`]),
        [`${OD}/styles`, 'styles.xml'], [`${OD}/sharedStrings`, 'sharedStrings.xml'],
      ]),
    };
    this.sheets.forEach((s, i) => { files[`xl/worksheets/sheet${i + 1}.xml`] = s.xml(); });
    // after the sheets: their strings are all in the table by now
    files['xl/sharedStrings.xml'] = this.strings.xml();
    files['xl/styles.xml'] = this.styles.xml();
    if (n === 0) throw new Error('a workbook needs at least one sheet');
    return zipFiles(files, level, new Date(this.props.created));
  }
}

/** A ZIP of text files, each deflated natively; fflate writes the headers and the central directory. */
export function zipFiles(files: Record<string, string | Buffer>, level: number, mtime: Date): Buffer {
  const out: Uint8Array[] = [];
  let failure: Error | undefined;
  const zip = new Zip((err, chunk) => { if (err) failure = err; else out.push(chunk); });
  for (const [filename, text] of Object.entries(files)) {
    const raw = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    const entry: ZipInputFile = { filename, size: raw.length, crc: crc32(raw), compression: 8, mtime };
    zip.add(entry);
    entry.ondata!(null, deflateRawSync(raw, { level }), true);
  }
  zip.end();
  if (failure) throw failure;
  return Buffer.concat(out);
}
