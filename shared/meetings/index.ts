/**
 * Review meetings (the secretariat keeps them): add, move, list, remove; when each one's digest goes out
 * (N days before, Vietnam time) and which reporting period it covers (from the previous meeting, or an explicit
 * start, to the send date).
 */
export { MeetingInput, MeetingError, addMeeting, moveMeeting, listMeetings, removeMeeting, getMeeting } from './manage';
export { sendDateOf, markerId, previousMeeting, periodOf } from './schedule';
