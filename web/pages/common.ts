/** Bits several pages share: pagination, an empty-string-as-absent query field, links. */
import { z } from 'zod';
import { html, type Html } from '../html';

export const PAGE_SIZE = 50;

/** An optional query field: "" (an empty form field) counts as absent. */
export const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

export const PageField = z.coerce.number().int().min(1, 'trang từ 1 trở lên').max(100_000).default(1);

export function pager(base: string, query: Record<string, string | undefined>, n: number, total: number): Html {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return html``;
  const href = (p: number) => {
    const q = new URLSearchParams(Object.entries({ ...query, page: String(p) }).filter(([, v]) => v !== undefined && v !== '') as Array<[string, string]>);
    return `${base}?${q.toString()}`;
  };
  return html`<nav class="pager" aria-label="Trang"><span>Trang ${n}/${pages}</span>${n > 1 ? html`<a href="${href(n - 1)}">Trang trước</a>` : ''}${n < pages ? html`<a href="${href(n + 1)}">Trang sau</a>` : ''}</nav>`;
}

export const taskHref = (id: string) => `/nhiem-vu/${encodeURIComponent(id)}`;
export const reportHref = (id: string) => `/bao-cao/${encodeURIComponent(id)}`;
