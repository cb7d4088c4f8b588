/**
 * Danh mục — the registry's directives with their sections and counts (each linking to the Nhiệm vụ list behind
 * it), and importing a directive's appendix as `intake registry import` does, in its phases (shared/registry):
 *   upload → the ingest's limits, before anything is stored (bodyLimit on the transport, then checkFile) → the file is
 *   kept under registry/<sha256> → readAppendix + planImport: the diff of added / changed / removed tasks, nothing
 *   written → confirm → the same read and plan again; if the diff's fingerprint moved (someone imported meanwhile)
 *   the new diff is shown to confirm instead; else applyImport.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { applyImport, diffFingerprint, DirectiveNumber, planImport, readAppendix, type ReadResult, type RegistryDiff } from '#shared/registry';
import { ExtractError } from '#shared/extract';
import { ExtractLimits } from '#shared/extract/model';
import { sizeLabel } from '#shared/domain/labels';
import { DayArg } from '#shared/deadlines';
import { PREFIXES } from '#shared/ingest/prefixes';
import { viDate } from '#shared/domain/dates';
import { REGISTRY_WARNING_LABEL, TASK_FIELD_LABEL, labelOf } from '#shared/domain/labels';
import type { Task } from '#shared/domain/task';
import { canDecide, type AppEnv } from '../auth';
import type { ConsoleDeps, Deps } from '../deps';
import { bare, html, hidden, page, type Html } from '../html';
import { validate } from '../validate';
import { changeMarks } from '../diff';
import { opt, taskHref } from './common';

const SHOWN = 200;
const limitsOf = (deps: Pick<ConsoleDeps, 'config'>) => ExtractLimits.parse(deps.config.limits ?? {});
const stagedKey = (sha: string) => `${PREFIXES.registry}${sha}`;

const Meta = {
  directive: DirectiveNumber,
  date: opt(DayArg),
  directiveTitle: opt(z.string().trim().normalize('NFC').max(500, 'dài quá 500 ký tự')),
};
const UploadForm = z.object({
  _csrf: z.string(),
  file: z.instanceof(File, { error: 'chọn tệp phụ lục để tải lên' }).refine((f) => f.size > 0, 'tệp rỗng (0 byte)'),
  ...Meta,
});
const ConfirmForm = z.object({
  _csrf: z.string(),
  sha: z.string().regex(/^[0-9a-f]{64}$/, 'tệp đã tải lên không hợp lệ'),
  name: z.string().trim().min(1).max(255),
  fingerprint: z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'phần thay đổi không hợp lệ'),
  ...Meta,
});
const HomeQuery = z.object({ xong: opt(z.string().max(300)) });

/** Refuses an upload body larger than the ingest's limit before it is read (a little room for the form's other fields). */
export function registryUploadLimit(deps: Pick<ConsoleDeps, 'config'>): MiddlewareHandler {
  const max = limitsOf(deps).maxBytes;
  return bodyLimit({
    maxSize: max + 64 * 1024,
    onError: (c) => c.html(bare('Tệp quá lớn', `Tệp vượt giới hạn ${sizeLabel(max, 'vi')} của hệ thống nhận báo cáo; không có gì được lưu.`), 413),
  });
}

/** A field's value as the secretariat reads it. */
function fieldText(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  const o = v as Record<string, unknown>;
  if (field === 'section') return `${o.code ?? ''}. ${o.title ?? ''}`.trim();
  if (field === 'directive') return `${o.number ?? ''} ${o.title ?? ''}`.trim();
  if (field === 'removed') return 'đã bỏ';
  if (typeof o.raw === 'string') return o.raw || '—';
  return JSON.stringify(v);
}

function taskLine(t: Task): Html {
  return html`<td>${t.id}</td><td>${t.content}</td><td>${t.lead.raw || '—'}</td><td>${t.deadline.raw || '—'}</td>`;
}

function capped<T>(list: T[]): { shown: T[]; more: number } {
  return { shown: list.slice(0, SHOWN), more: Math.max(0, list.length - SHOWN) };
}

