export { guardMailer, type GuardedSent } from './guard';
export { noteMailEvent, recipientStateVi, type HealthDeps, type Noted } from './health';
export { parseSesEvents, SesEventError, SES_EVENT_DETAIL_TYPES, SES_EVENT_TYPES, type SesOutcome } from './ses-events';
export { recordSesEvents } from './record-events';
