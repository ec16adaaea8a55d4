import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, bearer, consoleErrors, signIn, trapInjectedScript } from './support';

// "Did this solve it?" under the assistant's answer, the rating of a conversation the customer said was solved, and
// the line that says who is answering (docs/web-client.md, "Did this solve it?").
const CUSTOMER = process.env.E2E_RESOLUTION_CUSTOMER ?? 'carlos.diaz@example.com';
const RUN = Date.now().toString(36);
const THANKS = 'Glad that helped.';
const HINT = 'Sorry about that. Tell me more, or press Talk to a person.';

/**
 * Starts a new conversation, asks, and waits for the finished answer, and for the answer to be stored (it is shown
 * live a moment before): the conversation's id and the answer's row.
 */
async function askInNewConversation(page: Page, request: APIRequestContext, token: string, question: string) {
  const created = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/conversations',
  );
  await page.getByRole('button', { name: 'New conversation' }).click();
  const { conversationId } = (await (await created).json()) as { conversationId: string };
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(question);
  await box.press('Enter');
  await expect(page.locator('li.msg-customer').last()).toContainText(question);
  const reply = page.locator('li.msg-assistant').last();
  await expect(reply).toBeVisible({ timeout: 30_000 });
  await expect(reply).not.toHaveAttribute('aria-busy', 'true');
  await expect(reply.locator('.msg-text')).not.toBeEmpty();
  await expect
    .poll(
      async () => {
        const t = await request.get(`/api/conversations/${encodeURIComponent(conversationId)}`, {
          headers: bearer(token),
        });
        const messages = ((await t.json()).messages ?? []) as { role: string }[];
        return messages.some((m) => m.role === 'assistant');
      },
      { message: `the answer in ${conversationId} is stored` },
    )
    .toBe(true);
  return { conversationId, reply };
}

test('a customer says the answer solved it and rates, then says another did not and is told how to go on', async ({
  page,
  request,
}) => {
  trapInjectedScript(page);
  const errors = consoleErrors(page);
  const token = await apiToken(request, CUSTOMER);
  await signIn(page, CUSTOMER);
  const messages = page.getByRole('region', { name: 'Messages' });

  // --- the assistant answers; "Did this solve it?" Yes -------------------------------------------------------------
  const first = await askInNewConversation(page, request, token, `When will my headphones arrive? (yes ${RUN})`);
  await expect(page.getByText('The assistant is answering', { exact: true })).toBeVisible();
  const question = first.reply.getByRole('group', { name: 'Did this solve it?' });
  await expect(question).toBeVisible();
  await expect(messages.getByRole('group', { name: 'Did this solve it?' })).toHaveCount(1); // the last reply only
  await expect(page.getByRole('group', { name: /How did we do/ })).toHaveCount(0); // not resolved yet
  await question.getByRole('button', { name: 'Yes' }).click();

  await expect(messages.getByText(THANKS, { exact: true })).toBeVisible();
  await expect(question).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: THANKS })).toHaveCount(1); // said once, politely
  const rating = page.getByRole('group', { name: /How did we do/ });
  await expect(rating).toBeVisible();
  await expect(rating.getByRole('radio', { name: '1' })).toBeFocused();
  // resolved by the assistant, as the customer confirmed
  const resolved = await (
    await request.get(`/api/conversations/${encodeURIComponent(first.conversationId)}`, { headers: bearer(token) })
  ).json();
  expect(resolved.outcome).toMatchObject({ kind: 'RESOLVED_BY_ASSISTANT', basis: 'CONFIRMED' });
  expect(resolved.helpful).toMatchObject({ solved: true });

  await rating.getByRole('radio', { name: '5' }).check();
  await page.getByRole('button', { name: 'Send rating' }).click();
  await expect(page.getByText('Thank you for rating us 5 out of 5.', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('group', { name: /How did we do/ })).toHaveCount(0);

  // the answer and the rating are the conversation's: still there after a reload
  await page.reload();
  await expect(page.locator('li.msg-customer').last()).toContainText(`(yes ${RUN})`);
  await expect(messages.getByText(THANKS, { exact: true })).toBeVisible();
  await expect(page.getByText('Thank you for rating us 5 out of 5.', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('group', { name: /How did we do/ })).toHaveCount(0);
  await expect(messages.getByRole('group', { name: 'Did this solve it?' })).toHaveCount(0);

  // --- a fresh conversation: No --------------------------------------------------------------------------------------
  const second = await askInNewConversation(page, request, token, `Where is my order? (no ${RUN})`);
  await expect(page.getByText('The assistant is answering', { exact: true })).toBeVisible();
  const again = second.reply.getByRole('group', { name: 'Did this solve it?' });
  await again.getByRole('button', { name: 'No' }).click();
  await expect(messages.getByText(HINT, { exact: true })).toBeVisible();
  await expect(again).toHaveCount(0);
  await expect(page.getByLabel('Message', { exact: true })).toBeFocused(); // tell us more
  await expect(page.getByRole('button', { name: 'Talk to a person' })).toBeEnabled();
  await expect(page.getByRole('group', { name: /How did we do/ })).toHaveCount(0); // not resolved
  await expect(page.getByText('The assistant is answering', { exact: true })).toBeVisible();

  expect(errors, 'no errors in the browser console').toEqual([]);
});
