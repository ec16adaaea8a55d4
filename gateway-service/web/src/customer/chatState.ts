import type {
  ActionView,
  Citation,
  ConversationStatus,
  Feedback,
  Helpful,
  MessageRole,
  Outcome,
  ReplySource,
  Transcript,
} from '../api/types';
import { citationsFrom } from '../knowledge/citations';
import { actionFrom, actionsFrom, announcementFor, mergeLoaded, upsertAction } from './actions';
import {
  agentLabel,
  agentNameFrom,
  answerAnnouncement,
  answeringAnnouncement,
  OUTCOME_KINDS,
  outcomeAnnouncement,
  ASSISTANT_ANSWERING,
} from './answering';

/** One line of the customer's chat, as shown. */
export interface ChatMessage {
  id: string;
  role: MessageRole;
  text: string;
  time?: string;
  source?: ReplySource;
  /** the articles an assistant reply cites as [n] */
  citations?: Citation[];
  /** a reply still being written */
  streaming?: boolean;
  /** a customer message not yet accepted by the server */
  pending?: boolean;
}

export interface ChatState {
  conversationId: string | null;
  status: ConversationStatus;
  messages: ChatMessage[];
  /** the customer is waiting for the assistant's answer */
  awaitingReply: boolean;
  queue: { position: number; estimatedWaitSeconds: number | null } | null;
  /** the person answering (or on the way), when known */
  agentName: string | null;
  feedback: Feedback | null;
  /** what became of the conversation, once decided; null before, and again once the customer writes again */
  outcome: Outcome | null;
  /** the customer's latest answer to "Did this solve it?" */
  helpful: Helpful | null;
  /** what the assistant proposed to do, oldest first; each only ever moves forward */
  actions: ActionView[];
  /** the latest text for screen readers (a polite live region) */
  announcement: string;
}

export const emptyChat: ChatState = {
  conversationId: null,
  status: 'OPEN',
  messages: [],
  awaitingReply: false,
  queue: null,
  agentName: null,
  feedback: null,
  outcome: null,
  helpful: null,
  actions: [],
  announcement: '',
};

export type ChatAction =
  | { type: 'loaded'; transcript: Transcript }
  | { type: 'sending'; localId: string; text: string; time: string }
  | { type: 'sent'; localId: string; messageId: string }
  | { type: 'sendFailed'; localId: string }
  | { type: 'escalated' }
  | { type: 'rated'; feedback: Feedback }
  /** the server's answer to the customer's "Did this solve it?" answer, for the conversation it was about */
  | { type: 'answered'; conversationId: string; outcome: Outcome | null; helpful: Helpful }
  /** actions as an answer or a fetched transcript gives them, for the conversation they belong to */
  | { type: 'actionsLoaded'; conversationId: string; actions: ActionView[] }
  | { type: 'event'; name: string; id: string | null; data: Record<string, unknown> };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `{ citations }` when there are any, else nothing (a reply without sources carries no empty list). */
function withCitations(value: unknown): { citations?: Citation[] } {
  const citations = citationsFrom(value);
  return citations.length ? { citations } : {};
}

/** A reply is complete once shown and no longer streaming (history replies always are). */
function isComplete(state: ChatState, replyId: string): boolean {
  return state.messages.some((m) => m.id === replyId && m.role === 'assistant' && !m.streaming);
}

