import type { Profile, PurchaseReturn, ReturnStatus } from '../api/types';
import { formatDate } from '../ui/format';

const RETURN_STATUS: Record<ReturnStatus, string> = {
  REQUESTED: 'requested',
  LABEL_SENT: 'label sent',
  RECEIVED: 'received',
  REFUNDED: 'refunded',
};

/** What the agent needs to know about the customer at a glance. */
export function ProfilePanel({ profile }: { profile: Profile | null }) {
  if (!profile) {
    return (
      <aside className="profile" aria-label="Customer profile">
        <p className="muted">No profile to show.</p>
      </aside>
    );
  }
  const a = profile.account ?? {};
  const purchases = (profile.purchases ?? []).slice(0, 5);
  const history = [...(profile.supportHistory ?? [])]
    .sort((x, y) => (y.date ?? '').localeCompare(x.date ?? ''))
    .slice(0, 5);
  const prefs = profile.preferences;
  const sub = profile.subscription;
  return (
    <aside className="profile" aria-labelledby="profile-title">
      <h2 id="profile-title">Customer</h2>
      <dl className="facts">
        {a.name && (
          <>
            <dt>Name</dt>
            <dd>{a.name}</dd>
          </>
        )}
        {a.email && (
          <>
            <dt>Email</dt>
            <dd>{a.email}</dd>
          </>
        )}
        {a.accountNumber && (
          <>
            <dt>Account</dt>
            <dd>{a.accountNumber}</dd>
          </>
        )}
        {a.tier && (
          <>
            <dt>Tier</dt>
            <dd>{a.tier}</dd>
          </>
        )}
        {a.location && (
          <>
            <dt>Location</dt>
            <dd>{a.location}</dd>
          </>
        )}
        {a.language && (
          <>
            <dt>Language</dt>
            <dd>{a.language}</dd>
          </>
        )}
        {sub?.plan && (
          <>
            <dt>Plan</dt>
            <dd>
              {sub.plan}
              {sub.status ? ` (${sub.status})` : ''}
              {sub.renewsOn ? `, renews ${formatDate(sub.renewsOn)}` : ''}
            </dd>
          </>
        )}
        {prefs?.contactChannel && (
          <>
            <dt>Contact by</dt>
            <dd>{prefs.contactChannel}</dd>
          </>
        )}
        {!!prefs?.accessibility?.length && (
          <>
            <dt>Accessibility</dt>
            <dd>{prefs.accessibility.join(', ')}</dd>
          </>
        )}
        {!!prefs?.interests?.length && (
          <>
            <dt>Interests</dt>
            <dd>{prefs.interests.join(', ')}</dd>
          </>
        )}
      </dl>
      <h3>Recent purchases</h3>
      {purchases.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="cards">
          {purchases.map((p, i) => (
            <li key={p.orderId ?? i}>
              <strong>
                {p.product}
                {p.model ? ` ${p.model}` : ''}
              </strong>
              <span className="muted small">
                {[p.orderId, formatDate(p.purchaseDate), p.shippingStatus ?? p.orderStatus].filter(Boolean).join(' · ')}
              </span>
              {p.warrantyEnd && <span className="small">Warranty until {formatDate(p.warrantyEnd)}</span>}
              {!!p.returns?.length && <Returns orderId={p.orderId} returns={p.returns} />}
              {p.specs && Object.keys(p.specs).length > 0 && (
                <span className="small">
                  {Object.entries(p.specs)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join(', ')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>Support history</h3>
      {history.length === 0 ? (
        <p className="muted">No earlier cases.</p>
      ) : (
        <ul className="cards">
          {history.map((c, i) => (
            <li key={c.caseId ?? i}>
              <strong>{c.issue}</strong>
              <span className="small">{c.resolution}</span>
              <span className="muted small">
                {[formatDate(c.date), c.csat != null ? `rated ${c.csat}/5` : null].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

/** A purchase's returns: "Return RMA-7F3K2QZ1 — requested", then when and why. */
function Returns({ orderId, returns }: { orderId?: string; returns: PurchaseReturn[] }) {
  return (
    <ul className="returns" aria-label={orderId ? `Returns of ${orderId}` : 'Returns'}>
      {returns.map((r, i) => (
        <li key={r.rma ?? i} className="small">
          <span>
            Return {r.rma} — {RETURN_STATUS[r.status] ?? r.status}
          </span>
          {(r.requestedAt || r.reason) && (
            <span className="muted">
              {' · '}
              {[formatDate(r.requestedAt), r.reason].filter(Boolean).join(' · ')}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
