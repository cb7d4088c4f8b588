/**
 * zod on every form, query and path parameter (@hono/zod-validator); a refusal is a 400 page in Vietnamese with an
 * error summary at the top listing each field to fix.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { bare, html } from './html';

const FIELD_VI: Record<string, string> = {
  action: 'Quyết định', taskId: 'Mã nhiệm vụ', q: 'Từ khóa', page: 'Trang', reportId: 'Mã báo cáo', rowId: 'Dòng',
  asOf: 'Ngày số liệu', date: 'Ngày', _csrf: 'Mã chống giả mạo', title: 'Tên phiên họp', sendDaysBefore: 'Số ngày gửi trước', recipients: 'Người nhận', confirm: 'Xác nhận', dueBefore: 'Hạn trước ngày', status: 'Tình trạng', agency: 'Cơ quan', state: 'Trạng thái', overdue: 'Quá hạn', emails: 'Địa chỉ thư', domains: 'Tên miền', reason: 'Lý do', file: 'Tệp phụ lục', sha: 'Tệp đã tải lên', fingerprint: 'Phần thay đổi', name: 'Tên tệp', directiveTitle: 'Trích yếu', ngay: 'Nhận ngày', category: 'Nhóm tình trạng', directive: 'Số hiệu văn bản', section: 'Mục',
};

export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result, c) => {
    if (result.success) return;
    const items = result.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      return `${FIELD_VI[field] ?? (field || 'Dữ liệu')}: ${i.message}`;
    });
    return c.html(
      bare('Dữ liệu không hợp lệ', html`<div class="error-summary" role="alert"><h2>Cần sửa ${items.length} mục</h2><ul>${items.map((m) => html`<li>${m}</li>`)}</ul></div><p><a href="/">Về trang Tổng quan</a></p>`),
      400,
    );
  });
}
