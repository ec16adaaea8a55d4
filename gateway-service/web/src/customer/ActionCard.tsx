import { memo, useEffect, useId, useRef } from 'react';
import type { ActionView } from '../api/types';
import { costText, statusLine } from './actions';
import type { Decision } from './useActions';

export type Decide = (actionId: string, decision: Decision) => void;

/**
 * What the assistant proposes to do, for the customer to confirm or decline: what will happen, to which order, what
 * it costs; then what became of it. All of it is text (never markup). After a decision made here, focus moves to
 * the outcome (or back to Confirm when it failed to reach us), so a keyboard user is not left on a removed button.
 */
export const ActionCard = memo(function ActionCard({
  action: a,
  pending,
  error,
  onDecide,
}: {
  action: ActionView;
  /** a confirm or decline waiting for its answer */
  pending?: Decision;
  error?: string;
  onDecide: Decide;
}) {
  const id = useId();
  const card = useRef<HTMLDivElement>(null);
  const outcome = useRef<HTMLParagraphElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const pressed = useRef(false);
  const open = a.status === 'PROPOSED';
  const line = statusLine(a);

  useEffect(() => {
    if (!pressed.current || pending) return;
    pressed.current = false;
    // only if focus is still here, or was lost with the disabled button: never taken from where the customer went
    const focused = document.activeElement;
    if (focused && focused !== document.body && !card.current?.contains(focused)) return;
    // the card is where the customer pressed, in view: scrolling to it would stop the list following its end
    (open ? confirm.current : outcome.current)?.focus({ preventScroll: true });
  }, [pending, open]);

  const decide = (decision: Decision) => {
    pressed.current = true;
    onDecide(a.actionId, decision);
  };

  return (
    <div
      ref={card}
      className={`action-card action-${a.status.toLowerCase()}`}
      role="group"
      aria-labelledby={`${id}-title`}
      aria-busy={pending ? true : undefined}>
      <p className="action-title" id={`${id}-title`}>
        {a.title}
      </p>
      {a.detail && <p className="action-detail">{a.detail}</p>}
      <p className="action-facts">
        {a.orderId && <span>Order {a.orderId}</span>}
        <span>
          {costText(a.cost)}
          {a.costNote ? ` — ${a.costNote}` : ''}
        </span>
      </p>
      {open && (
        <div className="action-buttons">
          <button
            ref={confirm}
            type="button"
            className="btn btn-primary"
            disabled={!!pending}
            aria-describedby={`${id}-title`}
            onClick={() => decide('confirm')}>
            Confirm
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            disabled={!!pending}
            aria-describedby={`${id}-title`}
            onClick={() => decide('decline')}>
            Decline
          </button>
          {pending && <span className="action-working">Working…</span>}
        </div>
      )}
      {line && (
        <p className="action-outcome" ref={outcome} tabIndex={-1}>
          {line}
          {a.status === 'FAILED' && (
            <span className="action-hint"> If you need a hand with it, press “Talk to a person”.</span>
          )}
        </p>
      )}
      {error && open && (
        <p className="error action-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
});

/** The cards of one reply (or of no reply on screen), oldest first. */
export function ActionCards({
  actions,
  pending,
  errors,
  onDecide,
}: {
  actions: ActionView[];
  pending: Readonly<Record<string, Decision>>;
  errors: Readonly<Record<string, string>>;
  onDecide: Decide;
}) {
  return (
    <div className="action-cards">
      {actions.map((a) => (
        <ActionCard
          key={a.actionId}
          action={a}
          pending={pending[a.actionId]}
          error={errors[a.actionId]}
          onDecide={onDecide}
        />
      ))}
    </div>
  );
}
