import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { AGENTS, onlyThisAgentOnline, PASSWORD } from './support';

// A shop's own pages on another origin: the widget's loader on a page, an identity token signed by the shop's
// "backend" (here, this test) for its signed-in customer, and a page of an origin the site never registered.

const AGENT = AGENTS[2];
const SMART = process.env.BASE_URL ?? 'http://localhost:8080';

function b64url(data: string | Buffer) {
  return Buffer.from(data).toString('base64url');
}

/** An identity token as a shop's backend signs it (docs/identity-verification.md). */
function identityToken(siteId: string, secret: string, customer: { id: string; email: string; name: string }) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = b64url(
    JSON.stringify({
      sub: customer.id,
      email: customer.email,
      name: customer.name,
      language: 'en',
      aud: siteId,
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
    }),
  );
  const signature = createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${signature}`;
}

/** Serves one page on a free local port; resolves with its origin. */
async function serve(page: (path: string) => string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page(req.url ?? '/'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function token(request: APIRequestContext, email: string) {
  const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  return (await login.json()).accessToken as string;
}

test('a shop embeds the widget, signs its customer in, who chats, talks to a person and rates; other origins cannot frame it', async ({
  page,
  request,
}) => {
  const run = Date.now().toString(36);
  let siteId = '';
  let secret = '';
  const customer = { id: `shop-cust-${run}`, email: `widget.${run}@shop.example`, name: 'Wanda Widget' };
  const shop = await serve(
    () => `<!doctype html><html lang="en"><head><title>Acme Shop</title></head><body>
    <h1>Acme Shop</h1><p>Welcome back, ${customer.name}.</p>
    <script src="${SMART}/widget.js" data-site="${siteId}" async></script>
    <script>window.addEventListener('load', function () {
      var t = setInterval(function () { if (window.SmartSupport) { clearInterval(t);
        SmartSupport.identify(${JSON.stringify(identityToken(siteId, secret, customer))}); } }, 50); });</script>
    </body></html>`,
  );
  const stranger = await serve(
    () => `<!doctype html><html lang="en"><head><title>Not the shop</title></head><body>
    <iframe id="stolen" title="stolen chat" src="${SMART}/widget.html?site=${siteId}"></iframe></body></html>`,
  );
  try {
    // an admin registers the shop's site with its origin
    const admin = await token(request, 'admin@example.com');
    const registered = await request.post('/api/admin/sites', {
      headers: { Authorization: `Bearer ${admin}` },
      data: { name: `Acme Shop ${run}`, allowedOrigins: [shop.origin] },
    });
    expect(registered.status()).toBe(201);
    ({ siteId, secret } = await registered.json());
    expect(siteId).toBeTruthy();
    expect(secret).toBeTruthy();
    await onlyThisAgentOnline(request, AGENT);

    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(shop.origin);
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.click();
    await expect(launcher).toHaveAttribute('aria-expanded', 'true');
    const chat = page.frameLocator('iframe[title="Customer support chat"]');

    // signed in as the shop's customer: ask, get an answer
    const question = `Where is my order? (widget ${run})`;
    await chat.getByLabel('Message', { exact: true }).fill(question);
    await chat.getByLabel('Message', { exact: true }).press('Enter');
    await expect(chat.locator('li.msg-customer').last()).toContainText(question);
    const reply = chat.locator('li.msg-assistant').last();
    await expect(reply).not.toHaveAttribute('aria-busy', 'true');
    await expect(reply.locator('.msg-text')).not.toBeEmpty();

    // a person: the agent takes the case and closes it, the customer rates in the widget
    const agent = await token(request, AGENT);
    const auth = { Authorization: `Bearer ${agent}` };
    const held = async () =>
      (
        (await (await request.get('/api/escalations?status=ASSIGNED', { headers: auth })).json()) as { id: string }[]
      ).map((e) => e.id);
    const before = await held();
    await chat.getByRole('button', { name: 'Talk to a person' }).click();
    await expect(chat.getByText(/^Waiting for a person$|in line/).first()).toBeVisible();
    expect(
      (await request.post('/api/agents/me/presence', { headers: auth, data: { status: 'online' } })).ok(),
    ).toBeTruthy();
    let caseId = '';
    await expect(async () => {
      const added = (await held()).filter((id) => !before.includes(id));
      expect(added).toHaveLength(1);
      caseId = added[0];
    }).toPass({ timeout: 30_000 });
    expect((await request.post(`/api/escalations/${caseId}/accept`, { headers: auth })).ok()).toBeTruthy();
    await expect(chat.getByText(/support agent\)? is answering$/)).toBeVisible();
    expect(
      (
        await request.post(`/api/escalations/${caseId}/close`, { headers: auth, data: { resolution: 'Order found' } })
      ).ok(),
    ).toBeTruthy();
    const rating = chat.getByRole('group', { name: /How did we do/ });
    await rating.getByRole('radio', { name: '5' }).check();
    await chat.getByRole('button', { name: 'Send rating' }).click();
    await expect(chat.getByText('Thank you for rating us 5 out of 5.', { exact: true }).first()).toBeVisible();

    // Escape closes the chat and gives the focus back to the launcher
    await page.keyboard.press('Escape');
    await expect(launcher).toHaveAttribute('aria-expanded', 'false');
    expect(errors, 'no errors on the shop page').toEqual([]);

    // a page of an origin the site did not register cannot show the chat: the browser refuses to frame it
    await page.goto(stranger.origin);
    // Chromium puts its error page in a frame it refuses (frame-ancestors); the chat never loads there
    await expect
      .poll(() => page.frames().map((f) => f.url()), { timeout: 20_000 })
      .toContain('chrome-error://chromewebdata/');
    const stolen = page.frameLocator('#stolen');
    await expect(stolen.getByRole('heading', { name: /Chat with/ })).toHaveCount(0);
    await expect(stolen.getByLabel('Message', { exact: true })).toHaveCount(0);
  } finally {
    shop.server.close();
    stranger.server.close();
  }
});
