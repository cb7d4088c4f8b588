/**
 * A structural pre-scan of a raw MIME message, run before mailparser sees it: counts the parts and measures the
 * nesting of multipart and message/rfc822 containers, and stops at the first limit crossed. Reads headers only;
 * bodies are skipped by boundary search, so a MIME bomb costs a linear scan, never a parse.
 */
import { InboundError, InboundLimits } from './limits';

export interface MimeShape {
  parts: number;
  depth: number;
  /**
   * The machine-readable parts of a report (RFC 6522) and the headers of enclosed messages: delivery-status,
   * feedback-report, disposition-notification, text/rfc822-headers, and the header block of message/rfc822.
   * Each body is cut at REPORT_PART_BYTES; read by automatic.ts to know what a bounce or a complaint is about.
   */
  reportParts: ReportPart[];
}

export interface ReportPart {
  type: string;
  /** the part's text (for message/rfc822: its header block only), latin1-decoded, bounded. */
  text: string;
}

const REPORT_PART_TYPES = new Set(['message/delivery-status', 'message/feedback-report', 'message/disposition-notification', 'text/rfc822-headers', 'message/global-delivery-status', 'message/global-headers']);
const REPORT_PART_BYTES = 16 * 1024;
const MAX_REPORT_PARTS = 8;

interface Headers {
  contentType: string;
  boundary?: string;
  encoding?: string;
}

const MAX_HEADER_BLOCK = 64 * 1024;

function headerEnd(s: string, from: number, to: number): { headersEnd: number; bodyStart: number } {
  // the header block ends at the first empty line; it is searched within its own bounded window only, so a part
  // without one cannot make each visit scan the rest of the message
  const win = s.slice(from, Math.min(to, from + MAX_HEADER_BLOCK));
  const m = /\r?\n\r?\n/.exec(win);
  if (win.startsWith('\r\n')) return { headersEnd: from, bodyStart: from + 2 };
  if (win.startsWith('\n')) return { headersEnd: from, bodyStart: from + 1 };
  if (!m) return { headersEnd: Math.min(to, from + win.length), bodyStart: Math.min(to, from + win.length) };
  return { headersEnd: from + m.index, bodyStart: from + m.index + m[0].length };
}

function parseHeaders(block: string): Headers {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  let contentType = 'text/plain';
  let boundary: string | undefined;
  let encoding: string | undefined;
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1].toLowerCase();
    if (name === 'content-type') {
      contentType = m[2].split(';')[0].trim().toLowerCase() || 'text/plain';
      const b = /boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(m[2]);
      if (b) boundary = b[1] ?? b[2];
    } else if (name === 'content-transfer-encoding') {
      encoding = m[2].trim().toLowerCase();
    }
  }
  return { contentType, boundary, encoding };
}

/** Throws InboundError (mime_too_deep / mime_too_many_parts) at the first limit crossed. */
export function scanMime(raw: Uint8Array, limits: Pick<InboundLimits, 'maxDepth' | 'maxParts'>): MimeShape {
  const s = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const shape: MimeShape = { parts: 0, depth: 0, reportParts: [] };

  const visit = (from: number, to: number, depth: number): void => {
    shape.parts += 1;
    shape.depth = Math.max(shape.depth, depth);
    if (depth > limits.maxDepth) {
      throw new InboundError('mime_too_deep', `MIME nesting deeper than ${limits.maxDepth}`, { depth });
    }
    if (shape.parts > limits.maxParts) {
      throw new InboundError('mime_too_many_parts', `more than ${limits.maxParts} MIME parts`, { parts: shape.parts });
    }
    const { headersEnd, bodyStart } = headerEnd(s, from, to);
    const h = parseHeaders(s.slice(from, headersEnd));
    if (depth > 0 && shape.reportParts.length < MAX_REPORT_PARTS) {
      if (REPORT_PART_TYPES.has(h.contentType)) {
        const body = s.slice(bodyStart, Math.min(to, bodyStart + REPORT_PART_BYTES));
        shape.reportParts.push({ type: h.contentType, text: h.encoding === 'base64' ? Buffer.from(body, 'base64').toString('latin1') : body });
      } else if (h.contentType === 'message/rfc822') {
        const inner = headerEnd(s, bodyStart, to);
        shape.reportParts.push({ type: 'message/rfc822', text: s.slice(bodyStart, Math.min(inner.headersEnd, bodyStart + REPORT_PART_BYTES)) });
      }
    }
    if (h.contentType.startsWith('multipart/') && h.boundary) {
      const delim = `--${h.boundary}`;
      let pos = s.startsWith(delim, bodyStart) ? bodyStart : s.indexOf(`\n${delim}`, bodyStart);
      while (pos >= 0 && pos < to) {
        const lineStart = s[pos] === '\n' ? pos + 1 : pos;
        const after = lineStart + delim.length;
        if (s.startsWith('--', after)) return; // closing delimiter
        const partStart = s.indexOf('\n', after);
        if (partStart < 0 || partStart >= to) return;
        const next = s.indexOf(`\n${delim}`, partStart);
        const partEnd = next < 0 || next > to ? to : next;
        visit(partStart + 1, partEnd, depth + 1);
        pos = next < 0 || next >= to ? -1 : next;
      }
    } else if (h.contentType === 'message/rfc822' && (!h.encoding || /^(7bit|8bit|binary)$/.test(h.encoding))) {
      visit(bodyStart, to, depth + 1);
    }
  };

  visit(0, s.length, 0);
  return shape;
}
