// The assistant's proposed actions as the customer's chat keeps them: checked when they arrive, merged without
// ever going backwards, and put into words.
import type { ActionStatus, ActionView } from '../api/types';

/** How far along an action is: it only ever moves forward (the four ends are equally far). */
const RANK: Record<ActionStatus, number> = {
  PROPOSED: 0,
  CONFIRMED: 1,
  DECLINED: 2,
  COMPLETED: 2,
  FAILED: 2,
  EXPIRED: 2,
};

const isStatus = (v: unknown): v is ActionStatus => typeof v === 'string' && Object.hasOwn(RANK, v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** An action from the server (an event's data, a transcript's entry, an answer), or null when it is not one. */
export function actionFrom(value: unknown): ActionView | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.actionId !== 'string' || !v.actionId || !isStatus(v.status) || typeof v.title !== 'string') return null;
  const c = v.cost as { amount?: unknown; currency?: unknown } | null | undefined;
  const cost =
    c &&
    typeof c === 'object' &&
    typeof c.amount === 'number' &&
    Number.isFinite(c.amount) &&
    typeof c.currency === 'string'
      ? { amount: c.amount, currency: c.currency }
      : null;
  return {
    actionId: v.actionId,
    replyId: str(v.replyId),
    kind: (str(v.kind) ?? 'start_return') as ActionView['kind'],
    status: v.status,
    title: v.title,
    detail: str(v.detail) ?? '',
    orderId: str(v.orderId),
    cost,
    costNote: str(v.costNote),
    result: str(v.result),
    proposedAt: str(v.proposedAt) ?? '',
    decidedAt: str(v.decidedAt),
  };
}

/** The actions a transcript carries, the malformed ones left out. */
export function actionsFrom(value: unknown): ActionView[] {
  return Array.isArray(value) ? value.flatMap((a) => actionFrom(a) ?? []) : [];
}

/**
 * The newer of two views of one action: the one further along; at the same point the incoming one (it may say
 * more), except that an action that has ended keeps the end it reached first.
 */
export function newer(current: ActionView | undefined, incoming: ActionView): ActionView {
  if (!current) return incoming;
  const from = RANK[current.status];
  const to = RANK[incoming.status];
  if (to < from) return current;
  if (to === from && from === RANK.COMPLETED && incoming.status !== current.status) return current;
  return incoming;
}

/** `list` with `incoming` upserted by id (a new one goes last), and whether its status changed. */
export function upsertAction(list: ActionView[], incoming: ActionView): { list: ActionView[]; changed: boolean } {
  const i = list.findIndex((a) => a.actionId === incoming.actionId);
  if (i < 0) return { list: [...list, incoming], changed: true };
  const kept = newer(list[i], incoming);
  if (kept === list[i]) return { list, changed: false };
  const copy = list.slice();
  copy[i] = kept;
  return { list: copy, changed: kept.status !== list[i].status };
}

/**
 * A transcript's actions, in its order, each as far along as the one already shown (a stream event may have
 * arrived before the transcript that was fetched earlier); actions shown but not in it stay, after them.
 */
export function mergeLoaded(shown: ActionView[], loaded: ActionView[]): ActionView[] {
  const byId = new Map(shown.map((a) => [a.actionId, a]));
  const merged = loaded.map((a) => newer(byId.get(a.actionId), a));
  const ids = new Set(loaded.map((a) => a.actionId));
  return [...merged, ...shown.filter((a) => !ids.has(a.actionId))];
}

const ZERO_DECIMALS = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX']);

/** "Costs USD 6.95", "No cost". */
export function costText(cost: ActionView['cost']): string {
  if (!cost || cost.amount <= 0) return 'No cost';
  const digits = ZERO_DECIMALS.has(cost.currency.toUpperCase()) ? 0 : 2;
  const amount = cost.amount.toFixed(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `Costs ${cost.currency} ${amount}`;
}

/** What became of an action, as its card says it; null while it waits for the customer. */
export function statusLine(a: ActionView): string | null {
  switch (a.status) {
    case 'PROPOSED':
      return null;
    case 'CONFIRMED':
      return 'Confirmed. Working on it…';
    case 'COMPLETED':
      return a.result ? `Done: ${a.result}` : 'Done.';
    case 'DECLINED':
      return 'You declined this.';
    case 'FAILED':
      return a.result ? `Couldn't be done: ${a.result}` : "Couldn't be done.";
    case 'EXPIRED':
      return 'This offer has expired.';
  }
}

/** What screen readers are told when an action is proposed, or when it moves on. */
export function announcementFor(a: ActionView): string {
  if (a.status === 'PROPOSED') {
    return `The assistant proposes: ${a.title}. ${a.detail ? `${a.detail} ` : ''}You can confirm or decline it.`;
  }
  return `${a.title}: ${statusLine(a)}`;
}
