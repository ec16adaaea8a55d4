import type { ActionView } from '../api/types';

/** A return the assistant proposed under reply r1, waiting for the customer. */
export const PROPOSED_RETURN: ActionView = {
  actionId: 'act_1',
  replyId: 'r1',
  kind: 'start_return',
  status: 'PROPOSED',
  title: 'Start a return',
  detail:
    'Return the SoundWave ANC Headphones from order ORD-80455 for a refund of USD 249.99 to your original payment method.',
  orderId: 'ORD-80455',
  cost: { amount: 6.95, currency: 'USD' },
  costNote: 'return shipping, deducted from your refund',
  result: null,
  proposedAt: '2026-12-05T10:00:00Z',
  decidedAt: null,
};

/** The same return, done. */
export const COMPLETED_RETURN: ActionView = {
  ...PROPOSED_RETURN,
  status: 'COMPLETED',
  result: 'Return RMA-7F3K2QZ1 started. Drop the parcel off by 19 December.',
  decidedAt: '2026-12-05T10:01:00Z',
};
