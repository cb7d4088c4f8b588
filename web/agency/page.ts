/**
 * The agency's page for a round (Vietnamese, no account): its tasks with the status on record, a form per task
 * (status, result, difficulties), save draft / submit, file upload, and the receipt of what was uploaded.
 * Accessible: every field labelled, an error summary at the top linking each field to fix, keyboard only works.
 */
import { ROLE_VI } from '#shared/digest/labels';
import { STATUS_LABEL, REPORT_STATE_LABEL, labelOf } from '#shared/domain/labels';
import { viDate, viDateTime } from '#shared/domain/dates';
import type { RoundAnswer } from '#shared/domain/agency-round';
import type { Receipt } from '#shared/receipts';
import type { Report } from '#shared/domain/report';
import type { RoundView } from '#shared/rounds/view';
import type { UploadLink } from '#shared/store/upload-links';
import { groupMemberships } from '#shared/agencies/groups';
import { documentHead, html, raw, type Html } from '../html';

export const AGENCY_BASE = '/dot-bao-cao';
const STATUS_KEYS = Object.keys(STATUS_LABEL) as Array<keyof typeof STATUS_LABEL>;

export interface FieldError {
  /** the id of the input to fix. */
  field: string;
  message: string;
}

export function shell(title: string, csrf: string | undefined, body: Html): Html {
  return html`${documentHead(title, csrf, html`<link rel="stylesheet" href="${AGENCY_BASE}/static/agency.css">
<script src="${AGENCY_BASE}/static/agency.js" defer></script>`)}
<body>
<a class="skip" href="#main">Bỏ qua, tới nội dung chính</a>
<header class="agency-top"><span class="brand">Đề án 06 — Trang báo cáo của cơ quan</span></header>
<main id="main" class="agency" tabindex="-1">
${body}
</main>
</body>
</html>`;
}

/** The only thing a tampered, expired or revoked link shows. */
export function refusalPage(title: string, message: string): Html {
  return shell(title, undefined, html`<h1>${title}</h1><p>${message}</p>`);
}

function groupLabel(group: string | undefined): string {
  if (!group) return '';
  return groupMemberships().get(group)?.label ?? group;
}

function onRecordLine(t: RoundView['tasks'][number]): Html {
  const r = t.onRecord;
  if (!r) return html`<span>Chưa có báo cáo của cơ quan về nhiệm vụ này.</span>`;
  const from = r.origin === 'web' ? 'cập nhật trên trang này' : r.fileName ? `báo cáo "${r.fileName}"` : 'một báo cáo';
  return html`<span>Đang ghi nhận: <strong>${labelOf(STATUS_LABEL, r.status, 'chưa rõ tình trạng')}</strong> — từ ${from}, ngày ${viDate(r.reportDate)}${r.receivedAt ? html` (nhận lúc ${viDateTime(r.receivedAt)})` : ''}</span>`;
}

export interface FormState {
  answers: Map<string, RoundAnswer>;
  by?: string;
  errors: FieldError[];
  notice?: string;
}

export const fieldId = (i: number, what: 'status' | 'result' | 'difficulties') => `f-${i}-${what}`;

function errorFor(errors: FieldError[], id: string): string | undefined {
  return errors.find((e) => e.field === id)?.message;
}

function textArea(id: string, name: string, label: string, value: string | undefined, errors: FieldError[]): Html {
  const err = errorFor(errors, id);
  return html`<div><label for="${id}">${label}</label>${err ? html`<p class="field-error" id="${id}-err">${err}</p>` : ''}
<textarea id="${id}" name="${name}" rows="3" maxlength="4000"${err ? raw(` aria-invalid="true" aria-describedby="${id}-err"`) : ''}>${value ?? ''}</textarea></div>`;
}

