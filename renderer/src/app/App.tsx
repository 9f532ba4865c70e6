import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { SessionGate } from '../features/auth/SessionGate';
import { useSession } from '../features/auth/session-store';
import { FirstAdminView } from '../features/setup/FirstAdminView';
import { SetupView } from '../features/setup/SetupView';
import { needsAdminAccount } from '../store/staff';
import { readWorkstationConfig, storeContextFor } from '../store/workstation';
import { appClock, appDb } from './app-db';
import { AppShell } from './AppShell';

export function App() {
  // null: not set up yet; undefined: still reading.
  const config = useLiveQuery(() => readWorkstationConfig(appDb), []);
  // The workstation's own context; the app gets the signed-in session's (SessionGate).
  const base = useMemo(() => (config ? storeContextFor(appDb, appClock, config) : null), [config]);
  const hallCode = config?.hallCode;
  const needsAdmin = useLiveQuery(async () => (hallCode ? needsAdminAccount(appDb, hallCode) : null), [hallCode]);
  const startSession = useSession((s) => s.signIn);

  if (config === undefined || (config !== null && needsAdmin === undefined)) {
    return (
      <main className="app-loading" aria-busy="true">
        正在打开本机数据…
      </main>
    );
  }
  if (config === null || base === null) return <SetupView db={appDb} clock={appClock} onSetUp={startSession} />;
  if (needsAdmin) return <FirstAdminView base={base} onCreated={startSession} />;
  return <SessionGate base={base} config={config}>{(ctx) => <AppShell ctx={ctx} config={config} />}</SessionGate>;
}
