import type { ConversationStatus, Helpful, Outcome, OutcomeKind } from '../api/types';
import { waitText } from '../ui/format';

// Who is answering the customer at every moment, and the "Did this solve it?" prompt: the texts the chat shows and
// announces, in one place, so that the line on screen and what screen readers hear say the same thing.

export const ASSISTANT_ANSWERING = 'The assistant is answering';
export const WAITING_FOR_PERSON = 'Waiting for a person';
export const CLOSED_LINE = 'This conversation is closed';

export const SOLVED_QUESTION = 'Did this solve it?';
export const SOLVED_THANKS = 'Glad that helped.';
export const NOT_SOLVED_HINT = 'Sorry about that. Tell me more, or press Talk to a person.';

/** How an agent's messages are labelled: "Lee (support agent)", or "Support agent" when the name is not known. */
export function agentLabel(agentName: string | null): string {
  return agentName ? `${agentName} (support agent)` : 'Support agent';
}

export interface AnsweringState {
  status: ConversationStatus;
  agentName: string | null;
  queue: { position: number; estimatedWaitSeconds: number | null } | null;
}

/**
 * The line under the chat's title: who answers now (`line`), and, while the customer waits for a person, what is
 * known about the wait (`detail`: the agent on the way, or the place in line).
 */
export function answering({ status, agentName, queue }: AnsweringState): { line: string; detail: string } {
  switch (status) {
    case 'OPEN':
      return { line: ASSISTANT_ANSWERING, detail: '' };
    case 'WAITING_FOR_AGENT':
      return {
        line: WAITING_FOR_PERSON,
        detail: agentName
          ? `${agentName} will be with you shortly.`
          : queue
            ? waitText(queue.position, queue.estimatedWaitSeconds)
            : '',
      };
    case 'WITH_AGENT':
      return {
        line: agentName ? `${agentName} (support agent) is answering` : 'A support agent is answering',
        detail: '',
      };
    case 'CLOSED':
      return { line: CLOSED_LINE, detail: '' };
  }
}

/** The line and its detail as one announcement ("Waiting for a person. You are number 2 in line; …"). */
export function answeringAnnouncement(state: AnsweringState): string {
  const { line, detail } = answering(state);
  return detail ? `${line}. ${detail}` : `${line}.`;
}

/** The agent's name in the "… joined the conversation" notes of a transcript (the latest), if it says one. */
export function agentNameFrom(messages: readonly { role: string; text: string }[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'system') continue;
    const joined = /^(.+) joined the conversation$/.exec(m.text.trim());
    if (joined) return joined[1] === 'An agent' ? null : joined[1];
  }
  return null;
}

export const OUTCOME_KINDS: readonly OutcomeKind[] = [
  'RESOLVED_BY_ASSISTANT',
  'RESOLVED_BY_AGENT',
  'ESCALATED_ABANDONED',
  'UNRESOLVED',
];

export const isResolved = (kind: OutcomeKind) => kind === 'RESOLVED_BY_ASSISTANT' || kind === 'RESOLVED_BY_AGENT';

/** What is said when an outcome is decided while the customer watches (not by the customer's own answer). */
export function outcomeAnnouncement(kind: OutcomeKind, rated: boolean): string {
  const lead = isResolved(kind) ? 'This conversation is resolved.' : 'This conversation is marked as not resolved.';
  return rated ? `${lead} Write again if you need more help.` : `${lead} You can rate it now, or write again.`;
}

/** What is said after the customer answered "Did this solve it?". */
export function answerAnnouncement(solved: boolean, rated: boolean): string {
  if (!solved) return NOT_SOLVED_HINT;
  return rated ? SOLVED_THANKS : `${SOLVED_THANKS} How did we do? You can rate this conversation now.`;
}

/** The last message of the chat, as far as the prompt is concerned. */
interface Shown {
  id: string;
  role: string;
  streaming?: boolean;
}

/**
 * "Did this solve it?" under the last message, when that is a finished assistant reply of an open conversation:
 * `answered` null while the question is open (no outcome yet, and the customer has not answered it for this reply),
 * `'yes'`/`'no'` once answered; null when there is nothing to show.
 */
export function resolutionPrompt(chat: {
  status: ConversationStatus;
  messages: readonly Shown[];
  outcome: Outcome | null;
  helpful: Helpful | null;
}): { replyId: string; answered: 'yes' | 'no' | null } | null {
  const last = chat.messages[chat.messages.length - 1];
  if (!last || last.role !== 'assistant' || last.streaming || chat.status !== 'OPEN') return null;
  if (chat.helpful?.replyId === last.id) return { replyId: last.id, answered: chat.helpful.solved ? 'yes' : 'no' };
  return chat.outcome ? null : { replyId: last.id, answered: null };
}
