export function formatTime(value?: string | null): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDate(value?: string | null): string {
  if (!value) return '';
  const d = new Date(value.length === 10 ? `${value}T00:00:00` : value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
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
    case 'OPEN': return 'Open';
    case 'WAITING_FOR_AGENT': return 'Waiting for an agent';
    case 'WITH_AGENT': return 'With an agent';
    case 'CLOSED': return 'Closed';
    case 'QUEUED': return 'Queued';
    case 'ASSIGNED': return 'Assigned to you';
    case 'ACCEPTED': return 'In progress';
    default: return status;
  }
}
