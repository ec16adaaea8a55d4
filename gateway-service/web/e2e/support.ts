import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const PASSWORD = process.env.E2E_PASSWORD ?? 'support-demo';
export const AGENTS = ['agent.lee@example.com', 'agent.kim@example.com', 'agent.rossi@example.com'];

export async function signIn(page: Page, email: string) {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Only the agent under test is online, so the fair assignment has exactly one choice. */
export async function onlyThisAgentOnline(request: APIRequestContext, email: string) {
  for (const other of AGENTS.filter((a) => a !== email)) {
    const login = await request.post('/api/auth/login', { data: { email: other, password: PASSWORD } });
    expect(login.ok()).toBeTruthy();
    const { accessToken } = await login.json();
    const away = await request.post('/api/agents/me/presence', {
      data: { status: 'away' },
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    expect(away.ok()).toBeTruthy();
  }
}

/** Fails the test if anything in the page runs script from message text (alert, or a global it sets). */
export function trapInjectedScript(page: Page) {
  page.on('dialog', async (dialog) => {
    await dialog.dismiss();
    throw new Error(`a dialog opened: script from a message ran (${dialog.message()})`);
  });
}

/** Signs in through the API: the access token. */
export async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(login.ok(), `${email} signs in`).toBeTruthy();
  return (await login.json()).accessToken;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The ISO date `days` from today ("2026-11-30"; negative: days ago). */
export function isoDate(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Adds a pair of SoundWave Buds to a customer's purchases as an agent would (`POST /api/profiles/{id}/purchases`),
 * bought five days ago and delivered three days ago, under a new order id: that order id.
 */
export async function addBuds(request: APIRequestContext, agentToken: string, customerId: string): Promise<string> {
  const orderId = `ORD-E2E${Math.floor(Math.random() * 1e9)}`;
  const added = await request.post(`/api/profiles/${encodeURIComponent(customerId)}/purchases`, {
    headers: bearer(agentToken),
    data: {
      orderId,
      product: 'SoundWave Buds',
      model: 'SW-BUDS-2',
      price: 129.0,
      currency: 'USD',
      purchaseDate: isoDate(-5),
      orderStatus: 'delivered',
      shippingStatus: `delivered ${isoDate(-3)}`,
      warrantyEnd: isoDate(365),
    },
  });
  expect(added.status(), `purchase ${orderId} added: ${await added.text()}`).toBe(201);
  return orderId;
}

/** Collects what the page writes as errors to its console, and its uncaught exceptions. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
