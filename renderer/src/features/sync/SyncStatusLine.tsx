import type { IdleReason } from '../../sync/sync-events';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useSyncStatus } from './sync-status-store';

const IDLE_WORDS: Record<IdleReason, string> = {
  done: '已同步，等待下次同步',
  'outside-window': '等待下班后同步时段',
  manual: '手动同步模式：点击“立即同步”',
  offline: '网络未连接，联网后自动同步',
  'not-enrolled': '尚未登记到区级服务器',
  stopped: '同步已暂停，需处理下方问题',
  retrying: '同步失败，稍后自动重试',
};

function clock(ms: number): string {
  // Hall-local (UTC+8) wall time, as everywhere else in the app.
  return new Date(ms + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');
}

export function SyncStatusLine({ lastSuccess }: { lastSuccess: string | null }) {
  const s = useSyncStatus();
  const state =
    s.phase === 'pushing'
      ? `正在上传 ${s.sent} / ${s.total} 条`
      : s.phase === 'pulling'
        ? `正在接收，已接收 ${s.received} 条`
        : s.idleReason
          ? IDLE_WORDS[s.idleReason] + (s.nextRunAt ? `（${clock(s.nextRunAt)}）` : '')
          : '正在启动同步…';
  const success = s.lastSuccess ?? lastSuccess;
  return (
    <div className="sync-status" aria-live="polite">
      <p data-testid="sync-state">{state}</p>
      <p className="muted" data-testid="sync-last-success">
        上次成功同步：{success ? clock(Date.parse(success)) : '从未'}
      </p>
      {s.upgradeRequired ? (
        <p className="sync-page__warning" role="alert" data-testid="sync-upgrade">
          区级服务器要求升级本软件后才能继续同步，请联系技术支持安装新版本。本机数据不受影响，仍可继续办件。
        </p>
      ) : null}
      {s.error ? <ErrorNotice message={s.error.message} code={s.error.code} /> : null}
    </div>
  );
}
