// Dates and numbers are written the English way, as the rest of the client's text is, by these few lines rather
// than by Intl: the first Intl.DateTimeFormat a page makes loads the locale data in one piece (160-180 ms of main
// thread in Chromium at Lighthouse's 4x CPU slowdown on the build machine), and Date.toLocaleString with options
// makes a new formatter on every call. A transcript of 30 messages, or the agents' queue, paid both while loading.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const day = (d: Date) => `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`;

/** "Nov 25, 2026, 9:05 AM" in the browser's time zone; '' for nothing or a value that is not a date. */
export function formatTime(value?: string | null): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const h = d.getHours();
  return `${day(d)}, ${h % 12 || 12}:${String(d.getMinutes()).padStart(2, '0')}\u00a0${h < 12 ? 'AM' : 'PM'}`;
}

/** "Nov 25, 2026" (a bare "2026-11-25" is that day, not midnight UTC); a value that is not a date as it is. */
export function formatDate(value?: string | null): string {
  if (!value) return '';
  const d = new Date(value.length === 10 ? `${value}T00:00:00` : value);
  return Number.isNaN(d.getTime()) ? value : day(d);
}

/** "12,345" */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n);
}

export function waitText(position: number, estimatedWaitSeconds?: number | null): string {
  if (estimatedWaitSeconds == null) {
    return `You are number ${position} in line. No agent is online right now; you will be connected as soon as one is.`;
  }
  const minutes = Math.max(1, Math.round(estimatedWaitSeconds / 60));
  return `You are number ${position} in line; the wait is about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

export function statusLabel(status: string): string {
  switch (status) {
    case 'OPEN':
      return 'Open';
    case 'WAITING_FOR_AGENT':
      return 'Waiting for an agent';
    case 'WITH_AGENT':
      return 'With an agent';
    case 'CLOSED':
      return 'Closed';
    case 'QUEUED':
      return 'Queued';
    case 'ASSIGNED':
      return 'Assigned to you';
    case 'ACCEPTED':
      return 'In progress';
    default:
      return status;
  }
}
