import { useEffect } from 'react';
import { Toasts } from '../ui/Toasts';
import { AppFrame } from './AppFrame';
import { LoginScreen } from './LoginScreen';
import { restoreSession, useSession } from './session';

export function App() {
  const status = useSession((s) => s.status);
  useEffect(() => {
    void restoreSession();
  }, []);
  return (
    <>
      {status === 'checking' ? (
        <p className="empty" role="status">
          Starting Accord…
        </p>
      ) : status === 'signed-in' ? (
        <AppFrame />
      ) : (
        <LoginScreen />
      )}
      <Toasts />
    </>
  );
}
