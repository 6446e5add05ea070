import { useEffect } from 'react';
import { logout } from './logout';
import { confirmSession, useSession } from './session';

const recheckEveryMs = 30_000;

/**
 * While the agent works from a session restored offline (the cached profile), ask the server again whenever the
 * browser comes back online, and now and then in case it never said it was gone: if the session was revoked or
 * expired meanwhile, sign out properly (sync stopped, local UI state reset).
 */
export function useSessionConfirmation(): void {
  const confirmed = useSession((s) => s.confirmed);
  useEffect(() => {
    if (confirmed) return;
    let checking = false;
    let active = true;
    const check = async () => {
      if (checking) return;
      checking = true;
      try {
        if ((await confirmSession()) === 'refused' && active) await logout();
      } finally {
        checking = false;
      }
    };
    const onOnline = () => void check();
    window.addEventListener('online', onOnline);
    const timer = window.setInterval(onOnline, recheckEveryMs);
    return () => {
      active = false;
      window.removeEventListener('online', onOnline);
      window.clearInterval(timer);
    };
  }, [confirmed]);
}
