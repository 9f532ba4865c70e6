import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { can, PERMISSION_REFUSALS } from '@shared/domain/staff/permissions';
import type { StoreContext } from '../../store/store-context';
import { readLastSyncSuccess, readSyncDevice, readSyncSettings } from '../../store/sync-store';
import type { SyncNowReply } from '../../sync/sync-handlers';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { EnrollForm } from './EnrollForm';
import { SyncIssueLists } from './SyncIssueLists';
import { SyncSettingsForm } from './SyncSettingsForm';
import { SyncStatusLine } from './SyncStatusLine';
import { syncSettingsText } from './sync-modes';
import type { SyncRuntime } from './sync-runtime';
import { useSyncStatus } from './sync-status-store';
import './sync.css';

/** `ctx`: the signed-in session (its role decides what may be changed here; a lead settles conflicts with it).
 * Enrolment and the sync settings are workstation settings (`settings.change`: leads and admins); everyone sees
 * the status and may press 立即同步. */
type SyncPageProps = { ctx: StoreContext; runtime: SyncRuntime };

/** Answers after which only a new enrolment helps. */
const CREDENTIAL_PROBLEMS: ReadonlySet<string> = new Set(['sync/credential-expired', 'sync/credential-revoked', 'sync/unauthenticated']);

/** 同步: the credential, when and how to sync, 立即同步, and what is waiting, refused or in conflict. */
export function SyncPage({ ctx, runtime }: SyncPageProps) {
  const { db } = ctx;
  const mayChange = can(ctx.workstation.role, 'settings.change');
  const device = useLiveQuery(() => readSyncDevice(db), [db]);
  const errorCode = useSyncStatus((s) => s.error?.code ?? null);
  const [reenrolAsked, setReenrolAsked] = useState(false);
  const [openedAt] = useState(() => ctx.now());
  // Expired by date, or the server said so: offer the form again; the worker sends the old credential along.
  const credentialLost = !!device && (Date.parse(device.expiresAt) <= openedAt || (errorCode !== null && CREDENTIAL_PROBLEMS.has(errorCode)));
  const settings = useLiveQuery(() => readSyncSettings(db), [db]);
  const lastSuccess = useLiveQuery(() => readLastSyncSuccess(db), [db]);
  const [running, setRunning] = useState(false);
  const [reply, setReply] = useState<SyncNowReply | null>(null);

  async function syncNow() {
    setRunning(true);
    setReply(null);
    try {
      setReply(await runtime.connection.send('sync/now'));
    } catch {
      setReply({ ok: false, code: 'internal/unexpected', message: '同步程序未响应，请重新打开本软件' });
    } finally {
      setRunning(false);
    }
  }

  return (
    <div className="sync-page">
      <section className="card" aria-labelledby="sync-status-title">
        <h2 id="sync-status-title">同步状态</h2>
        <SyncStatusLine lastSuccess={lastSuccess ?? null} />
        <div className="sync-page__actions">
          <Button variant="primary" onClick={() => void syncNow()} disabled={running || !device} data-testid="sync-now">
            {running ? '正在同步…' : '立即同步'}
          </Button>
          {reply?.ok ? (
            <span className="success-notice" role="status" data-testid="sync-now-result">
              同步完成：上传 {reply.pushed} 条，接收 {reply.pulled} 条
            </span>
          ) : null}
        </div>
        {reply && !reply.ok ? <ErrorNotice message={reply.message} code={reply.code} /> : null}
      </section>

      <section className="card" aria-labelledby="sync-device-title">
        <h2 id="sync-device-title">区级服务器登记</h2>
        {device === undefined ? null : device ? (
          <div data-testid="sync-device">
            <p>
              已登记到 <strong>{device.serverUrl}</strong>（大厅 {device.hallCode}
              {device.workstationCode ? ` · 窗口 ${device.workstationCode}` : ''}），凭据有效期至 {device.expiresAt.slice(0, 10)}。
            </p>
            {device.secretIn === 'meta' ? (
              <p className="sync-page__warning" data-testid="sync-browser-mode">
                浏览器模式：凭据未加密保存。正式使用请安装桌面客户端。
              </p>
            ) : null}
            {credentialLost ? (
              <p className="sync-page__warning" data-testid="sync-reenrol-needed">
                同步凭据已失效，请向区级管理员索取新的登记码重新登记{mayChange ? '' : '（须由值班长登记）'}。
              </p>
            ) : null}
            {!mayChange ? null : credentialLost || reenrolAsked ? (
              <EnrollForm runtime={runtime} reenrol initialServerUrl={device.serverUrl} onDone={() => setReenrolAsked(false)} />
            ) : (
              <Button onClick={() => setReenrolAsked(true)}>重新登记</Button>
            )}
          </div>
        ) : mayChange ? (
          <EnrollForm runtime={runtime} />
        ) : (
          <p className="muted" data-testid="sync-not-enrolled">
            本机尚未登记到区级服务器。{PERMISSION_REFUSALS['settings.change']}，请值班长登记。
          </p>
        )}
      </section>

      {settings ? (
        <section className="card" aria-labelledby="sync-settings-title">
          <h2 id="sync-settings-title">同步方式</h2>
          {mayChange ? (
            <SyncSettingsForm runtime={runtime} settings={settings} />
          ) : (
            <p data-testid="sync-settings-readonly">
              {syncSettingsText(settings)}
              <span className="muted">（{PERMISSION_REFUSALS['settings.change']}）</span>
            </p>
          )}
        </section>
      ) : null}

      <SyncIssueLists ctx={ctx} />
    </div>
  );
}
