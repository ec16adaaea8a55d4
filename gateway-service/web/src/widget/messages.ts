// The messages between the widget's loader (widget.js, on the shop's page) and the chat frame (widget.html).
// The frame accepts an identity only from its parent window, and only from one of the site's allowed origins.

export const IDENTIFY = 'smart-support:identify';
export const READY = 'smart-support:ready';
export const CLOSE = 'smart-support:close';

export interface Embed {
  siteId: string;
  name: string;
  allowedOrigins: string[];
  guestChats: boolean;
}

/** The identity token in a message, if the message is an identify from the parent at an allowed origin. */
export function identityFrom(event: MessageEvent, parent: Window, embed: Embed): string | null {
  if (event.source !== parent || !embed.allowedOrigins.includes(event.origin)) return null;
  const data = event.data as { type?: unknown; identityToken?: unknown } | null;
  if (!data || data.type !== IDENTIFY || typeof data.identityToken !== 'string') return null;
  const token = data.identityToken.trim();
  return token.length > 0 && token.length <= 8192 ? token : null;
}

/** Tells the parent, at each allowed origin (only the real one receives it), that the frame is ready. */
export function tellParent(parent: Window, embed: Embed, type: string) {
  for (const origin of embed.allowedOrigins) {
    try {
      parent.postMessage({ type }, origin);
    } catch {
      // a malformed origin: skip it
    }
  }
}
