import { expect, test, type Locator, type Page } from '@playwright/test';
import { addBuds, apiToken, bearer, consoleErrors, signIn, trapInjectedScript } from './support';

// The assistant proposes actions on the customer's account and does them only once the customer confirms them on a
// card under its reply (docs/web-client.md, "Actions").
const CUSTOMER = process.env.E2E_ACTIONS_CUSTOMER ?? 'carlos.diaz@example.com';
const AGENT = process.env.E2E_ACTIONS_AGENT ?? 'agent.lee@example.com';

/** The card of the action proposed for an order (the newest, if there are several): a group named by its title. */
function actionCard(page: Page, orderId: string): Locator {
  return page
    .getByRole('region', { name: 'Messages' })
    .getByRole('group')
    .filter({ hasText: `Order ${orderId}` })
    .last();
}

async function say(page: Page, text: string) {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
  await expect(page.locator('li.msg-customer').last()).toContainText(text);
}

test('a customer confirms the return the assistant proposes, and declines the next proposal', async ({
  page,
  request,
}) => {
  trapInjectedScript(page);
  const errors = consoleErrors(page);

  // --- two new purchases of the customer's, delivered three days ago (an agent adds them through the API) -------
  const agent = await apiToken(request, AGENT);
  const me = await request.get('/api/profiles/me', { headers: bearer(await apiToken(request, CUSTOMER)) });
  expect(me.ok()).toBeTruthy();
  const customerId: string = (await me.json()).id;
  const returned = await addBuds(request, agent, customerId);
  const kept = await addBuds(request, agent, customerId);

  // --- the assistant proposes a return; the customer confirms it ---------------------------------------------------
  await signIn(page, CUSTOMER);
  await page.getByRole('button', { name: 'New conversation' }).click();
  // the order id makes the request unambiguous: earlier runs left other SoundWave Buds on this profile
  await say(page, `I want to return my SoundWave Buds (order ${returned})`);
  const card = actionCard(page, returned);
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card).toHaveAccessibleName(/return/i);
  await expect(card.getByText(`Order ${returned}`, { exact: true })).toBeVisible();
  await expect(card).toContainText(/Costs [A-Z]{3} [\d,.]+|No cost/);
  // under the reply that proposed it
  await expect(card.locator('xpath=ancestor::li[1]')).toHaveClass(/\bmsg-assistant\b/);
  const confirm = card.getByRole('button', { name: 'Confirm' });
  await expect(card.getByRole('button', { name: 'Decline' })).toBeEnabled();
  await confirm.click();
  await expect(card).toContainText(/Done: .*\bRMA-[A-Z0-9]+/);
  await expect(card.getByRole('button')).toHaveCount(0);
  const rma = /\bRMA-[A-Z0-9]+/.exec((await card.textContent()) ?? '')![0];

  // the return is on the purchase, as the agent's console shows it
  await expect
    .poll(
      async () => {
        const profile = await (await request.get(`/api/profiles/${customerId}`, { headers: bearer(agent) })).json();
        const purchase = (profile.purchases ?? []).find((p: { orderId?: string }) => p.orderId === returned);
        return (purchase?.returns ?? []).map((r: { rma: string }) => r.rma);
      },
      { message: `return ${rma} on ${returned}` },
    )
    .toContain(rma);

  // --- the next proposal, declined by keyboard on a phone-sized screen -------------------------------------------
  await page.setViewportSize({ width: 390, height: 844 });
  await say(page, `I also want to return my SoundWave Buds from order ${kept}`);
  const next = actionCard(page, kept);
  await expect(next).toBeVisible({ timeout: 30_000 });
  const decline = next.getByRole('button', { name: 'Decline' });
  await decline.scrollIntoViewIfNeeded();
  const box = await next.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390, `card at ${JSON.stringify(box)}`).toBeTruthy();
  await decline.focus();
  await page.keyboard.press('Enter');
  await expect(next).toContainText('You declined this.');
  await expect(next.getByRole('button')).toHaveCount(0);
  await expect(next.getByText('You declined this.')).toBeFocused();

  // --- both outcomes stay, from the conversation's record ---------------------------------------------------------
  await page.reload();
  await expect(actionCard(page, returned)).toContainText(`Done: `);
  await expect(actionCard(page, returned)).toContainText(rma);
  await expect(actionCard(page, kept)).toContainText('You declined this.');
  await expect(page.getByRole('region', { name: 'Messages' }).getByRole('button', { name: 'Confirm' })).toHaveCount(0);

  expect(errors, 'no errors in the browser console').toEqual([]);
});
