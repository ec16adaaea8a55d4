// Shapes of the public API (README "Public API" and docs/events.md). Every field the server may omit is optional.

export type Role = 'CUSTOMER' | 'AGENT' | 'ADMIN';

export interface Session {
  accessToken: string;
  role: Role;
  subject: string;
  /** epoch milliseconds when the token expires */
  expiresAt: number;
}

export type ConversationStatus = 'OPEN' | 'WAITING_FOR_AGENT' | 'WITH_AGENT' | 'CLOSED';
export type MessageRole = 'customer' | 'assistant' | 'agent' | 'system';
export type ReplySource = 'llm' | 'fallback';

export interface ConversationSummary {
  conversationId: string;
  status: ConversationStatus;
  createdAt?: string;
  updatedAt?: string;
}

export interface MessageView {
  messageId: string;
  role: MessageRole;
  text: string;
  time?: string;
  source?: ReplySource;
  inReplyTo?: string;
  /** the knowledge-base articles an assistant reply used, cited in its text as [n] (absent on older replies) */
  citations?: Citation[];
}

export interface Feedback {
  rating: number;
  comment?: string | null;
  ratedAt?: string;
}

export interface Transcript {
  conversationId: string;
  customerId?: string;
  status: ConversationStatus;
  createdAt?: string;
  feedback?: Feedback | null;
  messages: MessageView[];
  /** where the customer (a guest, typically) asked to be followed up */
  contactEmail?: string | null;
}

export interface Purchase {
  orderId?: string;
  product?: string;
  model?: string;
  specs?: Record<string, string>;
  price?: number;
  currency?: string;
  purchaseDate?: string;
  orderStatus?: string;
  shippingStatus?: string;
  warrantyEnd?: string;
}

export interface SupportCase {
  caseId?: string;
  issue?: string;
  resolution?: string;
  date?: string;
  csat?: number | null;
}

export interface Profile {
  id: string;
  account?: {
    name?: string;
    email?: string;
    accountNumber?: string;
    location?: string;
    language?: string;
    tier?: string;
  };
  purchases?: Purchase[];
  preferences?: { contactChannel?: string; interests?: string[]; accessibility?: string[] };
  subscription?: { plan?: string; status?: string; renewsOn?: string };
  supportHistory?: SupportCase[];
}

export type EscalationStatus = 'QUEUED' | 'ASSIGNED' | 'ACCEPTED' | 'CLOSED';

export interface Escalation {
  id: string;
  conversationId: string;
  customerId: string;
  reason?: string;
  detail?: string;
  status: EscalationStatus;
  agentId?: string;
  agentName?: string;
  requestedAt?: string;
  assignedAt?: string;
  acceptedAt?: string;
  closedAt?: string;
  resolution?: string;
}

export interface HandoffSummary {
  source?: string;
  issue?: string;
  tried?: string;
  sentiment?: string;
  nextStep?: string;
}

export interface Packet {
  escalation: Escalation;
  profile?: Profile | null;
  transcript?: Transcript | null;
  summary?: HandoffSummary | null;
  unavailable?: string[];
}

export interface Presence {
  agentId: string;
  name?: string;
  status: 'online' | 'away';
  activeCases?: number;
}

export interface Draft {
  source?: string;
  text: string;
}

/** One source of an assistant reply: the reply cites it inline as `[n]`. */
export interface Citation {
  n: number;
  articleId: string;
  title: string;
  passage: string;
}

export type ArticleVisibility = 'public' | 'internal';

/** A knowledge-base article (`GET /api/knowledge/articles/{id}`); customers can read public ones only. */
export interface Article {
  id: string;
  slug: string;
  title: string;
  /** Markdown: '## ' headings, '- ' bullets, paragraphs */
  body: string;
  language: 'en' | 'fr' | 'es' | 'de';
  tags: string[];
  products: string[];
  visibility: ArticleVisibility;
  version: number;
  updatedAt: string;
}

/** One passage found by `GET /api/knowledge/search`. */
export interface KnowledgeHit {
  articleId: string;
  slug: string;
  title: string;
  heading: string;
  passage: string;
  language: string;
  visibility: ArticleVisibility;
  score: number;
}

export interface KnowledgeSearch {
  results: KnowledgeHit[];
}

/** A page of `GET /api/knowledge/articles` (agents and admins). */
export interface ArticlePage {
  items: Article[];
  page: number;
  size: number;
  total: number;
}

export type AgentStatus = 'INVITED' | 'ACTIVE' | 'DEACTIVATED';

/** An agent as the administrator manages them (`/api/admin/agents`). */
export interface AgentAccount {
  agentId: string;
  name: string;
  email: string;
  /** ISO 639-1 codes of the conversation languages they take */
  languages: string[];
  /** how many cases they hold at once (1–20) */
  maxCases: number;
  status: AgentStatus;
  invitedAt?: string | null;
  activatedAt?: string | null;
  deactivatedAt?: string | null;
  /** only in the answer to an invitation that was not e-mailed (no SMTP server): the admin passes it on */
  inviteUrl?: string | null;
  invitationEmailed?: boolean | null;
}
