import { useEffect, useState } from 'react';
import { api } from '../api/http';

/** The signed-in customer's name for the greeting ('' until known, or when it cannot be had). */
export function useProfileName(token: string) {
  const [name, setName] = useState('');
  useEffect(() => {
    api<{ account?: { name?: string } }>('/api/profiles/me', { token })
      .then((p) => setName(p?.account?.name ?? ''))
      .catch(() => {}); // only a greeting: the chat works without it
  }, [token]);
  return name;
}