function upsert(messages: ChatMessage[], msg: ChatMessage): ChatMessage[] {
  const i = messages.findIndex((m) => m.id === msg.id);
  if (i < 0) return [...messages, msg];
  const copy = messages.slice();
  copy[i] = { ...copy[i], ...msg };
  return copy;
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'loaded': {
      const t = action.transcript;
      const messages: ChatMessage[] = (t.messages ?? []).map((m) => ({
        id: m.messageId,
        role: m.role,
        text: m.text ?? '',
        time: m.time,
        source: m.source,
        ...withCitations(m.citations),
      }));
      const last = messages[messages.length - 1];
      const actions = actionsFrom(t.actions);
      const same = state.conversationId === t.conversationId;
      // the transcript keeps no agent's name but in its "… joined the conversation" notes
      const agentName = agentNameFrom(messages) ?? (same ? state.agentName : null);
      const next: ChatState = {
        ...emptyChat,
        conversationId: t.conversationId,
        status: t.status,
        messages,
        awaitingReply: t.status === 'OPEN' && last?.role === 'customer',
        agentName,
        feedback: t.feedback ?? null,
        outcome: t.outcome ?? null,
        helpful: t.helpful ?? null,
        // the same conversation fetched again: an event that came meanwhile is not undone by an older answer
        actions: same ? mergeLoaded(state.actions, actions) : actions,
      };
      // fetched again after the stream was down: a change of who answers that the stream missed is said now
      return same && state.status !== t.status ? { ...next, announcement: answeringAnnouncement(next) } : next;
    }
    case 'sending':
      return {
        ...state,
        messages: [
          ...state.messages,
          { id: action.localId, role: 'customer', text: action.text, time: action.time, pending: true },
        ],
        awaitingReply: state.status === 'OPEN' || state.status === 'WAITING_FOR_AGENT',
        announcement: '',
      };
    case 'sent':
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.id === action.localId ? { ...m, id: action.messageId, pending: false } : m,
        ),
      };
    case 'sendFailed':
      return { ...state, messages: state.messages.filter((m) => m.id !== action.localId), awaitingReply: false };
    case 'escalated':
      return state.status === 'OPEN' ? waiting(state) : state;
    case 'rated':
      return {
        ...state,
        feedback: action.feedback,
        announcement: `Thank you for rating us ${action.feedback.rating} out of 5.`,
      };
    case 'answered':
      if (action.conversationId !== state.conversationId) return state; // the customer has moved on
      return {
        ...state,
        outcome: action.outcome,
        helpful: action.helpful,
        announcement: answerAnnouncement(action.helpful.solved, state.feedback != null),
      };
    case 'actionsLoaded': {
      if (action.conversationId !== state.conversationId) return state; // the customer has moved on
      let next = state;
      for (const a of action.actions) next = withAction(next, a);
      return next;
    }
    case 'event':
      return onEvent(state, action.name, action.id, action.data);
  }
}

/**
 * The state with an action upserted (never backwards), and its change announced. A proposal that came with a reply
 * still being written is announced with the completed reply instead (see `assistant.completed`).
 */
function withAction(state: ChatState, incoming: ActionView): ChatState {
  const { list, changed } = upsertAction(state.actions, incoming);
  if (list === state.actions) return state;
  const shown = list.find((a) => a.actionId === incoming.actionId)!;
  const waitsForReply =
    shown.status === 'PROPOSED' && state.messages.some((m) => m.id === shown.replyId && m.streaming);
  return {
    ...state,
    actions: list,
    announcement: changed && !waitsForReply ? announcementFor(shown) : state.announcement,
  };
}

/** Now waiting for a person, and said so. */
function waiting(state: ChatState): ChatState {
  const next: ChatState = { ...state, status: 'WAITING_FOR_AGENT' };
  return { ...next, announcement: answeringAnnouncement(next) };
}

