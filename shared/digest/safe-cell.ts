/**
 * Formula-injection guard for spreadsheet cells (XLSX, CSV): text beginning with = + - @ (or a tab / carriage
 * return) would be read as a formula by Excel or LibreOffice when edited or exported. Prefix it with an
 * apostrophe, as OWASP recommends; everything else passes through unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Same, for values of any type: only strings can carry a formula. */
export function safeValue<T>(v: T): T | string {
  return typeof v === 'string' ? safeCell(v) : v;
}
