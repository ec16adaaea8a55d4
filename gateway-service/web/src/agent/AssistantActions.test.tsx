import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Escalation, Profile } from '../api/types';
import { COMPLETED_RETURN, PROPOSED_RETURN } from '../testing/actions';
import { fakeServer, json, withKnowledge } from '../testing/fakeServer';
import { AssistantActions } from './AssistantActions';
import { CasePanel } from './CasePanel';
import { ProfilePanel } from './ProfilePanel';

const escalation: Escalation = {
  id: 'esc_c1',
  conversationId: 'c1',
  customerId: 'cus_1',
  reason: 'customer_request',
  status: 'ASSIGNED',
  requestedAt: '2026-12-05T10:05:00Z',
};

const FAILED_PAUSE = {
  ...PROPOSED_RETURN,
  actionId: 'act_2',
  replyId: 'r2',
  kind: 'pause_subscription' as const,
  title: 'Pause your subscription',
  detail: 'Pause Premium for one month.',
  orderId: null,
  status: 'FAILED' as const,
  result: 'Your plan is already paused.',
  decidedAt: '2026-12-05T10:03:00Z',
};

const profile: Profile = {
  id: 'cus_1',
  account: { name: 'Carlos Diaz', email: 'carlos.diaz@example.com' },
  purchases: [
    {
      orderId: 'ORD-80455',
      product: 'SoundWave ANC Headphones',
      purchaseDate: '2026-11-20',
      returns: [
        {
          rma: 'RMA-7F3K2QZ1',
          status: 'REQUESTED',
          reason: 'Changed my mind',
          requestedAt: '2026-12-05T10:01:00Z',
          updatedAt: '2026-12-05T10:01:00Z',
        },
        {
          rma: 'RMA-2B9X',
          status: 'REFUNDED',
          reason: 'Faulty',
          requestedAt: '2026-11-25T09:00:00Z',
          updatedAt: '2026-12-01T09:00:00Z',
        },
      ],
    },
    { orderId: 'ORD-80456', product: 'SoundWave Buds', purchaseDate: '2026-11-28', returns: [] },
  ],
};

describe("the agent's view of what the assistant did", () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('lists the actions with their order, status, result and time, oldest first', () => {
    render(<AssistantActions actions={[COMPLETED_RETURN, FAILED_PAUSE, { ...PROPOSED_RETURN, actionId: 'act_3' }]} />);
    const section = screen.getByRole('region', { name: 'What the assistant did' });
    const items = within(within(section).getByRole('list')).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent('Start a return');
    expect(items[0]).toHaveTextContent('Done');
    expect(items[0]).toHaveTextContent(COMPLETED_RETURN.result!);
    expect(items[0]).toHaveTextContent('Order ORD-80455');
    expect(items[0].querySelector('time')).toHaveAttribute('dateTime', COMPLETED_RETURN.decidedAt);
    expect(items[1]).toHaveTextContent('Pause your subscription');
    expect(items[1]).toHaveTextContent('Failed');
    expect(items[1]).toHaveTextContent('Your plan is already paused.');
    expect(items[1]).not.toHaveTextContent('Order');
    expect(items[2]).toHaveTextContent('Waiting for the customer');
    expect(items[2].querySelector('time')).toHaveAttribute('dateTime', PROPOSED_RETURN.proposedAt);
  });

  it('shows nothing when the assistant proposed nothing', () => {
    const { container } = render(<AssistantActions actions={[]} />);
    expect(container).toBeEmptyDOMElement();
    render(<AssistantActions actions={undefined} />);
    expect(screen.queryByRole('region', { name: 'What the assistant did' })).toBeNull();
  });

  it('is part of the case, from the transcript in the hand-off packet', async () => {
    const server = fakeServer().on('GET', /\/api\/escalations\/esc_c1\/packet$/, () =>
      json(200, {
        escalation,
        profile,
        transcript: {
          conversationId: 'c1',
          status: 'WAITING_FOR_AGENT',
          messages: [{ messageId: 'm1', role: 'customer', text: 'I want to return my headphones' }],
          actions: [COMPLETED_RETURN],
        },
      }),
    );
    withKnowledge(server, [], 'AGENT');
    render(
      <CasePanel
        escalation={escalation}
        token="tok-lee"
        incoming={[]}
        canned={[]}
        onChanged={() => {}}
        onClosed={() => {}}
      />,
    );
    const section = await screen.findByRole('region', { name: 'What the assistant did' });
    expect(section).toHaveTextContent('Start a return');
    expect(section).toHaveTextContent(COMPLETED_RETURN.result!);
    const customer = screen.getByRole('complementary', { name: 'Customer' });
    expect(within(customer).getByText('Return RMA-7F3K2QZ1 — requested')).toBeInTheDocument();
  });

  it("shows each purchase's returns in the profile", () => {
    render(<ProfilePanel profile={profile} />);
    const returns = screen.getByRole('list', { name: 'Returns of ORD-80455' });
    const items = within(returns).getAllByRole('listitem');
    expect(items.map((li) => li.firstElementChild?.textContent)).toEqual([
      'Return RMA-7F3K2QZ1 — requested',
      'Return RMA-2B9X — refunded',
    ]);
    expect(items[0]).toHaveTextContent('Dec 5, 2026 · Changed my mind');
    // a purchase without returns has no list
    expect(screen.queryByRole('list', { name: 'Returns of ORD-80456' })).toBeNull();
    expect(screen.getAllByRole('list', { name: /^Returns of / })).toHaveLength(1);
  });
});
