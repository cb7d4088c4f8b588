/** A reporting round (đợt báo cáo; `Campaign` in the code): templates sent for a period, a deadline, reminders. */
import { z } from 'zod';

/** A reporting campaign: templates sent for a period with a deadline; the daily run reminds late agencies once. */
export const Campaign = z.object({
  id: z.string(),
  /** as the secretariat writes it: "6 tháng đầu năm 2024" */
  period: z.string(),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  remindDaysBefore: z.number().int().nonnegative(),
  /** only these agencies (when the templates went to some only). */
  agencyIds: z.array(z.string()).optional(),
  sentAt: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;
