import type { ActionStatus, ActionView } from '../api/types';
import { formatTime } from '../ui/format';

const STATUS: Record<ActionStatus, string> = {
  PROPOSED: 'Waiting for the customer',
  CONFIRMED: 'Confirmed, in progress',
  DECLINED: 'Declined by the customer',
  COMPLETED: 'Done',
  FAILED: 'Failed',
  EXPIRED: 'Expired',
};

/**
 * "What the assistant did": the actions the assistant proposed in the conversation (oldest first), each with its
 * order, where it stands, what came of it and when. Nothing when it proposed none.
 */
export function AssistantActions({ actions }: { actions: ActionView[] | null | undefined }) {
  if (!Array.isArray(actions) || actions.length === 0) return null;
  return (
    <section className="assistant-actions" aria-labelledby="assistant-actions-title">
      <h2 id="assistant-actions-title">What the assistant did</h2>
      <ol className="cards">
        {actions.map((a) => {
          const when = a.decidedAt ?? a.proposedAt;
          const time = formatTime(when);
          return (
            <li key={a.actionId}>
              <span>
                <strong>{a.title}</strong>{' '}
                <span className={`badge badge-action-${a.status.toLowerCase()}`}>{STATUS[a.status] ?? a.status}</span>
              </span>
              {a.detail && <span className="small">{a.detail}</span>}
              {a.result && <span className="small action-result">{a.result}</span>}
              <span className="muted small">
                {a.orderId && `Order ${a.orderId}`}
                {a.orderId && time && ' · '}
                {time && <time dateTime={when}>{time}</time>}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
