import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { YizhanDb } from '../../store/schema';
import { readLastSyncSuccess, readSyncDevice, readSyncSettings } from '../../store/sync-store';
import type { SyncNowReply } from '../../sync/sync-handlers';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { EnrollForm } from './EnrollForm';
import { SyncIssueLists } from './SyncIssueLists';
import { SyncSettingsForm } from './SyncSettingsForm';
import { SyncStatusLine } from './SyncStatusLine';
import type { SyncRuntime } from './sync-runtime';
import './sync.css';

type SyncPageProps = { db: YizhanDb; runtime: SyncRuntime };

/** 同步: the credential, when and how to sync, 立即同步, and what is waiting, refused or in conflict. */
export function SyncPage({ db, runtime }: SyncPageProps) {
  const device = useLiveQuery(() => readSyncDevice(db), [db]);
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
          </div>
        ) : (
          <EnrollForm runtime={runtime} />
        )}
      </section>

      {settings ? (
        <section className="card" aria-labelledby="sync-settings-title">
          <h2 id="sync-settings-title">同步方式</h2>
          <SyncSettingsForm runtime={runtime} settings={settings} />
        </section>
      ) : null}

      <SyncIssueLists db={db} />
    </div>
  );
}
