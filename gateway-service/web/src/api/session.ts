import type { Role, Session } from './types';

const KEY = 'smart-support.session';
const ROLES: readonly Role[] = ['CUSTOMER', 'AGENT', 'ADMIN'];

export interface LoginResponse {
  accessToken: string;
  role: Role;
  subject: string;
  expiresIn?: number;
}

export function sessionFrom(res: LoginResponse, now = Date.now()): Session {
  return {
    accessToken: res.accessToken,
    role: res.role,
    subject: res.subject,
    expiresAt: now + (res.expiresIn ?? 3600) * 1000,
  };
}

/** The session survives a reload of the tab, not the closing of the browser (sessionStorage). */
export function loadSession(now = Date.now()): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    if (
      s &&
      typeof s.accessToken === 'string' &&
      ROLES.includes(s.role) &&
      typeof s.expiresAt === 'number' &&
      s.expiresAt > now
    ) {
      return s;
    }
  } catch {
    // no storage or garbage in it
  }
  return null;
}

export function saveSession(session: Session | null) {
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage unavailable: the session lasts as long as the page
  }
}
