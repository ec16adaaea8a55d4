import { useEffect } from 'react';
import type { Session } from '../api/types';
import { AgentsPage } from './AgentsPage';
import { KnowledgeBasePage } from './KnowledgeBasePage';

/** The administrator's pages, one chunk: the knowledge base (`#/knowledge`, the default) and the agents (`#/agents`). */
export function AdminApp({ session, route, onSignOut }: { session: Session; route: string; onSignOut: () => void }) {
  const agents = route === '/agents';
  useEffect(() => {
    document.title = `${agents ? 'Agents' : 'Knowledge base'} · SMART Support`;
    return () => {
      document.title = 'SMART Support';
    };
  }, [agents]);
  return agents ? (
    <AgentsPage session={session} onSignOut={onSignOut} />
  ) : (
    <KnowledgeBasePage session={session} onSignOut={onSignOut} />
  );
}