function taskFieldset(t: RoundView['tasks'][number], i: number, state: FormState): Html {
  const a = state.answers.get(t.task.id);
  const sid = fieldId(i, 'status');
  const serr = errorFor(state.errors, sid);
  const role = `${ROLE_VI[t.role]}${t.group ? ` (${groupLabel(t.group)})` : ''}`;
  return html`<fieldset class="task${t.late ? ' late' : ''}" id="task-${i}">
<legend>${t.task.id}</legend>
<input type="hidden" name="t_${i}" value="${t.task.id}">
<p class="task-content">${t.task.content}</p>
<p class="task-meta"><span>Vai trò: ${role}</span><span>Thời hạn: ${t.due ? viDate(t.due) : t.task.deadline.raw || 'không ghi'}</span>${t.late ? html`<span class="badge-late">Quá hạn</span>` : ''}</p>
<p class="task-meta">${onRecordLine(t)}</p>
<div class="fields">
<div><label for="${sid}">Tình trạng</label>${serr ? html`<p class="field-error" id="${sid}-err">${serr}</p>` : ''}
<select id="${sid}" name="s_${i}"${serr ? raw(` aria-invalid="true" aria-describedby="${sid}-err"`) : ''}>
<option value="">— Chọn tình trạng —</option>
${STATUS_KEYS.map((k) => html`<option value="${k}"${a?.status === k ? raw(' selected') : ''}>${STATUS_LABEL[k]}</option>`)}
</select></div>
${textArea(fieldId(i, 'result'), `r_${i}`, 'Kết quả thực hiện', a?.result, state.errors)}
${textArea(fieldId(i, 'difficulties'), `d_${i}`, 'Khó khăn, vướng mắc', a?.difficulties, state.errors)}
</div>
</fieldset>`;
}

export function errorSummary(errors: FieldError[]): Html {
  if (!errors.length) return html``;
  return html`<div class="error-summary" id="loi" role="alert" tabindex="-1"><h2>Cần sửa ${errors.length} mục</h2><ul>${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul></div>`;
}

/**
 * The upload form: to the console (which stores the file), or — given a presigned POST (AWS: a Lambda body is capped
 * near 6 MB) — straight to S3 with the link's fields (key pinned, size bounded); S3 sends the browser back to /tep.
 * S3 refuses fields the policy does not name, so the direct form carries no CSRF field (the signed policy is the check).
 */
function uploadForm(csrf: string, direct: UploadLink | undefined): Html {
  const picker = html`<p><label for="f-file">Chọn tệp</label><br><input type="file" id="f-file" name="file" required accept=".docx,.xlsx,.xls,.doc,.pdf,.zip"></p>
<p><button type="submit">Tải lên</button></p>`;
  if (!direct) {
    return html`<form method="post" action="${AGENCY_BASE}/tai-len" enctype="multipart/form-data">
<input type="hidden" name="_csrf" value="${csrf}">
${picker}
</form>`;
  }
  return html`<form method="post" action="${direct.url}" enctype="multipart/form-data" data-direct="s3">
${Object.entries(direct.fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<input type="hidden" name="Content-Type" value="application/octet-stream">
<p class="muted">Mỗi tệp tối đa ${Math.round(direct.maxBytes / 1024 / 1024)} MB.</p>
${picker}
</form>`;
}

