/**
 * Labels, the one home: the Vietnamese words every output (receipts, digest, templates, CLI, console) uses for a
 * status, a digest category, a match decision, a secretariat override and a report's state. Reuse; never re-word.
 */

/** A task's status as an agency reports it (the choices of the template's "Tình trạng" column). */
export const STATUS_LABEL = {
  completed: 'Hoàn thành',
  not_completed: 'Chưa hoàn thành',
  in_progress: 'Đang triển khai',
  recurring: 'Thực hiện thường xuyên',
} as const;
export type StatusKey = keyof typeof STATUS_LABEL;

/** The status choices, in the order the template offers them. */
export const STATUS_CHOICES = [STATUS_LABEL.completed, STATUS_LABEL.not_completed, STATUS_LABEL.in_progress, STATUS_LABEL.recurring] as const;

/** How the digest counts a task on a date (from its statuses and its due date). */
export const CATEGORY_LABEL = {
  completed: 'Hoàn thành',
  overdue: 'Chậm muộn',
  inProgress: 'Đang thực hiện',
  recurring: 'Thực hiện thường xuyên',
} as const;
export type CategoryKey = keyof typeof CATEGORY_LABEL;

/** What the matcher decided for a report row. */
export const DECISION_LABEL = {
  auto: 'khớp',
  review: 'cần xem xét',
  new: 'mới',
} as const;
export type DecisionKey = keyof typeof DECISION_LABEL;

/** What the secretariat decided for a row (intake review accept|reject|new). */
export const OVERRIDE_LABEL = {
  accept: 'chấp nhận',
  reject: 'bác bỏ',
  new: 'mới',
} as const;
export type OverrideKey = keyof typeof OVERRIDE_LABEL;

/** Where a report is in its processing. */
export const REPORT_STATE_LABEL = {
  received: 'đang xử lý',
  ocr_pending: 'bản quét, đang đọc (OCR)',
  processed: 'đã xử lý',
  failed: 'lỗi, không đọc được',
  quarantined: 'bị cách ly',
  held: 'tạm giữ',
  duplicate: 'gửi trùng',
  automatic: 'thư tự động, không trả lời',
} as const;
export type ReportStateKey = keyof typeof REPORT_STATE_LABEL;

/** What the secretariat did to a report itself (intake reports reassign|withdraw, the console's report page). */
export const REPORT_ACTION_LABEL = {
  reassigned: 'chuyển sang cơ quan khác',
  withdrawn: 'rút báo cáo',
} as const;
export type ReportActionKey = keyof typeof REPORT_ACTION_LABEL;

/** A label for a key that may be outside the table (data from an older version): the key itself then. */
export function labelOf<T extends Record<string, string>>(table: T, key: string | null | undefined, fallback = '—'): string {
  if (key === null || key === undefined || key === '') return fallback;
  return (table as Record<string, string>)[key] ?? key;
}
