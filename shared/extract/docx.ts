/**
 * DOCX → RawTables: mammoth `convertToHtml` keeps merged cells as colspan/rowspan (its `extractRawText` flattens
 * tables), then the shared HTML-table reader expands them into a grid. The title of each table is the paragraph(s)
 * right above it.
 */
import { ExtractError, type RawTable } from './model';
import { parseHtmlTables, rawTablesFromHtml } from './html';

export interface DocxRead {
  tables: RawTable[];
  /** all text of the document (for the legacy-encoding check and "no table" messages). */
  text: string;
}

export async function readDocx(bytes: Uint8Array): Promise<DocxRead> {
  let html: string;
  try {
    const { default: mammoth } = await import('mammoth'); // loaded when a DOCX comes (cold start)
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // images are not read (no base64 copies of pictures in memory)
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (err) {
    throw new ExtractError('corrupt', 'The Word file is damaged and cannot be read.',
      { reason: (err as Error).name ?? 'Error' });
  }
  const parsed = parseHtmlTables(html);
  return { tables: rawTablesFromHtml(parsed.tables), text: parsed.text };
}
