import { memo, useEffect, useId, useRef } from 'react';
import { NOT_SOLVED_HINT, SOLVED_QUESTION, SOLVED_THANKS } from './answering';

/**
 * "Did this solve it?" under the assistant's latest reply: the question with **Yes** and **No** (a group named by
 * the question), then what the customer answered ("Glad that helped." or a pointer to telling more or to a person).
 * While the answer is on its way both buttons are disabled; if it fails, the reason is shown and focus goes back to
 * the button pressed. Once recorded, `onAnswered` says where focus goes next (the rating, or the message box), so a
 * keyboard user is not left on a removed button; it is not called when the customer has moved on meanwhile.
 */
export const ResolutionPrompt = memo(function ResolutionPrompt({
  replyId,
  answered,
  pending,
  error,
  onAnswer,
  onAnswered,
}: {
  replyId: string;
  /** what the customer answered about this reply, if they did */
  answered: 'yes' | 'no' | null;
  /** the answer is on its way */
  pending: boolean;
  error?: string;
  onAnswer: (replyId: string, solved: boolean) => unknown;
  onAnswered?: (solved: boolean) => void;
}) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  const no = useRef<HTMLButtonElement>(null);
  const pressed = useRef<boolean | null>(null); // the answer given here, until it is recorded or fails

  useEffect(() => {
    if (pressed.current === null || pending) return;
    const solved = pressed.current;
    pressed.current = null;
    // only if focus is still here, or was lost with the button: never taken from where the customer went
    const focused = document.activeElement;
    if (focused && focused !== document.body && !box.current?.contains(focused)) return;
    if (answered) onAnswered?.(solved);
    else (solved ? yes : no).current?.focus({ preventScroll: true });
  }, [pending, answered, onAnswered]);

  const answer = (solved: boolean) => {
    pressed.current = solved;
    onAnswer(replyId, solved);
  };

  return (
    <div ref={box} className="resolution">
      {answered ? (
        <p className="resolution-answer">{answered === 'yes' ? SOLVED_THANKS : NOT_SOLVED_HINT}</p>
      ) : (
        <div className="resolution-ask" role="group" aria-labelledby={`${id}-q`} aria-busy={pending || undefined}>
          <span className="resolution-question" id={`${id}-q`}>
            {SOLVED_QUESTION}
          </span>
          <span className="resolution-buttons">
            <button
              ref={yes}
              type="button"
              className="btn btn-secondary"
              disabled={pending}
              onClick={() => answer(true)}>
              Yes
            </button>
            <button
              ref={no}
              type="button"
              className="btn btn-secondary"
              disabled={pending}
              onClick={() => answer(false)}>
              No
            </button>
            {pending && <span className="resolution-working">Sending…</span>}
          </span>
          {error && (
            <p className="error resolution-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
});