function onEvent(state: ChatState, name: string, eventId: string | null, d: Record<string, unknown>): ChatState {
  switch (name) {
    case 'assistant.delta': {
      const replyId = str(d.replyId);
      if (!replyId || isComplete(state, replyId)) return state; // a late or re-sent chunk
      const existing = state.messages.find((m) => m.id === replyId);
      const text = (existing?.text ?? '') + (str(d.text) ?? '');
      return {
        ...state,
        messages: upsert(state.messages, {
          id: replyId,
          role: 'assistant',
          text,
          streaming: true,
          time: existing?.time ?? new Date().toISOString(),
        }),
      };
    }
    case 'assistant.completed': {
      const replyId = str(d.replyId);
      if (!replyId) return state;
      const first = !isComplete(state, replyId);
      const text = str(d.text) ?? '';
      const source = str(d.source) as ReplySource | undefined;
      const existing = state.messages.find((m) => m.id === replyId);
      const sources = withCitations(d.citations);
      // the [n] markers are buttons on screen; read out, they would only interrupt the sentence
      const spoken = sources.citations ? text.replace(/\s?\[\d{1,3}\]/g, '') : text;
      // what the reply proposes is said after it
      const proposals = state.actions
        .filter((a) => a.replyId === replyId && a.status === 'PROPOSED')
        .map((a) => ` ${announcementFor(a)}`)
        .join('');
      return {
        ...state,
        messages: upsert(state.messages, {
          id: replyId,
          role: 'assistant',
          text,
          source,
          streaming: false,
          time: existing?.time ?? new Date().toISOString(),
          // merged into the shown reply: a completion re-sent without sources does not take them away
          ...sources,
        }),
        awaitingReply: false,
        announcement: first ? `Assistant: ${spoken}${proposals}` : state.announcement,
      };
    }
    case 'handoff.requested':
      // already waiting (the customer's own request, said when it was accepted): nothing new to say
      return state.status === 'OPEN' ? waiting(state) : state;
    case 'handoff.queued': {
      const position = num(d.position);
      if (position == null || state.status === 'WITH_AGENT' || state.status === 'CLOSED') return state;
      const estimatedWaitSeconds = num(d.estimatedWaitSeconds) ?? null;
      const next: ChatState = { ...state, status: 'WAITING_FOR_AGENT', queue: { position, estimatedWaitSeconds } };
      // the place in line is said when it changes (the same place sent again is not said twice)
      const moved = state.status !== 'WAITING_FOR_AGENT' || state.queue?.position !== position;
      return moved && !state.agentName ? { ...next, announcement: answeringAnnouncement(next) } : next;
    }
    case 'handoff.assigned': {
      if (state.status === 'CLOSED') return state;
      const agentName = str(d.agentName) ?? state.agentName;
      return {
        ...state,
        queue: null,
        agentName,
        announcement: `${agentName ?? 'An agent'} will be with you shortly.`,
      };
    }
    case 'agent.joined': {
      if (state.status === 'CLOSED') return state;
      const agentName = str(d.agentName) ?? state.agentName;
      const note: ChatMessage = {
        id: `sys_${eventId ?? str(d.escalationId) ?? Date.now()}`,
        role: 'system',
        text: `${agentName ?? 'An agent'} joined the conversation`,
        time: new Date().toISOString(),
      };
      const seen = state.messages.some((m) => m.id === note.id);
      return {
        ...state,
        status: 'WITH_AGENT',
        queue: null,
        agentName,
        awaitingReply: false,
        messages: seen ? state.messages : [...state.messages, note],
        // who answers from now on, said once with the note
        announcement:
          seen && state.status === 'WITH_AGENT'
            ? state.announcement
            : `${agentName ? agentLabel(agentName) : 'A support agent'} joined the conversation and is answering.`,
      };
    }
    case 'agent.handed_back': {
      // the agent handed the conversation back: the assistant answers again (the agent's note is not the
      // customer's to see; the event carries only the name)
      if (state.status === 'CLOSED') return state;
      const agentName = str(d.agentName) ?? state.agentName;
      const note: ChatMessage = {
        id: `sys_${eventId ?? Date.now()}`,
        role: 'system',
        text: `${agentName ?? 'The agent'} handed the conversation back to the assistant`,
        time: new Date().toISOString(),
      };
      const seen = state.messages.some((m) => m.id === note.id);
      return {
        ...state,
        status: 'OPEN',
        queue: null,
        agentName: null,
        messages: seen ? state.messages : [...state.messages, note],
        announcement: seen ? state.announcement : `${note.text}. ${ASSISTANT_ANSWERING}.`,
      };
    }
    case 'agent.message': {
      const id = str(d.messageId);
      if (!id || state.messages.some((m) => m.id === id)) return state;
      const text = str(d.text) ?? '';
      const agentName = str(d.agentName) ?? state.agentName;
      return {
        ...state,
        status: state.status === 'CLOSED' ? state.status : 'WITH_AGENT',
        agentName,
        messages: [...state.messages, { id, role: 'agent', text, time: new Date().toISOString() }],
        // said as the message is labelled: a person, not the assistant
        announcement: `${agentLabel(agentName)}: ${text}`,
      };
    }
    case 'action.proposed':
    case 'action.confirmed':
    case 'action.declined':
    case 'action.completed':
    case 'action.failed':
    case 'action.expired': {
      const incoming = actionFrom(d);
      return incoming ? withAction(state, incoming) : state;
    }
    case 'conversation.closed':
      return {
        ...state,
        status: 'CLOSED',
        queue: null,
        awaitingReply: false,
        announcement: state.feedback
          ? 'This conversation is closed.'
          : 'This conversation is closed. You can rate it now.',
      };
    case 'conversation.outcome': {
      const kind = OUTCOME_KINDS.find((k) => k === d.outcome);
      if (!kind) return state;
      const basis = d.basis === 'ASSUMED' ? 'ASSUMED' : 'CONFIRMED';
      if (state.outcome?.kind === kind && state.outcome.basis === basis) return state; // known (the customer's "yes")
      return {
        ...state,
        outcome: { kind, basis, decidedAt: str(d.decidedAt) ?? new Date().toISOString() },
        // closing said it already ("This conversation is closed. You can rate it now.")
        announcement:
          state.status === 'CLOSED' ? state.announcement : outcomeAnnouncement(kind, state.feedback != null),
      };
    }
    case 'conversation.reopened':
      // the customer wrote again: the outcome and the answer to "Did this solve it?" are undone, the conversation
      // goes on (the next reply asks again)
      return state.outcome || state.helpful
        ? {
            ...state,
            outcome: null,
            helpful: null,
            announcement: state.outcome ? 'The conversation is open again.' : state.announcement,
          }
        : state;
    default:
      return state;
  }
}
