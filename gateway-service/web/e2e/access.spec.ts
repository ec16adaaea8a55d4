import { expect, test } from '@playwright/test';
import { PASSWORD, signIn } from './support';

const CUSTOMER = process.env.E2E_CUSTOMER ?? 'olivia.bennett@example.com';

test('keyboard only: sign in and send a message without touching the mouse', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type(CUSTOMER);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // the skip link is the first stop and lands in the message box
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to message box' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Message', { exact: true })).toBeFocused();
  await page.keyboard.type('Hello from the keyboard');
  await page.keyboard.press('Enter');
  await expect(page.locator('li.msg-customer').last()).toContainText('Hello from the keyboard');
  await expect(page.locator('li.msg-assistant').last()).not.toHaveAttribute('aria-busy', 'true');
});

test('a wrong password gets a clear message and no session', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Email').fill(CUSTOMER);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/password/i);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the chat fits the screen and every control stays reachable', async ({ page }) => {
    await signIn(page, CUSTOMER);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByRole('button', { name: 'Talk to a person' })).toBeInViewport();
    await expect(page.getByLabel('Message', { exact: true })).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Send' })).toBeInViewport();
    // past conversations fold away behind a button
    const toggle = page.getByRole('button', { name: 'Conversations' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(page.getByRole('navigation', { name: 'Your conversations' })).toBeVisible();
  });
});

test('with reduced motion the typing indicator does not animate', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await signIn(page, CUSTOMER);
  const animated = await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.className = 'cursor';
    document.body.append(probe);
    const name = getComputedStyle(probe).animationName;
    probe.remove();
    return name;
  });
  expect(animated).toBe('none');
});
