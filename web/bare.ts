/** The page for refusals and errors, without the navigation (no session may exist): login refusals use it too. */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export function bare(title: string, message: string | Html): Html {
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Đề án 06</title><link rel="stylesheet" href="/static/console.css"></head>
<body><main id="main"><h1>${title}</h1>${typeof message === 'string' ? html`<p>${message}</p>` : message}</main></body></html>`;
}

