import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json, problem, SseChannel } from '../testing/fakeServer';
import { WidgetApp } from './WidgetApp';

const SHOP = 'https://shop.example';
const embed = { siteId: 'site_1', name: 'Acme Shop', allowedOrigins: [SHOP], guestChats: false };

function setUp(site = embed) {
  const stream = new SseChannel();
  const server = fakeServer()
    .on('GET', /^\/api\/sites\/site_1\/embed$/, () => json(200, site))
    .on('GET', /^\/api\/sites\/nope\/embed$/, () => problem(404, 'No such site'))
    .on('POST', /^\/api\/auth\/identity$/, (r) =>
      (r.body as { identityToken: string }).identityToken === 'good'
        ? json(200, {
            accessToken: 'tok-shop-customer',
            tokenType: 'Bearer',
            expiresIn: 3600,
            role: 'CUSTOMER',
            subject: 'cus_9',
          })
        : problem(401, 'The identity token is not valid'),
    )
    .on('POST', /^\/api\/auth\/guest$/, () =>
      json(200, { accessToken: 'tok-guest', expiresIn: 3600, role: 'CUSTOMER', subject: 'cus_guest' }),
    )
    .on('GET', /^\/api\/conversations$/, () => json(200, []))
    .on('GET', /\/events$/, () => stream.response());
  return server;
}

/** A message as the shop's page would send it through the loader. */
function fromParent(data: unknown, origin = SHOP, source: Window | null = window.parent) {
  act(() => {
    window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
  });
}

describe('WidgetApp', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('signs the shop customer in with the identity token from the page, tells the page it is ready', async () => {
    const server = setUp();
    const posted = vi.spyOn(window.parent, 'postMessage');
    render(<WidgetApp siteId="site_1" />);
    expect(await screen.findByRole('heading', { name: 'Chat with Acme Shop' })).toBeInTheDocument();
    // (listening from then on)
    await waitFor(() => expect(posted).toHaveBeenCalledWith({ type: 'smart-support:ready' }, SHOP));

    fromParent({ type: 'smart-support:identify', identityToken: 'good' });
    expect(await screen.findByLabelText('Message')).toBeInTheDocument();
    // Escape in the frame asks the page to close the widget
    await userEvent.setup().keyboard('{Escape}');
    expect(posted).toHaveBeenCalledWith({ type: 'smart-support:close' }, SHOP);
    expect(server.sent('POST', /identity$/)[0].body).toEqual({ identityToken: 'good', siteId: 'site_1' });
    await waitFor(() =>
      expect(server.sent('GET', /^\/api\/conversations$/)[0].headers.Authorization).toBe('Bearer tok-shop-customer'),
    );
  });

  it('ignores identities from another origin or another window, and shows a refused one clearly', async () => {
    const server = setUp();
    const posted = vi.spyOn(window.parent, 'postMessage');
    render(<WidgetApp siteId="site_1" />);
    await waitFor(() => expect(posted).toHaveBeenCalledWith({ type: 'smart-support:ready' }, SHOP));
    fromParent({ type: 'smart-support:identify', identityToken: 'good' }, 'https://evil.example');
    fromParent({ type: 'smart-support:identify', identityToken: 'good' }, SHOP, null);
    fromParent({ type: 'something-else', identityToken: 'good' });
    expect(server.sent('POST', /identity$/)).toHaveLength(0);

    fromParent({ type: 'smart-support:identify', identityToken: 'forged' });
    expect(await screen.findByRole('alert')).toHaveTextContent('The identity token is not valid');
    expect(screen.queryByLabelText('Message')).not.toBeInTheDocument();
  });

  it('offers a guest chat only where the site allows it', async () => {
    let conversations: unknown[] = [];
    const server = setUp({ ...embed, guestChats: true })
      .on('GET', /^\/api\/conversations$/, () => json(200, conversations))
      .on('PUT', /^\/api\/conversations\/c9\/contact$/, (r) => json(200, r.body));
    const user = userEvent.setup();
    render(<WidgetApp siteId="site_1" />);
    await user.click(await screen.findByRole('button', { name: 'Chat as a guest' }));
    expect(await screen.findByLabelText('Message')).toBeInTheDocument();
    // a guest may leave an e-mail for a follow-up, kept on their conversation once there is one
    await user.type(screen.getByLabelText(/Your e-mail/), 'wanda@example.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Write your question first, then leave your e-mail here.')).toBeInTheDocument();
    conversations = [{ conversationId: 'c9', status: 'OPEN', createdAt: '2026-12-05T10:00:00Z' }];
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('Thank you: we will write to wanda@example.com if we need to follow up.'),
    ).toBeInTheDocument();
    expect(server.sent('PUT', /\/api\/conversations\/c9\/contact$/)[0]).toMatchObject({
      body: { email: 'wanda@example.com' },
      headers: { Authorization: 'Bearer tok-guest' },
    });
  });

  it('says so when the site is unknown', async () => {
    setUp();
    render(<WidgetApp siteId="nope" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('This chat is not available here.');
    expect(screen.queryByRole('button', { name: 'Chat as a guest' })).not.toBeInTheDocument();
  });
});
