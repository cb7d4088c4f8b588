/**
 * The template's columns (Phụ lục 01 layout plus the task id) and its short instructions — one definition shared by
 * the XLSX and DOCX builders. Header words are chosen so the extraction's header roles read them
 * (shared/understand/roles.ts): "Mã nhiệm vụ" → task_id, "Đánh giá …" → assessment, "Kết quả …" → result.
 */
import { viDate } from '#shared/domain/dates';
import type { Period } from './period';

export { STATUS_CHOICES } from '#shared/domain/labels';
import { STATUS_CHOICES } from '#shared/domain/labels';

/** The id column's header: the extraction maps it to `task_id`, the matcher looks ids up exactly. */
export const TASK_ID_HEADER = 'Mã nhiệm vụ';
export const STATUS_HEADER = 'Đánh giá tình trạng';

export interface Column {
  key: 'stt' | 'taskId' | 'content' | 'refs' | 'lead' | 'role' | 'deadline' | 'status' | 'result' | 'risk' | 'note';
  header: string;
  width: number;
  /** the agency fills it (unlocked in the XLSX). */
  editable: boolean;
}

export const COLUMNS: Column[] = [
  { key: 'stt', header: 'STT', width: 6, editable: false },
  { key: 'taskId', header: TASK_ID_HEADER, width: 18, editable: false },
  { key: 'content', header: 'Nội dung, nhiệm vụ', width: 60, editable: false },
  { key: 'refs', header: 'Văn bản chỉ đạo', width: 16, editable: false },
  { key: 'lead', header: 'Cơ quan chủ trì', width: 22, editable: false },
  { key: 'role', header: 'Vai trò của cơ quan', width: 12, editable: false },
  { key: 'deadline', header: 'Thời gian hoàn thành', width: 16, editable: false },
  { key: 'status', header: STATUS_HEADER, width: 20, editable: true },
  { key: 'result', header: 'Kết quả thực hiện', width: 50, editable: true },
  { key: 'risk', header: 'Nguy cơ, khó khăn, vướng mắc', width: 30, editable: true },
  { key: 'note', header: 'Ghi chú', width: 20, editable: true },
];

export interface TemplateMeta {
  agencyId: string;
  agencyName: string;
  period: Period;
  /** when the report is due (ISO date), if known. */
  deadline?: string;
  /** when the template was made (ISO). */
  generatedAt: string;
}


export function instructions(meta: TemplateMeta): string[] {
  return [
    `Biểu mẫu này liệt kê các nhiệm vụ Đề án 06 mà ${meta.agencyName} chủ trì hoặc phối hợp thực hiện (tính đến ${viDate(meta.period.end)}).`,
    `Với mỗi nhiệm vụ: chọn "${STATUS_HEADER}" là một trong: ${STATUS_CHOICES.join(' / ')}; ghi kết quả cụ thể, nguy cơ hoặc khó khăn (nếu có).`,
    `Không sửa cột "${TASK_ID_HEADER}": hệ thống dùng mã này để ghi nhận đúng nhiệm vụ. Có thể sắp xếp lại hoặc xóa dòng không liên quan.`,
    'Nhiệm vụ khác chưa có trong danh sách: ghi vào các dòng ở mục "Nhiệm vụ bổ sung" cuối bảng, để trống cột mã.',
    meta.deadline
      ? `Gửi lại tệp này (giữ nguyên định dạng) trước ngày ${viDate(meta.deadline)}: trả lời thư đã nhận, hoặc tải lên qua đường liên kết được cung cấp.`
      : 'Gửi lại tệp này (giữ nguyên định dạng): trả lời thư đã nhận, hoặc tải lên qua đường liên kết được cung cấp.',
  ];
}

export function fileNameFor(meta: TemplateMeta, ext: 'xlsx' | 'docx'): string {
  return `Bieu-mau-Phu-luc-01_${meta.agencyId}_${meta.period.start.slice(0, 7)}_${meta.period.end.slice(0, 7)}.${ext}`;
}