function diffView(diff: RegistryDiff, read: ReadResult): Html {
  const added = capped(diff.added);
  const changed = capped(diff.changed);
  const removed = capped(diff.removed);
  const counts = new Map<string, number>();
  for (const w of read.warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
  const head = html`<thead><tr><th scope="col">Mã</th><th scope="col">Nội dung</th><th scope="col">Chủ trì</th><th scope="col">Thời hạn</th></tr></thead>`;
  const more = (n: number) => (n ? html`<p class="muted">… và ${n} nhiệm vụ khác.</p>` : '');
  return html`<p role="status">${read.directive.number}${read.directive.title ? ` — ${read.directive.title}` : ''}${read.directive.date !== '1970-01-01' ? `, ngày ${viDate(read.directive.date)}` : ''}: đọc được ${read.tasks.length} nhiệm vụ.
Thêm mới: <strong>${diff.added.length}</strong> · Thay đổi: <strong>${diff.changed.length}</strong> · Không còn trong văn bản: <strong>${diff.removed.length}</strong> · Không đổi: ${diff.unchanged}.</p>
${counts.size ? html`<h2>Lưu ý khi đọc</h2><ul>${[...counts].map(([code, n]) => html`<li>${n} ${labelOf(REGISTRY_WARNING_LABEL, code)}</li>`)}</ul>` : ''}
<section aria-labelledby="added-h"><h2 id="added-h">Thêm mới (${diff.added.length})</h2>
${diff.added.length ? html`<table>${head}<tbody>${added.shown.map((t) => html`<tr>${taskLine(t)}</tr>`)}</tbody></table>${more(added.more)}` : html`<p>Không có.</p>`}</section>
<section aria-labelledby="changed-h"><h2 id="changed-h">Thay đổi (${diff.changed.length})</h2>
${diff.changed.length ? html`<table><thead><tr><th scope="col">Mã</th><th scope="col">Nội dung hiện tại</th><th scope="col">Thay đổi</th></tr></thead><tbody>${changed.shown.map(({ task, changes }) => html`<tr><td><a href="${taskHref(task.id)}">${task.id}</a></td><td>${task.content}</td><td><ul>${changes.map((ch) => html`<li><strong>${labelOf(TASK_FIELD_LABEL, ch.field)}</strong>: ${changeMarks(fieldText(ch.field, ch.from), fieldText(ch.field, ch.to))}</li>`)}</ul></td></tr>`)}</tbody></table>${more(changed.more)}
<p class="muted">Chữ <del>gạch ngang</del> là chữ bỏ đi, chữ <ins>gạch dưới</ins> là chữ thêm vào.</p>` : html`<p>Không có.</p>`}</section>
<section aria-labelledby="removed-h"><h2 id="removed-h">Không còn trong văn bản (${diff.removed.length})</h2>
${diff.removed.length ? html`<p class="muted">Các nhiệm vụ này được giữ lại và đánh dấu "đã bỏ"; lịch sử báo cáo của chúng không mất.</p><table>${head}<tbody>${removed.shown.map((t) => html`<tr>${taskLine(t)}</tr>`)}</tbody></table>${more(removed.more)}` : html`<p>Không có.</p>`}</section>`;
}

function confirmForm(csrf: string, o: { sha: string; name: string; directive: string; date?: string; directiveTitle?: string; fingerprint: string }, empty: boolean): Html {
  if (empty) return html`<p>Danh mục đã đúng như văn bản này: không có gì để ghi.</p><p><a href="/danh-muc">Về Danh mục</a></p>`;
  return html`<form method="post" action="/danh-muc/nhap/xac-nhan">${hidden('_csrf', csrf)}${hidden('sha', o.sha)}${hidden('name', o.name)}${hidden('directive', o.directive)}${o.date ? hidden('date', viDate(o.date)) : ''}${o.directiveTitle ? hidden('directiveTitle', o.directiveTitle) : ''}${hidden('fingerprint', o.fingerprint)}
<div class="actions"><button type="submit">Xác nhận cập nhật danh mục</button> <a href="/danh-muc">Hủy</a></div></form>`;
}

const isEmpty = (d: RegistryDiff) => !d.added.length && !d.changed.length && !d.removed.length;

export function registryRoutes(app: Hono<AppEnv>, deps: Deps): void {
  const refusal = (c: Context<AppEnv>, message: string) =>
    c.html(page({ title: 'Không nhập được phụ lục', section: '/danh-muc', user: c.get('session').user, csrf: c.get('csrf'), body: html`<div class="error-summary" role="alert"><h2>Không nhập được</h2><p>${message}</p></div><p>Không có gì được lưu. <a href="/danh-muc">Về Danh mục</a></p>` }), 400);

  app.get('/danh-muc', validate('query', HomeQuery), async (c) => {
    const user = c.get('session').user;
    const csrf = c.get('csrf');
    const all = await deps.store.listTasks();
    const byDirective = new Map<string, { d: Task['directive']; tasks: number; removed: number; sections: Map<string, { title: string; n: number }> }>();
    for (const t of all) {
      const e = byDirective.get(t.directive.number) ?? { d: t.directive, tasks: 0, removed: 0, sections: new Map() };
      byDirective.set(t.directive.number, e);
      if (t.removed) { e.removed++; continue; }
      e.tasks++;
      const code = t.section?.code ?? '';
      const s = e.sections.get(code) ?? { title: t.section?.title ?? '', n: 0 };
      s.n++;
      e.sections.set(code, s);
    }
    const list = (q: Record<string, string>) => `/nhiem-vu?${new URLSearchParams(q).toString()}`;
    const directives = [...byDirective.values()].sort((a, b) => a.d.number.localeCompare(b.d.number, 'vi', { numeric: true }));
    const max = limitsOf(deps).maxBytes;
    const body = html`${directives.length ? html`<table><thead><tr><th scope="col">Văn bản giao</th><th scope="col">Ngày</th><th scope="col">Nhiệm vụ</th><th scope="col">Theo mục</th></tr></thead><tbody>
${directives.map((e) => html`<tr><td><a href="${list({ directive: e.d.number })}">${e.d.number}</a><br><span class="muted">${e.d.kind}${e.d.title ? ` — ${e.d.title}` : ''}</span></td><td>${e.d.date !== '1970-01-01' ? viDate(e.d.date) : '—'}</td><td>${e.tasks}${e.removed ? html`<br><span class="muted">(${e.removed} đã bỏ)</span>` : ''}</td>
<td><ul class="plain">${[...e.sections].sort(([a], [b]) => a.localeCompare(b, 'vi', { numeric: true })).map(([code, s]) => html`<li>${code ? html`<a href="${list({ directive: e.d.number, section: code })}">Mục ${code}</a>${s.title ? ` — ${s.title}` : ''}` : 'Không chia mục'}: ${s.n}</li>`)}</ul></td></tr>`)}
</tbody></table>` : html`<p>Danh mục đang trống.</p>`}
${canDecide(user) ? html`<h2>Nhập phụ lục của một văn bản</h2>
<p>Tải lên phụ lục nhiệm vụ (Word .docx, Excel .xlsx, PDF hoặc văn bản thuần .txt, tối đa ${sizeLabel(max, 'vi')}). Trang sau cho xem phần thay đổi (thêm mới, thay đổi, không còn trong văn bản) trước khi ghi — như lệnh <code>intake registry import</code>.</p>
<form method="post" action="/danh-muc/nhap" enctype="multipart/form-data">${hidden('_csrf', csrf)}
<p><label for="file">Tệp phụ lục</label><br><input type="file" id="file" name="file" required accept=".docx,.xlsx,.pdf,.txt,.html"></p>
<p><label for="directive">Số hiệu văn bản (ví dụ 04/CT-TTg)</label><br><input type="text" id="directive" name="directive" required maxlength="40" size="20"></p>
<p><label for="date">Ngày ban hành, nếu văn bản không ghi (dd/mm/yyyy)</label><br><input type="text" id="date" name="date" maxlength="10" size="10" placeholder="dd/mm/yyyy"></p>
<p><label for="directiveTitle">Trích yếu, nếu văn bản không ghi</label><br><input type="text" id="directiveTitle" name="directiveTitle" maxlength="500" size="60"></p>
<button type="submit">Xem phần thay đổi</button></form>` : ''}`;
    return c.html(page({ title: 'Danh mục', section: '/danh-muc', user, csrf, body, notice: c.req.valid('query').xong }));
  });

  app.post('/danh-muc/nhap', validate('form', UploadForm), async (c) => {
    const f = c.req.valid('form');
    const bytes = new Uint8Array(await f.file.arrayBuffer());
    const name = f.file.name.normalize('NFC').slice(0, 255) || 'phu-luc';
    const opts = { directive: f.directive, meta: { ...(f.date ? { date: f.date } : {}), ...(f.directiveTitle ? { title: f.directiveTitle } : {}) }, limits: limitsOf(deps) };
    let read: ReadResult;
    try {
      // the ingest's limits come first inside readAppendix: nothing is stored before they pass
      read = await readAppendix({ name, bytes }, opts);
    } catch (err) {
      if (err instanceof ExtractError) return refusal(c, err.messageVi);
      throw err;
    }
    const diff = await planImport(deps.store, read);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (!isEmpty(diff)) await deps.blobs.put(stagedKey(sha), bytes, { contentType: 'application/octet-stream' });
    const body = html`<p>Tệp <strong>${name}</strong>: chưa có gì được ghi vào danh mục.</p>
${diffView(diff, read)}
${confirmForm(c.get('csrf'), { sha, name, directive: f.directive, date: f.date, directiveTitle: f.directiveTitle, fingerprint: diffFingerprint(diff) }, isEmpty(diff))}`;
    return c.html(page({ title: `Phần thay đổi của ${read.directive.number}`, section: '/danh-muc', user: c.get('session').user, csrf: c.get('csrf'), body }));
  });

  app.post('/danh-muc/nhap/xac-nhan', validate('form', ConfirmForm), async (c) => {
    const f = c.req.valid('form');
    const blob = await deps.blobs.get(stagedKey(f.sha));
    if (!blob) return refusal(c, 'Tệp đã tải lên không còn (đã nhập hoặc đã hết hạn); hãy tải lên lại.');
    const bytes = new Uint8Array(blob.bytes);
    const opts = { directive: f.directive, meta: { ...(f.date ? { date: f.date } : {}), ...(f.directiveTitle ? { title: f.directiveTitle } : {}) }, limits: limitsOf(deps) };
    const read = await readAppendix({ name: f.name, bytes }, opts);
    const diff = await planImport(deps.store, read);
    if (diffFingerprint(diff) !== f.fingerprint) {
      const body = html`<div class="error-summary" role="alert"><h2>Danh mục đã thay đổi từ lúc xem</h2><p>Có người vừa cập nhật danh mục của ${read.directive.number}. Dưới đây là phần thay đổi tính lại; hãy xem rồi xác nhận lại.</p></div>
${diffView(diff, read)}
${confirmForm(c.get('csrf'), { sha: f.sha, name: f.name, directive: f.directive, date: f.date, directiveTitle: f.directiveTitle, fingerprint: diffFingerprint(diff) }, isEmpty(diff))}`;
      return c.html(page({ title: `Phần thay đổi của ${read.directive.number}`, section: '/danh-muc', user: c.get('session').user, csrf: c.get('csrf'), body }), 409);
    }
    const applied = await applyImport(deps.store, read, { at: deps.now().toISOString(), source: `${f.name} (${c.get('session').user.name}, bảng điều khiển)` });
    await deps.blobs.remove(stagedKey(f.sha));
    const done = `Đã cập nhật ${read.directive.number}: thêm ${applied.added.length}, thay đổi ${applied.changed.length}, không còn trong văn bản ${applied.removed.length}.`;
    return c.redirect(`/danh-muc?${new URLSearchParams({ xong: done }).toString()}`, 303);
  });
}
