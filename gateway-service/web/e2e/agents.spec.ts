import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

const ADMIN = process.env.E2E_ADMIN ?? 'admin@example.com';

function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * The administrator invites an agent (no SMTP server here, so the page shows the link), the agent opens the link,
 * sets a password and signs in to the console; the link then no longer works; the administrator deactivates the
 * agent, who can no longer sign in.
 */
test('an admin invites an agent, who sets a password and signs in; then the admin deactivates them', async ({
  browser,
}) => {
  const stamp = Date.now().toString(36);
  const name = `Robin Tester ${stamp}`;
  const email = `robin.tester.${stamp}@example.com`;
  const agentPassword = `a long enough password ${stamp}`;

  const adminContext = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const admin = await adminContext.newPage();
  const adminErrors = collectConsoleErrors(admin);
  await signIn(admin, ADMIN);
  await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Agents' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Agents' })).toBeFocused();
  await expect(admin).toHaveURL(/#\/agents$/);

  // nothing filled in: the form says what is missing, and nothing is sent
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(admin.getByText('Enter the agent’s name.')).toBeVisible();

  await admin.getByLabel('Name', { exact: true }).fill(name);
  await admin.getByLabel('E-mail').fill(email);
  await admin.getByRole('checkbox', { name: 'French' }).check();
  await admin.getByLabel('Cases at once').fill('4');
  await admin.getByRole('button', { name: 'Send invitation' }).click();

  const panel = admin.getByRole('region', { name: `Send the invitation to ${name}` });
  await expect(panel).toBeFocused();
  await expect(panel).toContainText('no e-mail was sent');
  const link = await panel.getByLabel(`Invitation link for ${name}`).inputValue();
  expect(link).toMatch(/\/#\/invitation\/[A-Za-z0-9_-]{20,}$/);
  await panel.getByRole('button', { name: 'Copy link' }).click();
  await expect(panel).toContainText('Link copied.');
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);
  const card = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { level: 3, name }) });
  await expect(card).toContainText('Invited');
  await expect(card).toContainText('English, French');

  // the same e-mail again: the server's 409, shown on the field
  await admin.getByLabel('Name', { exact: true }).fill(name);
  await admin.getByLabel('E-mail').fill(email);
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
  await expect(admin.getByText('Someone with this e-mail can already sign in or is invited')).toBeVisible();

  // the agent opens the link (this stack's gateway, whatever address the link was made for), by keyboard only
  const token = link.slice(link.indexOf('#/invitation/') + '#/invitation/'.length);
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  const agentErrors = collectConsoleErrors(agent);
  await agent.goto(`/#/invitation/${token}`);
  await expect(agent.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();
  await expect(agent.getByLabel('New password')).toBeFocused();
  await agent.keyboard.type(agentPassword);
  await agent.keyboard.press('Tab');
  await expect(agent.getByLabel('Repeat the password')).toBeFocused();
  await agent.keyboard.type(`${agentPassword} typo`);
  await agent.keyboard.press('Enter');
  await expect(agent.getByRole('alert')).toContainText('The two passwords are not the same.');
  await expect(agent.getByLabel('Repeat the password')).toBeFocused();
  await agent.getByLabel('Repeat the password').fill(agentPassword);
  await agent.keyboard.press('Enter');

  // to sign-in, the token gone from the address; the new agent signs in and sees the console
  await expect(agent.getByRole('status')).toContainText('Your password is set.');
  expect(new URL(agent.url()).hash).toBe('');
  await agent.getByLabel('Email').fill(email);
  await agent.getByLabel('Password').fill(agentPassword);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByRole('heading', { level: 1, name: 'Agent console' })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Away' })).toBeEnabled();
  await agent.getByRole('button', { name: 'Sign out' }).click();

  // the link works once
  await agent.goto(`/#/invitation/${token}`);
  await agent.getByLabel('New password').fill(agentPassword);
  await agent.getByLabel('Repeat the password').fill(agentPassword);
  await agent.getByRole('button', { name: 'Set password' }).click();
  await expect(agent.getByRole('alert')).toContainText('already been used or has expired');
  await agent.getByRole('button', { name: 'Go to sign in' }).click();
  await expect(agent.getByLabel('Email')).toBeVisible();

  // the admin sees them active, and deactivates them after confirming
  await admin.reload();
  await expect(card).toContainText('Active');
  await card.getByRole('button', { name: `Deactivate ${name}` }).click();
  const dialog = admin.getByRole('dialog', { name: `Deactivate ${name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Deactivate' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText('Deactivated', { exact: true })).toBeVisible();
  await expect(card.getByRole('button')).toHaveCount(0);

  // their password no longer works
  await agent.getByLabel('Email').fill(email);
  await agent.getByLabel('Password').fill(agentPassword);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByRole('alert')).not.toBeEmpty();
  await expect(agent.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  // the taken e-mail, the refused sign-in and the used link are answered 409, 401 and 410, which Chromium logs as
  // failed loads; nothing else may show up
  const unexpected = (errors: string[]) => errors.filter((e) => !/status of (401|409|410)\b/.test(e));
  expect(unexpected(adminErrors), 'no errors in the admin’s browser console').toEqual([]);
  expect(unexpected(agentErrors), 'no errors in the agent’s browser console').toEqual([]);
  await adminContext.close();
  await agentContext.close();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the agents page and the invitation page fit the screen', async ({ page }) => {
    await signIn(page, ADMIN);
    await page.goto('/#/agents');
    await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
    await expect(page.getByText(/\d+ agents?:|No agents yet\./)).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const send = await page.getByRole('button', { name: 'Send invitation' }).boundingBox();
    expect(send && send.height >= 44, 'touch target').toBeTruthy();

    await page.goto('/#/invitation/not-a-real-token');
    await expect(page.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  });
});
