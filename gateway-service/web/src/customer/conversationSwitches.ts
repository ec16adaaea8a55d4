/**
 * Which conversation is shown can change while a message is being typed (the newest one opening after sign-in, a
 * click in the list, "New conversation"): every switch is numbered, a stale one is dropped, and sending waits until
 * no switch is in flight, so a message always goes to the conversation on screen.
 */
export class ConversationSwitches {
  private inFlight: Promise<unknown> = Promise.resolve();
  private seq = 0;

  /** Numbers a new switch; the function returned says whether it is still the latest one. */
  begin(): () => boolean {
    const mine = ++this.seq;
    return () => mine === this.seq;
  }

  /** Whether any switch was begun (the customer chose or started a conversation). */
  get begun(): boolean {
    return this.seq > 0;
  }

  /** Remembers `p` as the switch in flight (its failure is the caller's to handle) and returns it. */
  track<T>(p: Promise<T>): Promise<T> {
    this.inFlight = p.catch(() => {});
    return p;
  }

  /** Resolves once no switch is in flight, including those tracked while waiting. */
  async settled(): Promise<void> {
    let p: Promise<unknown>;
    do {
      p = this.inFlight;
      await p;
    } while (p !== this.inFlight);
  }
}
