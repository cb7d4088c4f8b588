/** Escaping and line-to-paragraph HTML for the mails of the inbound path, receipts and templates. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Text lines as HTML paragraphs (empty lines dropped), in the mails' font. */
export function linesToHtml(lines: string[]): string {
  return `<div style="font-family:Arial,sans-serif">${lines.map((l) => (l ? `<p>${escapeHtml(l)}</p>` : '')).join('')}</div>`;
}