export function roundPage(view: RoundView, csrf: string, state: FormState, uploads: Html | Html[], direct?: UploadLink): Html {
  const late = view.tasks.filter((t) => t.late).length;
  const whoErr = errorFor(state.errors, 'f-by');
  const body = html`
${errorSummary(state.errors)}
${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
<h1>Báo cáo ${view.round.period} — ${view.agencyName}</h1>
<dl class="round-facts">
<dt>Cơ quan</dt><dd>${view.agencyName}</dd>
<dt>Kỳ báo cáo</dt><dd>${view.round.period}</dd>
<dt>Hạn gửi báo cáo</dt><dd>${viDate(view.round.deadline)}</dd>
<dt>Nhiệm vụ</dt><dd>${view.tasks.length} nhiệm vụ${late ? `, ${late} quá hạn` : ''}</dd>
${view.draft?.answers.length ? html`<dt>Bản nháp</dt><dd>đã lưu lúc ${viDateTime(view.draft.savedAt)}</dd>` : ''}
</dl>
<p>Chọn tình trạng và ghi kết quả cho từng nhiệm vụ, rồi bấm <strong>Gửi báo cáo</strong>. <strong>Lưu nháp</strong> giữ lại nội dung để gửi sau. Cơ quan vẫn gửi văn bản báo cáo có chữ ký ở phần tải tệp bên dưới.</p>
<form method="post" action="${AGENCY_BASE}" novalidate>
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="n" value="${view.tasks.length}">
${view.tasks.length ? view.tasks.map((t, i) => taskFieldset(t, i, state)) : html`<p>Không có nhiệm vụ nào của cơ quan trong đợt này.</p>`}
<div class="who-field"><label for="f-by">Người cập nhật (họ tên, chức vụ)</label>${whoErr ? html`<p class="field-error" id="f-by-err">${whoErr}</p>` : ''}
<input type="text" id="f-by" name="by" maxlength="120" autocomplete="name" value="${state.by ?? ''}"${whoErr ? raw(' aria-invalid="true" aria-describedby="f-by-err"') : ''}></div>
<div class="submit-bar">
<button type="submit" name="action" value="submit">Gửi báo cáo</button>
<button type="submit" name="action" value="draft" class="secondary">Lưu nháp</button>
</div>
</form>
<section class="upload" aria-labelledby="tai-len">
<h2 id="tai-len">Tải lên tệp báo cáo</h2>
<p>Văn bản báo cáo có chữ ký, biểu mẫu đã điền hoặc Phụ lục (DOCX, XLSX, PDF hoặc ZIP). Tệp được đọc như tệp gửi qua thư; kết quả hiện ngay bên dưới khi đọc xong.</p>
${uploadForm(csrf, direct)}
${uploads}
</section>`;
  return shell(`Báo cáo ${view.round.period}`, csrf, body);
}

/** The result of one uploaded file: being read (polled by htmx), or the receipt's data. */
export function uploadResult(key: string, fileName: string, report: Report | undefined, receipt: Receipt | undefined): Html {
  const pollUrl = `${AGENCY_BASE}/tep?key=${encodeURIComponent(key)}`;
  const done = report && report.state !== 'received' && report.state !== 'ocr_pending';
  if (!report || !done) {
    return html`<div class="upload-result" hx-get="${pollUrl}" hx-trigger="every 2s" hx-swap="outerHTML" aria-live="polite">
<h3>${fileName}</h3><p>${report ? labelOf(REPORT_STATE_LABEL, report.state) : 'Đã nhận tệp, đang xếp hàng đọc'}… Trang tự cập nhật khi đọc xong.</p>
<p><a href="${pollUrl}">Xem kết quả</a></p></div>`;
  }
  const totals = (receipt?.tables ?? []).reduce((a, t) => ({ read: a.read + t.read, matched: a.matched + t.matched, review: a.review + t.review, new: a.new + t.new }), { read: 0, matched: 0, review: 0, new: 0 });
  return html`<div class="upload-result" aria-live="polite" data-state="${report.state}">
<h3>${fileName} — ${labelOf(REPORT_STATE_LABEL, report.state)}</h3>
${receipt?.tables.length ? html`<table class="receipt-table"><caption>Kết quả đọc (như thư xác nhận)</caption>
<thead><tr><th scope="col">Bảng</th><th scope="col">Số dòng đọc được</th><th scope="col">Khớp danh mục</th><th scope="col">Cần xem xét</th><th scope="col">Nhiệm vụ mới</th></tr></thead>
<tbody>${receipt.tables.map((t) => html`<tr><td>${t.table + 1}</td><td>${t.read}</td><td>${t.matched}</td><td>${t.review}</td><td>${t.new}</td></tr>`)}
<tr><th scope="row">Tổng cộng</th><td>${totals.read}</td><td>${totals.matched}</td><td>${totals.review}</td><td>${totals.new}</td></tr></tbody></table>` : ''}
${receipt?.problems.length ? html`<h4>Các vấn đề cần lưu ý</h4><ol>${receipt.problems.map((p) => html`<li>${p.what}<br><em>Cách khắc phục:</em> ${p.fix}${p.where?.length ? html`<ul>${p.where.slice(0, 15).map((w) => html`<li>${w}</li>`)}</ul>` : ''}</li>`)}</ol>` : report.state === 'processed' ? html`<p>Không phát hiện vấn đề nào.</p>` : ''}
<p class="muted">Mã tiếp nhận: ${report.id.slice(0, 12)}</p></div>`;
}
