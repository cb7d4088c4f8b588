/** The secretariat's meetings: add, move, list, remove (validated with zod; a moved meeting keeps its id). */
import { z } from 'zod';
import { headerKey } from '#shared/domain/vietnamese';
import { type Store } from '#shared/store/records';
import { Meeting } from '#shared/domain/meeting';
import { isIsoDate } from '#shared/domain/dates';

const IsoDate = z.string().refine(isIsoDate, { message: 'expected a date YYYY-MM-DD' });
const Email = z.string().regex(/^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/, { message: 'expected an email address' });

export const MeetingInput = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/).optional(),
  date: IsoDate,
  title: z.string().trim().min(1).max(300),
  sendDaysBefore: z.number().int().min(0).max(60).default(3),
  recipients: z.array(Email).default([]),
  periodStart: IsoDate.optional(),
});
export type MeetingInput = z.input<typeof MeetingInput>;

export class MeetingError extends Error {
  override readonly name = 'MeetingError';
  constructor(message: string, readonly messageVi: string) { super(message); }
}

function slug(title: string): string {
  return headerKey(title).replace(/\s+/g, '-').replace(/[^a-z0-9-]/g, '').slice(0, 40).replace(/-+$/, '');
}

/** Adds a meeting (or replaces the one with the same id: that is how a meeting is moved or edited). */
export async function addMeeting(store: Store, input: MeetingInput, now = new Date()): Promise<Meeting> {
  const m = MeetingInput.parse(input);
  if (m.periodStart && m.periodStart > m.date) {
    throw new MeetingError('period start is after the meeting date', 'Ngày bắt đầu kỳ báo cáo sau ngày họp');
  }
  const existing = await store.listMeetings();
  let id = m.id;
  if (!id) {
    const base = `${m.date}-${slug(m.title) || 'hop'}`;
    const taken = new Set(existing.map((e) => e.id));
    id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  }
  const prior = existing.find((e) => e.id === id);
  const meeting = Meeting.parse({
    id,
    date: m.date,
    title: m.title,
    sendDaysBefore: m.sendDaysBefore,
    recipients: m.recipients,
    periodStart: m.periodStart,
    createdAt: prior?.createdAt ?? now.toISOString(),
  });
  await store.putMeeting(meeting);
  return meeting;
}

/** Moves a meeting to a new date; its digest is then due for the new date (a new send marker). */
export async function moveMeeting(store: Store, id: string, date: string): Promise<Meeting> {
  const m = (await store.listMeetings()).find((x) => x.id === id);
  if (!m) throw new MeetingError(`no meeting ${id}`, `Không có phiên họp ${id}`);
  const moved = Meeting.parse({ ...m, date: IsoDate.parse(date) });
  await store.putMeeting(moved);
  return moved;
}

export async function listMeetings(store: Store): Promise<Meeting[]> {
  return (await store.listMeetings()).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

export async function removeMeeting(store: Store, id: string): Promise<boolean> {
  return store.removeMeeting(id);
}

export async function getMeeting(store: Store, id: string): Promise<Meeting> {
  const m = (await store.listMeetings()).find((x) => x.id === id);
  if (!m) throw new MeetingError(`no meeting ${id}`, `Không có phiên họp ${id}`);
  return m;
}
