/** Template rows from the selected tasks: section groups (A/B/C as in the directive) and each task's cells. */
import { safeCell } from '#shared/digest/safe-cell';
import { ROLE_VI, type TemplateTask } from './select';

export interface TemplateRow {
  kind: 'section' | 'task' | 'blank';
  /** section rows: the title. */
  title?: string;
  cells?: { stt: string; taskId: string; content: string; refs: string; lead: string; role: string; deadline: string };
}

export const EXTRA_ROWS = 5;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];
const roman = (i: number) => ROMAN[i] ?? String(i + 1);

/**
 * A row per directive ("I. Chỉ thị 04/CT-TTg"), a row per section ("B. Nhiệm vụ cụ thể …"), then the tasks; section
 * rows start with their letter so the extraction reads them as sections, not as a second header row.
 */
export function templateRows(tasks: TemplateTask[]): TemplateRow[] {
  const out: TemplateRow[] = [];
  let directive = '';
  let section = '';
  let directives = 0;
  for (const t of tasks) {
    const d = t.task.directive.number;
    if (d !== directive) {
      directive = d;
      section = '';
      out.push({ kind: 'section', title: safeCell(`${roman(directives++)}. ${t.task.directive.kind} ${d}`) });
    }
    const sec = t.task.section?.code ?? '';
    if (sec && sec !== section) {
      section = sec;
      out.push({ kind: 'section', title: safeCell(`${sec}. ${t.task.section!.title}`) });
    }
    out.push({
      kind: 'task',
      cells: {
        stt: safeCell(t.task.stt),
        taskId: t.task.id,
        content: safeCell(t.task.content),
        refs: safeCell(`${t.task.directive.kind} ${t.task.directive.number}`),
        lead: safeCell(t.task.lead.raw),
        role: ROLE_VI[t.role],
        deadline: safeCell(t.task.deadline.raw),
      },
    });
  }
  out.push({ kind: 'section', title: `${roman(directives)}. Nhiệm vụ bổ sung (nếu có; để trống cột mã)` });
  for (let i = 0; i < EXTRA_ROWS; i++) out.push({ kind: 'blank' });
  return out;
}
