import { useLiveQuery } from 'dexie-react-hooks';
import { outboxStatus } from '../store/outbox';
import type { YizhanDb } from '../store/schema';
import type { WorkstationConfig } from '../store/workstation-config';

/** `staffName`: who is signed in (the session); the name given at setup only when there is none. */
type StatusLineProps = { db: YizhanDb; config: WorkstationConfig; staffName?: string | undefined };

export function StatusLine({ db, config, staffName }: StatusLineProps) {
  const status = useLiveQuery(() => outboxStatus(db), [db]);
  return (
    <footer className="status-line" aria-label="状态栏">
      <span data-testid="status-workstation">
        {config.hallCode} · 窗口 {config.workstationCode}
      </span>
      <span data-testid="status-clerk">办事员：{staffName ?? config.clerkName}</span>
      <span data-testid="status-outbox" className={status && status.pending > 0 ? 'status-line__pending' : undefined}>
        {status === undefined ? '待同步 … 条' : `待同步 ${status.pending} 条`}
      </span>
      {status && status.rejected > 0 ? (
        <span data-testid="status-rejected" className="status-line__rejected">
          被退回 {status.rejected} 条
        </span>
      ) : null}
    </footer>
  );
}
