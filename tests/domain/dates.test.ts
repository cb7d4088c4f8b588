import { describe, expect, it } from 'vitest';
import {
  addDays, daysBetween, isIsoDate, leadingDate, nextMonth, viDate, viDateTime, viDateUtc, viMonth, vnEndOfDay, vnInstant, vnToday,
} from '#shared/domain/dates';

describe('dates: today in Việt Nam', () => {
  it('turns at 17:00 UTC (UTC+7, whatever the machine time zone)', () => {
    expect(vnToday(new Date('2024-06-16T16:59:59Z'))).toBe('2024-06-16');
    expect(vnToday(new Date('2024-06-16T17:00:00Z'))).toBe('2024-06-17');
    expect(vnToday('2024-12-31T18:30:00Z')).toBe('2025-01-01');
  });
  it('a wall-clock time in Việt Nam is the instant 7 hours earlier in UTC', () => {
    expect(vnInstant('2024-06-17', '07:00')).toBe('2024-06-17T00:00:00.000Z');
    expect(vnInstant('2024-06-17', '06:59')).toBe('2024-06-16T23:59:00.000Z');
    expect(vnToday(vnInstant('2024-06-17', '00:00'))).toBe('2024-06-17');
  });
  it('the end of a day in Việt Nam is its last second, still that day there', () => {
    expect(vnEndOfDay('2024-06-17')).toBe('2024-06-17T16:59:59.000Z');
    expect(vnToday(vnEndOfDay('2024-12-31'))).toBe('2024-12-31');
    expect(vnToday(new Date(Date.parse(vnEndOfDay('2024-12-31')) + 1000))).toBe('2025-01-01');
  });
});

describe('dates: written for readers', () => {
  it('dd/mm/yyyy, always zero-padded', () => {
    expect(viDate('2024-06-05')).toBe('05/06/2024');
    expect(viDate('2024-06-05T23:00:00Z')).toBe('05/06/2024');
    expect(viMonth('2024-04')).toBe('tháng 04/2024');
  });
  it('a spreadsheet date (no zone: exceljs gives it as UTC) with its time only when it has one', () => {
    expect(viDateUtc(new Date(Date.UTC(2024, 5, 5)))).toBe('05/06/2024');
    expect(viDateUtc(new Date(Date.UTC(2024, 5, 5, 9, 5)))).toBe('05/06/2024 09:05');
    expect(viDateUtc(new Date(Date.UTC(2024, 11, 31, 23, 0)))).toBe('31/12/2024 23:00');
  });
  it('date-time in Việt Nam time, padded hours and minutes', () => {
    expect(viDateTime('2024-06-16T02:05:00Z')).toBe('09:05 ngày 16/06/2024');
    expect(viDateTime('2024-06-16T20:30:00Z')).toBe('03:30 ngày 17/06/2024');
    expect(viDateTime('not a time')).toBe('not a time');
  });
});

describe('dates: day arithmetic on the calendar', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-06-30', -30)).toBe('2024-05-31');
  });
  it('counts days between two dates', () => {
    expect(daysBetween('2024-06-27', '2024-06-30')).toBe(3);
    expect(daysBetween('2024-06-30', '2024-06-27')).toBe(-3);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });
  it('knows real dates and the next month', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('1/2/2024')).toBe(false);
    expect(nextMonth('2024-12-15')).toBe('2025-01');
    expect(nextMonth('2024-03-31')).toBe('2024-04');
  });
});

describe('dates: read from text', () => {
  it('the date a text starts with, in the three forms people write, checked against the calendar', () => {
    expect(leadingDate('5/7/2024.')).toBe('2024-07-05');
    expect(leadingDate('05.07.2024 và sau đó')).toBe('2024-07-05');
    expect(leadingDate('2024-7-5')).toBe('2024-07-05');
    expect(leadingDate('July 8, 2024')).toBe('2024-07-08');
    expect(leadingDate('Sept. 3rd 2024')).toBe('2024-09-03');
    expect(leadingDate('30/02/2024')).toBeUndefined();
    expect(leadingDate('ngày 5/7/2024')).toBeUndefined();
  });
});
