/**
 * HTML building: `html` escapes every interpolated value (cells, file names, subjects are untrusted text);
 * `raw` only for markup this code built. The page shell: lang="vi", skip link, navigation, CSP-friendly (no inline
 * script or style; htmx and console.js from /static).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { User } from './auth';
import { canDecide } from './auth';

export { html, raw };
export { bare } from './bare';
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const NAV: Array<{ href: string; label: string }> = [
  { href: '/', label: 'Tổng quan' },
  { href: '/nhiem-vu', label: 'Nhiệm vụ' },
  { href: '/bao-cao', label: 'Báo cáo' },
  { href: '/xem-xet', label: 'Cần xem xét' },
  { href: '/phien-hop', label: 'Phiên họp' },
  { href: '/co-quan', label: 'Cơ quan' },
  { href: '/danh-muc', label: 'Danh mục' },
];

export interface PageOptions {
  title: string;
  /** the nav entry this page belongs to. */
  section?: string;
  user: User;
  csrf: string;
  body: Html;
  /** a message at the top (after a decision, …). */
  notice?: string;
}

/**
 * The head every page shares (console and agency pages): Vietnamese, phone-width viewport, htmx without eval or
 * script tags, the CSRF token for htmx requests, no indexing, the console's style sheet; `extra` adds the page's own.
 */
export function documentHead(title: string, csrf: string | undefined, extra: Html): Html {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'>
${csrf ? html`<meta name="csrf-token" content="${csrf}">` : ''}
<meta name="robots" content="noindex">
<title>${title} — Đề án 06</title>
<link rel="stylesheet" href="/static/console.css">
<script src="/static/htmx.min.js" defer></script>
${extra}
</head>`;
}

export function page(o: PageOptions): Html {
  const groupLabel = canDecide(o.user) ? 'Thư ký' : 'Chỉ xem';
  return html`${documentHead(o.title, o.csrf, html`<script src="/static/console.js" defer></script>`)}
<body>
<a class="skip" href="#main">Bỏ qua, tới nội dung chính</a>
<header class="top">
  <span class="brand">Đề án 06 — Tổ công tác</span>
  <nav aria-label="Chính"><ul>${NAV.map((n) => html`<li><a href="${n.href}"${n.href === o.section ? raw(' aria-current="page"') : ''}>${n.label}</a></li>`)}</ul></nav>
  <form class="who" method="post" action="/dang-xuat">
    <span>${o.user.name} · ${groupLabel}</span>
    <input type="hidden" name="_csrf" value="${o.csrf}">
    <button type="submit">Đăng xuất</button>
  </form>
</header>
<main id="main" tabindex="-1">
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<h1>${o.title}</h1>
${o.body}
</main>
</body>
</html>`;
}

/** "0.834" → "0,83" (decimal comma). */
export function score(n: number): string {
  return n.toFixed(2).replace('.', ',');
}

export function hidden(name: string, value: string): Html {
  return html`<input type="hidden" name="${name}" value="${value}">`;
}
