/**
 * Per-agency report templates (Phụ lục 01 layout, pre-filled with the agency's tasks and their ids), the mail that
 * sends them, and the reminders before the deadline.
 */
export { parsePeriod, Period, PeriodError } from './period';
export { tasksForAgency, compareTasks, ROLE_VI, type AgencyLookup, type TemplateTask, type Role } from './select';
export { COLUMNS, STATUS_CHOICES, TASK_ID_HEADER, STATUS_HEADER, instructions, fileNameFor, type TemplateMeta } from './layout';
export { templateRows, type TemplateRow } from './rows';
export { buildXlsx } from './xlsx';
export { buildDocx } from './docx';

export { buildTemplate, directoryLookup, type BuiltTemplate } from './build';
export { templateMail, reminderMail, uploadFormHtml } from './mail';
export { planReminders, reportedSince, type ReminderPlan } from './remind';
export { sendTemplates, sendReminders, agenciesWithTasks, campaignFor, runDueReminders, currentRound, type RoundStatus, type SendResult, type CampaignDeps, type ReminderRun } from './campaign';
