import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';

/**
 * Rating of a closed or resolved conversation: 1–5 and an optional comment. `firstRef` is the first choice; with
 * `focusFirst` (the customer has just said the answer solved it) focus goes there as soon as the rating is shown,
 * which may be a moment after the answer was recorded.
 */
export function Rating({
  onRate,
  firstRef,
  focusFirst = false,
}: {
  onRate: (rating: number, comment: string) => Promise<void>;
  firstRef?: RefObject<HTMLInputElement | null>;
  focusFirst?: boolean;
}) {
  const own = useRef<HTMLInputElement>(null);
  const first = firstRef ?? own;
  useEffect(() => {
    if (focusFirst) first.current?.focus();
  }, [focusFirst, first]);
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (rating == null) {
      setError('Please choose a rating from 1 to 5.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await onRate(rating, comment.trim());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="rating" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>How did we do? (1 = poor, 5 = great)</legend>
        <div className="rating-options">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="rating-option">
              <input
                ref={n === 1 ? first : undefined}
                type="radio"
                name="rating"
                value={n}
                checked={rating === n}
                onChange={() => setRating(n)}
              />
              <span>{n}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label htmlFor="rating-comment">Comment (optional)</label>
      <textarea
        id="rating-comment"
        rows={2}
        maxLength={1000}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        Send rating
      </button>
    </form>
  );
}
