/**
 * The mails around templates (Vietnamese): sending each agency its template with the reporting deadline and its
 * upload link, and the reminder before the deadline. The upload link is a presigned POST, so it travels as a small
 * HTML form (attached) that the agency opens in a browser to upload the file.
 */
import type { OutgoingMail } from '#shared/mail/mailer';
import type { UploadLink } from '#shared/store/upload-links';
import type { TemplateMeta } from './layout';
import { TIME_ZONE, viDate, vnToday } from '#shared/domain/dates';
import { escapeHtml as esc, linesToHtml } from '#shared/receipts/html';

/**
 * The page names the object after the chosen file, in a folder of its own per upload (the key rule of
 * shared/ingest/keys: <link prefix><yyyy-mm-dd in Việt Nam>/<random id>/<file name>), so a second file with the same
 * name never replaces the first. It writes the key itself: a local S3 (s3rver) does not fill in `${filename}`.
 * (Without scripts S3 uses the policy's `<link prefix>${filename}`; the versioned bucket keeps earlier versions.)
 */
function keyScript(prefix: string): string {
  const p = JSON.stringify(prefix).replace(/</g, '\\u003c');
  return `document.querySelector('input[type=file]').addEventListener('change',function(e){var f=e.target.files&&e.target.files[0];var k=document.querySelector('input[name=key]');if(!f||!k)return;`
    + `var d=new Intl.DateTimeFormat('en-CA',{timeZone:'${TIME_ZONE}',year:'numeric',month:'2-digit',day:'2-digit'}).format(new Date());`
    + `var b=new Uint8Array(5);if(typeof crypto!=='undefined'&&crypto.getRandomValues)crypto.getRandomValues(b);else for(var i=0;i<5;i++)b[i]=Math.floor(Math.random()*256);`
    + `var id=Array.prototype.map.call(b,function(x){return(x<16?'0':'')+x.toString(16);}).join('');`
    + `k.value=${p}+d+'/'+id+'/'+f.name.split(/[\\\\/]/).pop();});`;
}

/** A standalone upload page: the presigned POST's fields as hidden inputs, a file picker, a submit button. */
export function uploadFormHtml(link: UploadLink, agencyName: string): string {
  const hidden = Object.entries(link.fields).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('\n');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tải lên báo cáo Đề án 06 — ${esc(agencyName)}</title></head>
<body style="font-family:Arial,sans-serif;max-width:640px;margin:2em auto">
<h2>Tải lên báo cáo Đề án 06</h2>
<p>Cơ quan: <b>${esc(agencyName)}</b>. Đường dẫn có hiệu lực đến ${esc(viDate(vnToday(link.expiresAt)))}; mỗi tệp tối đa ${Math.round(link.maxBytes / 1024 / 1024)} MB (DOCX, XLSX, PDF hoặc ZIP).</p>
<form action="${esc(link.url)}" method="post" enctype="multipart/form-data">
${hidden}
<input type="hidden" name="Content-Type" value="application/octet-stream">
<p><input type="file" name="file" required accept=".docx,.xlsx,.pdf,.zip"></p>
<p><button type="submit">Tải lên</button></p>
</form>
<script>${keyScript(link.keyPrefix)}</script>
</body></html>`;
}

/** The agency's own page for the round (#16): its signed link and when it stops working. */
export interface PageLink {
  url: string;
  expiresAt: string;
}

function pageLine(page: PageLink): string {
  return `- Cập nhật tình trạng từng nhiệm vụ và tải tệp lên trang báo cáo của Quý cơ quan (không cần tài khoản; đường dẫn dành riêng cho Quý cơ quan, xin không chuyển cho cơ quan khác; hiệu lực đến hết ngày ${viDate(vnToday(page.expiresAt))}): ${page.url}`;
}

export function templateMail(meta: TemplateMeta, to: string[], files: Array<{ name: string; bytes: Uint8Array; contentType: string }>, link?: UploadLink, replyTo?: string, page?: PageLink): OutgoingMail {
  const deadline = meta.deadline ? viDate(meta.deadline) : undefined;
  const lines = [
    'Kính gửi Quý cơ quan,',
    '',
    `Thư ký Tổ công tác Đề án 06 gửi ${meta.agencyName} biểu mẫu báo cáo kết quả thực hiện nhiệm vụ ${meta.period.label} (Phụ lục 01), đã liệt kê sẵn các nhiệm vụ cơ quan chủ trì hoặc phối hợp.`,
    deadline ? `Đề nghị Quý cơ quan gửi báo cáo trước ngày ${deadline}.` : 'Đề nghị Quý cơ quan gửi báo cáo đúng hạn.',
    '',
    'Cách gửi:',
    ...(page ? [`${pageLine(page)}; hoặc`] : []),
    '- Trả lời thư này, đính kèm biểu mẫu đã điền (giữ nguyên cột "Mã nhiệm vụ"); hoặc',
    link ? `- Mở tệp "Tai-len-bao-cao.html" đính kèm bằng trình duyệt và tải tệp lên (hiệu lực đến ${viDate(vnToday(link.expiresAt))}).` : '- Gửi tệp qua hộp thư nhận báo cáo.',
    '',
    'Sau khi hệ thống đọc báo cáo, Quý cơ quan sẽ nhận thư xác nhận: số dòng đọc được, nhiệm vụ đã khớp, và các điểm cần bổ sung.',
    '',
    'Trân trọng.',
  ];
  const attachments = files.map((f) => ({ filename: f.name, content: new Uint8Array(f.bytes), contentType: f.contentType }));
  if (link) attachments.push({ filename: 'Tai-len-bao-cao.html', content: new Uint8Array(Buffer.from(uploadFormHtml(link, meta.agencyName))), contentType: 'text/html; charset=utf-8' });
  return {
    to,
    replyTo,
    subject: `[Đề án 06] Biểu mẫu báo cáo ${meta.period.label} — ${meta.agencyName}${deadline ? ` (hạn ${deadline})` : ''}`,
    text: lines.join('\n'),
    html: linesToHtml(lines),
    attachments,
    headers: { 'X-Intake-Template': `${meta.agencyId}|${meta.period.start}|${meta.period.end}` },
  };
}

export function reminderMail(meta: TemplateMeta, to: string[], daysLeft: number, replyTo?: string, page?: PageLink): OutgoingMail {
  const deadline = meta.deadline ? viDate(meta.deadline) : '';
  const lines = [
    'Kính gửi Quý cơ quan,',
    '',
    `Đến nay Thư ký Tổ công tác Đề án 06 chưa nhận được báo cáo ${meta.period.label} của ${meta.agencyName}.`,
    daysLeft > 0 ? `Hạn gửi báo cáo là ngày ${deadline} (còn ${daysLeft} ngày).` : `Hạn gửi báo cáo là ngày ${deadline} (hôm nay).`,
    'Quý cơ quan có thể trả lời thư gửi biểu mẫu trước đây, đính kèm biểu mẫu đã điền.',
    ...(page ? [pageLine(page).replace(/^- /, 'Hoặc: ')] : []),
    'Nếu đã gửi, xin bỏ qua thư này; thư xác nhận sẽ được gửi khi hệ thống đọc xong báo cáo.',
    '',
    'Trân trọng.',
  ];
  return {
    to,
    replyTo,
    subject: `[Đề án 06] Nhắc gửi báo cáo ${meta.period.label} — hạn ${deadline}`,
    text: lines.join('\n'),
    html: linesToHtml(lines),
  };
}
