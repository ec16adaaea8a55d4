import { expect, test, type Page } from '@playwright/test';
import { signIn, trapInjectedScript } from './support';

const CUSTOMER = process.env.E2E_KNOWLEDGE_CUSTOMER ?? 'carlos.diaz@example.com';
const ADMIN = process.env.E2E_ADMIN ?? 'admin@example.com';
const QUESTION = 'How long do I have to return my SoundWave headphones?';

function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

test('a customer opens the source of an answer in place, and closes it with Escape', async ({ page }) => {
  trapInjectedScript(page);
  const consoleErrors = collectConsoleErrors(page);
  await signIn(page, CUSTOMER);
  await page.getByRole('button', { name: 'New conversation' }).click();
  await page.getByLabel('Message', { exact: true }).fill(QUESTION);
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await expect(page.locator('li.msg-customer').last()).toContainText(QUESTION);

  // the completed answer (the offline one, without a model key) lists its sources
  const reply = page.locator('li.msg-assistant').last();
  await expect(reply).toBeVisible();
  await expect(reply).not.toHaveAttribute('aria-busy', 'true');
  await expect(reply.locator('.msg-text')).not.toBeEmpty();
  const sources = reply.getByRole('list', { name: 'Sources' });
  await expect(sources).toBeVisible();
  expect(await sources.getByRole('listitem').count()).toBeGreaterThanOrEqual(1);

  // open the returns article (the first source if none is titled so)
  const returns = sources.getByRole('button', { name: /return/i });
  const source = (await returns.count()) > 0 ? returns.first() : sources.getByRole('button').first();
  await source.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await expect(dialog.getByText('Loading the article…')).toHaveCount(0);
  await expect(dialog.getByText('This article is no longer available.')).toHaveCount(0);
  await expect(dialog.getByRole('heading', { name: /return/i }).first()).toBeVisible();
  await expect(dialog.locator('.article-body')).not.toBeEmpty();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(source).toBeFocused();

  // on a phone the article fits the screen, and the Close button closes it
  await page.setViewportSize({ width: 390, height: 844 });
  await source.click();
  await expect(dialog).toBeVisible();
  const box = await dialog.boundingBox();
  expect(
    box && box.x >= 0 && box.x + box.width <= 390 && box.y >= 0 && box.y + box.height <= 844,
    `dialog at ${JSON.stringify(box)}`,
  ).toBeTruthy();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(source).toBeFocused();

  expect(consoleErrors, 'no errors in the browser console').toEqual([]);
});

test('the administrator sees the knowledge base, pages through it and opens an article', async ({ page }) => {
  const consoleErrors = collectConsoleErrors(page);
  await signIn(page, ADMIN);
  await expect(page.getByRole('heading', { level: 1, name: 'Knowledge base' })).toBeVisible();
  const count = page.getByRole('status').filter({ hasText: /\d articles?\b/ });
  await expect(count).toBeVisible();
  const total = Number((await count.textContent())?.match(/^([\d,.\s]+) articles?/)?.[1].replace(/\D/g, '') ?? 0);
  expect(total, 'articles in the knowledge base').toBeGreaterThanOrEqual(40);

  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(21); // a full first page of 20, and the header
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(count).toContainText('page 2 of');
  await expect(page.getByRole('button', { name: 'Previous' })).toBeEnabled();

  const first = table.getByRole('rowheader').first().getByRole('button');
  const title = (await first.textContent()) ?? '';
  expect(title).not.toBe('');
  await first.click();
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Loading the article…')).toHaveCount(0);
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(title);
  await expect(dialog.locator('.article-body')).not.toBeEmpty();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(first).toBeFocused();

  expect(consoleErrors, 'no errors in the browser console').toEqual([]);
});
