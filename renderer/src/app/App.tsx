import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { SetupView } from '../features/setup/SetupView';
import { readWorkstationConfig, storeContextFor } from '../store/workstation';
import { appClock, appDb } from './app-db';
import { AppShell } from './AppShell';

export function App() {
  // null: not set up yet; undefined: still reading.
  const config = useLiveQuery(() => readWorkstationConfig(appDb), []);
  const ctx = useMemo(() => (config ? storeContextFor(appDb, appClock, config) : null), [config]);

  if (config === undefined) {
    return (
      <main className="app-loading" aria-busy="true">
        正在打开本机数据…
      </main>
    );
  }
  if (config === null || ctx === null) return <SetupView db={appDb} clock={appClock} />;
  return <AppShell ctx={ctx} config={config} />;
}
