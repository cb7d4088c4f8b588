/** When each meeting's digest goes out (N days before, Việt Nam dates) and which reporting period it covers. */
import type { Meeting } from '#shared/domain/meeting';
import { addDays } from '#shared/domain/dates';

/** The day the meeting's digest is due: N days before the meeting. */
export function sendDateOf(m: Pick<Meeting, 'date' | 'sendDaysBefore'>): string {
  return addDays(m.date, -m.sendDaysBefore);
}

/** The send marker: one digest per meeting and send date (a moved meeting gets a new one). */
export function markerId(m: Pick<Meeting, 'id' | 'date' | 'sendDaysBefore'>): string {
  return `${m.id}#${sendDateOf(m)}`;
}

/** The meeting held last before this one. */
export function previousMeeting(m: Meeting, all: Meeting[]): Meeting | undefined {
  let prev: Meeting | undefined;
  for (const x of all) {
    if (x.id === m.id || x.date >= m.date) continue;
    if (!prev || x.date > prev.date) prev = x;
  }
  return prev;
}

/** The reporting period of a meeting's digest: from --period-start, else the previous meeting, to `until`. */
export function periodOf(m: Meeting | null | undefined, all: Meeting[], until: string): { from?: string; to: string } {
  if (!m) return { to: until };
  const from = m.periodStart ?? previousMeeting(m, all)?.date;
  return from ? { from, to: until } : { to: until };
}
