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
