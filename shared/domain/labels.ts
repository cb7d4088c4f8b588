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

/** What the registry reader noticed in a directive's appendix (intake registry import, the console's Danh mục). */
export const REGISTRY_WARNING_LABEL = {
  unknown_deadline: 'thời hạn chưa hiểu', unresolved_agency: 'cơ quan chưa nhận ra', duplicate_id: 'trùng mã',
  corrected: 'hiệu đính thủ công', no_tasks: 'không thấy bảng nhiệm vụ', directive_incomplete: 'thiếu ngày/trích yếu văn bản',
  no_section: 'thiếu mục', lead_from_section: 'đơn vị chủ trì lấy theo tên mục', no_stt: 'dòng không có STT (không nhập)',
  no_content: 'dòng không có nội dung (không nhập)',
} as const;

/** A registered task's fields, as a diff of the registry names them (the console's Danh mục). */
export const TASK_FIELD_LABEL = {
  directive: 'Văn bản giao', section: 'Mục', stt: 'STT', content: 'Nội dung', lead: 'Chủ trì', coord: 'Phối hợp',
  deadline: 'Thời hạn', product: 'Sản phẩm', removed: 'Có lại trong văn bản',
} as const;

/** A label for a key that may be outside the table (data from an older version): the key itself then. */
export function labelOf<T extends Record<string, string>>(table: T, key: string | null | undefined, fallback = '—'): string {
  if (key === null || key === undefined || key === '') return fallback;
  return (table as Record<string, string>)[key] ?? key;
}

/** A file type as the sender knows it ("Word (.docx)"), for failure details and warnings. */
export const FILE_TYPE_LABEL: Record<string, string> = {
  docx: 'Word (.docx)', xlsx: 'Excel (.xlsx)', pdf: 'PDF', html: 'HTML', text: 'văn bản thuần (text)',
  doc: 'Word 97-2003 (.doc)', xls: 'Excel 97-2003 (.xls)', ole: 'Office 97-2003', zip: 'ZIP', eml: 'thư điện tử (.eml)',
  image: 'ảnh', binary: 'dữ liệu nhị phân',
};

/** A size a reader can compare: "40 MB", "12 GB", "350 KB", "100 byte" (Vietnamese decimal comma in the Vietnamese text). */
export function sizeLabel(n: number, locale: 'vi' | 'en' = 'en'): string {
  const units: Array<[number, string]> = [[1024 ** 3, 'GB'], [1024 ** 2, 'MB'], [1024, 'KB']];
  const [div, unit] = units.find(([d]) => n >= d) ?? [1, locale === 'vi' ? 'byte' : 'bytes'];
  const v = n / div;
  const text = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: v < 10 && div > 1 ? 1 : 0 }).format(v);
  return `${text} ${unit}`;
}
