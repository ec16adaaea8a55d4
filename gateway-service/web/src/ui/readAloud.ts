import { useCallback, useEffect, useState } from 'react';

export const canSpeak = () =>
  typeof window !== 'undefined' && 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';

const key = (subject: string) => `smart-support.readAloud.${subject}`;

/** The "read aloud" preference, remembered per user on this browser, and a speak() that honours it. */
export function useReadAloud(subject: string) {
  const [on, setOn] = useState<boolean>(() => {
    try {
      return canSpeak() && localStorage.getItem(key(subject)) === 'true';
    } catch {
      return false;
    }
  });
  useEffect(() => {
    try {
      localStorage.setItem(key(subject), String(on));
    } catch {
      // no storage: the choice lasts for this page
    }
    if (!on && canSpeak()) window.speechSynthesis.cancel();
  }, [on, subject]);
  useEffect(
    () => () => {
      if (canSpeak()) window.speechSynthesis.cancel();
    },
    [],
  );
  const speak = useCallback(
    (text: string) => {
      if (!on || !canSpeak() || !text.trim()) return;
      const plain = text.replace(/\s?\[\d{1,3}\]/g, '').replace(/[*`#>]/g, ''); // no "[1]" source markers spoken
      window.speechSynthesis.speak(new window.SpeechSynthesisUtterance(plain));
    },
    [on],
  );
  return { on, setOn, speak, supported: canSpeak() };
}
