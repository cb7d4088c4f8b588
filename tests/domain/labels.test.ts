import { describe, expect, it } from 'vitest';
import { CATEGORY_LABEL, DECISION_LABEL, labelOf, REPORT_STATE_LABEL, STATUS_CHOICES, STATUS_LABEL } from '#shared/domain/labels';
import { Status } from '#shared/domain/row';
import { Category } from '#shared/digest/model';
import { ReportState } from '#shared/domain/report';
import { classifyStatus } from '#shared/match/status';

describe('labels', () => {
  it('has a label for every status, category, decision and report state the domain knows', () => {
    expect(Object.keys(STATUS_LABEL).sort()).toEqual([...Status.options].sort());
    expect(Object.keys(CATEGORY_LABEL).sort()).toEqual([...Category.options].sort());
    expect(Object.keys(REPORT_STATE_LABEL).sort()).toEqual([...ReportState.options].sort());
    expect(Object.keys(DECISION_LABEL).sort()).toEqual(['auto', 'new', 'review']);
  });
  it('each status label reads back as its own status (what we print, the matcher understands)', () => {
    for (const [key, label] of Object.entries(STATUS_LABEL)) expect(classifyStatus(label), label).toBe(key);
  });
  it('the template offers the status labels, in order', () => {
    expect(STATUS_CHOICES).toEqual(['Hoàn thành', 'Chưa hoàn thành', 'Đang triển khai', 'Thực hiện thường xuyên']);
  });
  it('labels are NFC', () => {
    for (const t of [STATUS_LABEL, CATEGORY_LABEL, DECISION_LABEL, REPORT_STATE_LABEL]) {
      for (const v of Object.values(t)) expect(v.normalize('NFC')).toBe(v);
    }
  });
  it('labelOf: the key itself for an unknown key, the fallback for none', () => {
    expect(labelOf(STATUS_LABEL, 'completed')).toBe('Hoàn thành');
    expect(labelOf(STATUS_LABEL, 'paused')).toBe('paused');
    expect(labelOf(STATUS_LABEL, null)).toBe('—');
    expect(labelOf(STATUS_LABEL, undefined, '')).toBe('');
  });
});
