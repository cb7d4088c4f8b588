/** A document → its tables: limits, the real type, the format's reader, legacy encodings, then understanding. */
import { understandTables } from '#shared/understand';
import { detectType, type Detected } from './detect';
import { fixLegacyEncoding } from './legacy';
import { checkBytes, resolveLimits } from './limits';
import {
  ExtractError,
  type ExtractLimits,
  type ExtractResult,
  type ExtractWarning,
  type FileFormat,
  type InputFile,
  type RawTable,
} from './model';

export interface ExtractOptions {
  limits?: Partial<ExtractLimits>;
}

export interface ReadResult {
  format: FileFormat;
  pages?: number;
  tables: RawTable[];
  warnings: ExtractWarning[];
}

async function readByType(file: InputFile, detected: Detected, limits: ExtractLimits): Promise<ReadResult> {
  const warnings = [...detected.warnings];
  let tables: RawTable[];
  let text = '';
  let pages: number | undefined;
  switch (detected.format) {
    case 'docx': {
      const { readDocx } = await import('./docx');
      ({ tables, text } = await readDocx(file.bytes));
      break;
    }
    case 'xlsx': {
      const { readXlsx } = await import('./xlsx');
      const res = await readXlsx(file.bytes);
      ({ tables, text } = res);
      warnings.push(...res.warnings);
      break;
    }
    case 'pdf': {
      const { readPdf } = await import('./pdf');
      // a fresh plain Uint8Array: PDF.js refuses Buffers and may transfer (detach) what it is given
      const res = await readPdf(new Uint8Array(file.bytes), limits);
      tables = res.tables;
      pages = res.pages;
      warnings.push(...res.warnings);
      text = tables.flatMap((t) => t.grid.flatMap((r) => r.map((c) => c.text))).join(' ');
      break;
    }
    case 'html': {
      const { parseHtmlTables, rawTablesFromHtml } = await import('./html');
      const parsed = parseHtmlTables(detected.text ?? '');
      tables = rawTablesFromHtml(parsed.tables);
      text = parsed.text;
      if (tables.length === 0) {
        // an HTML body holding a plain-text table (tab-separated, or cells between "|" lines)
        const { readTextTables } = await import('./text');
        tables = readTextTables(parsed.text);
      }
      break;
    }
    case 'text': {
      const { readTextTables } = await import('./text');
      text = detected.text ?? '';
      tables = readTextTables(text);
      break;
    }
  }
  warnings.push(...fixLegacyEncoding(tables, text));
  if (tables.length === 0) {
    throw new ExtractError('no_table', 'The document holds no table to read report rows from.',
      { format: detected.format });
  }
  tables.forEach((t, i) => (t.index = i));
  return { format: detected.format, ...(pages !== undefined ? { pages } : {}), tables, warnings };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const en = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
    timer = setTimeout(() => reject(new ExtractError('timeout', `Reading the file took longer than ${en} and was stopped.`, { timeoutMs: ms })), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Limits, type detection and the format's reader: the RawTables before understanding. */
export async function readDocument(file: InputFile, opts: ExtractOptions = {}): Promise<ReadResult> {
  const limits = resolveLimits(opts.limits);
  checkBytes(file.bytes, limits);
  const detected = detectType(file, limits);
  return withTimeout(readByType(file, detected, limits), limits.timeoutMs);
}

/**
 * The ingest's checks that come before parsing and before anything is stored: size, type, ZIP limits (from the
 * central directory, nothing inflated). Throws ExtractError (code + English + Vietnamese); returns the real format.
 */
export function checkFile(file: InputFile, opts: ExtractOptions = {}): FileFormat {
  const limits = resolveLimits(opts.limits);
  checkBytes(file.bytes, limits);
  return detectType(file, limits).format;
}

/** RawTable[] before understanding (for the registry importer). */
export async function readTables(file: InputFile, opts: ExtractOptions = {}): Promise<RawTable[]> {
  return (await readDocument(file, opts)).tables;
}

/** Reads a report file: its tables of report rows, by column role, with provenance and warnings. */
export async function extract(file: InputFile, opts: ExtractOptions = {}): Promise<ExtractResult> {
  const read = await readDocument(file, opts);
  const understood = understandTables(read.tables);
  const warnings = [...read.warnings, ...understood.warnings];
  if (!understood.tables.some((t) => t.kind === 'tasks')) {
    warnings.push({ code: 'no_task_table', message: 'Không tìm thấy bảng danh sách nhiệm vụ (cần các cột như STT, Nội dung/Nhiệm vụ, Kết quả). / No task-list table found.' });
  }
  return {
    format: read.format,
    ...(read.pages !== undefined ? { pages: read.pages } : {}),
    tables: understood.tables,
    warnings,
  };
}
