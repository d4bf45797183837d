const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The Date an ISO 8601 date-time string such as `2024-03-04T05:06:07.089Z` names, or null when
 * the string is not one, including impossible days such as February 30 that Date would roll over.
 */
export function parseIsoDate(text: string): Date | null {
  const match = ISO_DATE_TIME.exec(text);
  if (match === null) return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  const exists = calendarDay.getUTCMonth() === month - 1 && calendarDay.getUTCDate() === day;
  return exists ? date : null;
}
