/**
 * Tables written in the body of a message are a report too. HTML bodies are never rendered or run: scripts,
 * styles, frames, objects, event handlers and javascript: URLs are stripped before the body is stored, and the
 * stripping is recorded. Plain-text bodies count as tables when they carry tab-separated or `|`-separated rows.
 */
import { escapeHtml } from '#shared/receipts/html';

export interface SanitisedHtml {
  html: string;
  /** scripts, handlers or active content were present and removed. */
  hadActiveContent: boolean;
}

const ACTIVE_BLOCKS = /<(script|style|iframe|object|embed|applet|noscript|template|svg|math)\b[\s\S]*?<\/\1\s*>/gi;
const ACTIVE_SINGLE = /<\/?(script|iframe|object|embed|applet|meta|link|base|form|input|button|frame|frameset)\b[^>]*>/gi;
const HANDLERS = /\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
const JS_URLS = /\s(href|src|action|formaction|xlink:href)\s*=\s*(?:"\s*(?:javascript|vbscript|data):[^"]*"|'\s*(?:javascript|vbscript|data):[^']*'|(?:javascript|vbscript|data):[^\s>]+)/gi;

export function sanitiseHtml(html: string): SanitisedHtml {
  let out = html.replace(/<!--[\s\S]*?-->/g, '');
  const before = out;
  out = out.replace(ACTIVE_BLOCKS, '').replace(ACTIVE_SINGLE, '').replace(HANDLERS, '').replace(JS_URLS, '');
  // a second pass catches content split to survive one pass (<scr<script></script>ipt>)
  out = out.replace(ACTIVE_BLOCKS, '').replace(ACTIVE_SINGLE, '').replace(HANDLERS, '').replace(JS_URLS, '');
  return { html: out, hadActiveContent: out !== before };
}

/** Our own mails (receipts, notices) mark their tables; quoted back in a reply they are not a report. */
export const OWN_TABLE_MARK = 'data-intake';

/** HTML with at least one table of two rows or more that is not one of our own. */
export function htmlHasTable(html: string): boolean {
  for (const m of html.matchAll(/<table\b([^>]*)>[\s\S]*?<\/table>/gi)) {
    if (m[1].includes(OWN_TABLE_MARK)) continue;
    if ((m[0].match(/<tr\b/gi) ?? []).length >= 2) return true;
  }
  return false;
}

const HTML_QUOTE_START = [
  /<div[^>]+class="?gmail_quote/i, /<blockquote\b/i, /<div[^>]+id="?divRplyFwdMsg/i, /<div[^>]+id="?appendonsend/i,
  /<hr[^>]+id="?stopSpelling/i, /<div[^>]+class="?moz-cite-prefix/i, /-----\s*Original Message\s*-----/i,
];
const TEXT_QUOTE_START = [
  /^>/, /^-----\s*Original Message\s*-----/i, /^On .+ wrote:$/i, /^Vào .+ đã viết:$/i, /^-+\s*Forwarded message\s*-+$/i,
];

/** The part of an HTML body above the quoted message (replies and inline forwards). */
export function htmlUnquoted(html: string): string {
  let cut = html.length;
  for (const re of HTML_QUOTE_START) {
    const m = re.exec(html);
    if (m && m.index < cut) cut = m.index;
  }
  return html.slice(0, cut);
}

/** The lines of a text body above the quoted message. */
export function textUnquoted(text: string): string {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => TEXT_QUOTE_START.some((re) => re.test(l.trim())));
  return (i < 0 ? lines : lines.slice(0, i)).join('\n');
}

/**
 * Plain text with a table: three or more lines with the same number (≥ 2) of tab-separated cells, or
 * `|`-separated rows (markdown-like or the one-cell-per-block layout), quoted lines (">") ignored.
 */
export function textHasTable(text: string): boolean {
  const lines = text.normalize('NFC').split(/\r?\n/).filter((l) => !/^\s*>/.test(l));
  const tabCounts = new Map<number, number>();
  for (const l of lines) {
    const n = l.split('\t').length;
    if (n >= 3) tabCounts.set(n, (tabCounts.get(n) ?? 0) + 1);
  }
  if ([...tabCounts.values()].some((c) => c >= 3)) return true;
  const piped = lines.filter((l) => (l.match(/\|/g) ?? []).length >= 2).length;
  if (piped >= 3) return true;
  const separators = lines.filter((l) => /^\s*\|\s*$/.test(l)).length;
  return separators >= 3;
}

/** A minimal standalone HTML document for a sanitised body (what is stored and extracted). */
export function htmlDocument(body: string, title: string): string {
  if (/<html[\s>]/i.test(body)) return body;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}
