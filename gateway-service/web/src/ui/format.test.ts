import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatCount, formatDate, formatTime } from './format';

describe('format', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes dates and times the English way, in the browser’s time zone', () => {
    const local = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo, d, h, mi).toISOString();
    expect(formatTime(local(2026, 10, 25, 9, 5))).toBe('Nov 25, 2026, 9:05\u00a0AM');
    expect(formatTime(local(2026, 0, 1, 0, 0))).toBe('Jan 1, 2026, 12:00\u00a0AM');
    expect(formatTime(local(2026, 11, 31, 12, 30))).toBe('Dec 31, 2026, 12:30\u00a0PM');
    expect(formatTime(local(2026, 6, 4, 23, 59))).toBe('Jul 4, 2026, 11:59\u00a0PM');
    expect(formatDate('2026-11-25')).toBe('Nov 25, 2026');
    expect(formatDate(local(2026, 1, 3, 10, 0))).toBe('Feb 3, 2026');
    expect(formatTime('')).toBe('');
    expect(formatTime(null)).toBe('');
    expect(formatTime('not a date')).toBe('');
    expect(formatDate('not a date')).toBe('not a date');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('makes no Intl formatter: the first one blocks the main thread for a long time in one piece', () => {
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    const perCall = vi.spyOn(Date.prototype, 'toLocaleString');
    for (let i = 0; i < 50; i++) {
      formatTime(new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString());
      formatDate('2026-11-25');
      formatCount(i * 1000);
    }
    expect(made).not.toHaveBeenCalled();
    expect(perCall).not.toHaveBeenCalled();
  });
});
