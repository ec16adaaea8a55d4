import { expect, test } from '@playwright/test';
import { onlyThisAgentOnline, signIn, trapInjectedScript } from './support';

const CUSTOMER = process.env.E2E_CUSTOMER ?? 'olivia.bennett@example.com';
const AGENT = process.env.E2E_AGENT ?? 'agent.kim@example.com';
const QUESTION = `Where are my headphones? (order check ${Date.now().toString(36)})`;
const INJECTION = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

test('a customer gets a streamed answer, talks to a person, and rates the agent who closed the case', async ({
  browser,
  request,
}) => {
  await onlyThisAgentOnline(request, AGENT);
  const customerContext = await browser.newContext();
  const agentContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const agent = await agentContext.newPage();
  trapInjectedScript(customer);
  trapInjectedScript(agent);
  const consoleErrors: string[] = [];
  for (const page of [customer, agent]) {
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  }

  // --- the customer: sign in, ask, watch the answer stream in -----------------------------------------------
  await signIn(customer, CUSTOMER);
  await customer.getByRole('button', { name: 'New conversation' }).click();
  // record every state of the reply bubble, to prove it was written token by token, not all at once
  await customer.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __replyStates: string[] }).__replyStates = seen;
    new MutationObserver(() => {
      const bubble = document.querySelector('li.msg-assistant:last-of-type');
      const text = bubble?.querySelector('.msg-text')?.textContent ?? '';
      const state = `${bubble?.getAttribute('aria-busy') === 'true' ? 'streaming' : 'done'}:${text}`;
      if (bubble && seen[seen.length - 1] !== state) seen.push(state);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await customer.getByLabel('Message', { exact: true }).fill(QUESTION);
  await customer.getByLabel('Message', { exact: true }).press('Enter');
  await expect(customer.locator('li.msg-customer').last()).toContainText(QUESTION);
  const reply = customer.locator('li.msg-assistant').last();
  await expect(reply).toBeVisible();
  await expect(reply).not.toHaveAttribute('aria-busy', 'true');
  await expect(reply.locator('.msg-text')).not.toBeEmpty();
  const states = await customer.evaluate(() => (window as unknown as { __replyStates: string[] }).__replyStates);
  const streaming = states.filter((s) => s.startsWith('streaming:'));
  expect(streaming.length, `reply states: ${JSON.stringify(states)}`).toBeGreaterThanOrEqual(
    Number(process.env.E2E_MIN_STREAM_STATES ?? 1),
  );
  expect(states[states.length - 1]).toMatch(/^done:/);
  await expect(customer.getByRole('status').filter({ hasText: /^Assistant: / })).toHaveCount(1);

  // --- read aloud is a remembered, keyboard-operable toggle ---------------------------------------------------
  const readAloud = customer.getByRole('button', { name: 'Read aloud' });
  await readAloud.focus();
  await customer.keyboard.press('Enter');
  await expect(readAloud).toHaveAttribute('aria-pressed', 'true');
  await customer.reload();
  await expect(customer.getByRole('button', { name: 'Read aloud' })).toHaveAttribute('aria-pressed', 'true');
  await expect(customer.locator('li.msg-customer').last()).toContainText(QUESTION); // reopened
  await customer.getByRole('button', { name: 'Read aloud' }).click();
  await expect(customer.getByRole('button', { name: 'Read aloud' })).toHaveAttribute('aria-pressed', 'false');

  // --- talk to a person: the queue shows place in line -------------------------------------------------------
  await customer.getByRole('button', { name: 'Talk to a person' }).click();
  await expect(customer.getByText(/^Waiting for a person$|in line/).first()).toBeVisible();
  await expect(customer.getByRole('button', { name: 'Talk to a person' })).toBeDisabled();

  // --- the agent: online, gets the case, sees who the customer is ----------------------------------------
  await signIn(agent, AGENT);
  const presence = agent.getByRole('button', { name: /^(Online|Away)$/ });
  await expect(presence).toBeEnabled();
  if ((await presence.getAttribute('aria-pressed')) !== 'true') await presence.click();
  await expect(agent.getByRole('button', { name: 'Online' })).toHaveAttribute('aria-pressed', 'true');
  // the case is assigned within a second or so; an agent may also hold older cases: open ours by its question
  const cases = agent.getByRole('region', { name: /My cases/ }).getByRole('button');
  await expect(cases.first()).toBeVisible();
  const profile = agent.getByRole('complementary', { name: 'Customer' });
  await expect(async () => {
    for (let i = 0; i < (await cases.count()); i++) {
      await cases.nth(i).click();
      await expect(profile).toContainText('@', { timeout: 5_000 });
      if ((await agent.getByRole('region', { name: 'Messages' }).textContent())?.includes(QUESTION)) return;
    }
    throw new Error(`the case of "${QUESTION}" is not among the agent's cases yet`);
  }).toPass({ timeout: 30_000 });
  await expect(profile.getByRole('heading', { name: 'Recent purchases' })).toBeVisible();
  await expect(profile.getByRole('heading', { name: 'Support history' })).toBeVisible();
  await expect(agent.getByRole('heading', { name: /Hand-off summary/ })).toBeVisible();
  await expect(agent.getByRole('region', { name: 'Messages' })).toContainText(QUESTION);
  // articles from the knowledge base, searched with what the customer wrote (a failed search would say so)
  const suggestions = agent.getByRole('region', { name: 'Suggested articles' });
  await expect(suggestions).toBeVisible();
  await expect(
    suggestions.getByText(/^(Looking for articles…|Suggestions are not available right now\.)$/),
  ).toHaveCount(0);
  await agent.getByRole('button', { name: 'Accept case' }).click();
  await expect(agent.getByRole('button', { name: 'Accept case' })).toHaveCount(0);
  await expect(customer.getByText(/support agent\)? is answering$/)).toBeVisible();

  // suggest a reply, then write one with markup in it: it must arrive as text
  await agent.getByRole('button', { name: 'Suggest reply' }).click();
  const replyBox = agent.getByLabel(/^Reply to /);
  await expect(replyBox).not.toHaveValue('');
  await replyBox.fill(`Hello! I am sending a replacement today. ${INJECTION}`);
  await agent.getByRole('button', { name: 'Send reply' }).click();
  await expect(replyBox).toHaveValue('');

  const agentMessage = customer.locator('li.msg-agent').last();
  await expect(agentMessage).toContainText(`Hello! I am sending a replacement today. ${INJECTION}`);
  await expect(customer.locator('.messages img, .messages script')).toHaveCount(0);

  // the customer answers; the agent sees it live
  await customer.getByLabel('Message', { exact: true }).fill('Thank you, that is great');
  await customer.getByRole('button', { name: 'Send' }).click();
  await expect(agent.getByRole('region', { name: 'Messages' })).toContainText('Thank you, that is great');

  // --- the agent closes; the customer rates ---------------------------------------------------------------------
  await agent.getByLabel('Resolution').fill('Replacement shipped');
  await agent.getByRole('button', { name: 'Close case' }).click();
  await expect(agent.getByText('Pick one of your cases on the left.')).toBeVisible();

  const rating = customer.getByRole('group', { name: /How did we do/ });
  await expect(rating).toBeVisible();
  await rating.getByRole('radio', { name: '5' }).check();
  await customer.getByRole('button', { name: 'Send rating' }).click();
  await expect(customer.getByText('Thank you for rating us 5 out of 5.', { exact: true }).first()).toBeVisible();
  await customer.reload();
  await expect(customer.getByText('Thank you for rating us 5 out of 5.', { exact: true }).first()).toBeVisible();
  await expect(customer.getByRole('group', { name: /How did we do/ })).toHaveCount(0);

  expect(consoleErrors, 'no errors in the browser console').toEqual([]);
  await customerContext.close();
  await agentContext.close();
});
