/** Meetings without storage: validation, send dates, periods, when the daily run considers one due. */
import { describe, expect, it } from 'vitest';
import { MeetingInput, markerId, periodOf, previousMeeting, sendDateOf } from '#shared/meetings';
import { dueToday } from '#shared/meetings/daily';
import { vnToday as vnDate } from '#shared/domain/dates';
import type { Meeting } from '#shared/domain/meeting';

const m = (id: string, date: string, extra: Partial<Meeting> = {}): Meeting =>
  ({ id, date, title: id, sendDaysBefore: 3, recipients: [], createdAt: '2024-01-01T00:00:00Z', ...extra });

describe('meetings', () => {
  it('validates what the secretariat types', () => {
    expect(MeetingInput.parse({ date: '2024-06-20', title: ' Hội nghị ' })).toMatchObject({ title: 'Hội nghị', sendDaysBefore: 3, recipients: [] });
    expect(() => MeetingInput.parse({ date: '2024-02-30', title: 'x' })).toThrow(/YYYY-MM-DD/);
    expect(() => MeetingInput.parse({ date: '20/06/2024', title: 'x' })).toThrow();
    expect(() => MeetingInput.parse({ date: '2024-06-20', title: 'x', recipients: ['not-an-address'] })).toThrow(/email/);
    expect(() => MeetingInput.parse({ date: '2024-06-20', title: '' })).toThrow();
  });

  it('sends N days before, keyed by the send date (a moved meeting gets a new key)', () => {
    expect(sendDateOf(m('a', '2024-06-20'))).toBe('2024-06-17');
    expect(sendDateOf(m('a', '2024-03-02', { sendDaysBefore: 5 }))).toBe('2024-02-26');
    expect(markerId(m('a', '2024-06-20'))).toBe('a#2024-06-17');
    expect(markerId(m('a', '2024-06-27'))).toBe('a#2024-06-24');
  });

  it('is due from the send date through the meeting day', () => {
    const x = m('a', '2024-06-20');
    expect(['2024-06-16', '2024-06-17', '2024-06-19', '2024-06-20', '2024-06-21'].map((d) => dueToday(x, d)))
      .toEqual(['not_due', 'due', 'due', 'due', 'past']);
  });

  it('covers the period from the previous meeting, or an explicit start, to the send date', () => {
    const all = [m('q1', '2024-03-15'), m('q2', '2024-06-20'), m('q3', '2024-09-20', { periodStart: '2024-07-01' })];
    expect(previousMeeting(all[1], all)?.id).toBe('q1');
    expect(periodOf(all[0], all, '2024-03-12')).toEqual({ to: '2024-03-12' });
    expect(periodOf(all[1], all, '2024-06-17')).toEqual({ from: '2024-03-15', to: '2024-06-17' });
    expect(periodOf(all[2], all, '2024-09-17')).toEqual({ from: '2024-07-01', to: '2024-09-17' });
  });

  it('reads dates in Vietnam time', () => {
    expect(vnDate(new Date('2024-06-16T16:59:59Z'))).toBe('2024-06-16');
    expect(vnDate(new Date('2024-06-16T17:00:00Z'))).toBe('2024-06-17');
  });
});
