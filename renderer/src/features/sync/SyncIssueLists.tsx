import { useLiveQuery } from 'dexie-react-hooks';
import { can, PERMISSION_REFUSALS } from '@shared/domain/staff/permissions';
import { outboxStatus, pendingOutboxOps, rejectedOutboxOps } from '../../store/outbox';
import type { StoreContext } from '../../store/store-context';
import { dismissSyncConflict, syncConflicts, type SyncConflict } from '../../store/sync-store';
import { syncMessage } from '../../sync/sync-message';
import { Button } from '../../ui/Button';
import { ConflictResolver } from './ConflictResolver';
import { opSummary } from './op-summary';

const SHOWN_PENDING = 50;

const CONFLICT_WORDS: Record<SyncConflict['kind'], string> = {
  'field-conflict': '同一居民的信息在其他窗口同时被修改，服务器暂按较晚的修改保存，请核对',
  'duplicate-document': '其他窗口登记了证件号码相同的居民，本机保留原记录，请核对后合并',
  'duplicate-case-number': '其他窗口的办件使用了本机已有的办件编号，请检查窗口编号设置',
  'unusable-record': '收到的一条记录不完整，暂未采用',
};

function time(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * What is waiting for the server, what it refused (with why), and what a lead must look at. A field conflict is
 * settled by a lead choosing the values (ConflictResolver), which the server and the other windows then take
 * over; a clerk sees it but may not settle it. The other kinds are only looked at and dismissed.
 */
export function SyncIssueLists({ ctx }: { ctx: StoreContext }) {
  const { db } = ctx;
  const mayResolve = can(ctx.workstation.role, 'sync.resolve-conflict');
  const status = useLiveQuery(() => outboxStatus(db), [db]);
  const pending = useLiveQuery(() => pendingOutboxOps(db, SHOWN_PENDING), [db]);
  const rejected = useLiveQuery(() => rejectedOutboxOps(db), [db]);
  const conflicts = useLiveQuery(() => syncConflicts(db), [db]);

  return (
    <>
      <section className="card" aria-labelledby="sync-pending-title">
        <h2 id="sync-pending-title">
          待上传 <span data-testid="sync-pending-count">{status?.pending ?? '…'}</span> 条
        </h2>
        {pending && pending.length > 0 ? (
          <ol className="sync-list" data-testid="sync-pending-list">
            {pending.map((op) => (
              <li key={op.seq}>
                <span className="sync-list__seq">#{op.seq}</span> {opSummary(op)} <span className="muted">{time(op.at)}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">没有待上传的记录。</p>
        )}
        {status && status.pending > SHOWN_PENDING ? <p className="muted">仅列出最早的 {SHOWN_PENDING} 条。</p> : null}
      </section>

      <section className="card" aria-labelledby="sync-rejected-title">
        <h2 id="sync-rejected-title">
          被服务器退回 <span data-testid="sync-rejected-count">{rejected?.length ?? '…'}</span> 条
        </h2>
        {rejected && rejected.length > 0 ? (
          <ol className="sync-list" data-testid="sync-rejected-list">
            {rejected.map((r) => (
              <li key={r.seq}>
                <span className="sync-list__seq">#{r.seq}</span> {opSummary(r.op)}
                <div className="sync-list__reason">
                  {syncMessage(r.code, r.details)} <span className="muted">错误代码：{r.code}</span>
                </div>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">没有被退回的记录。</p>
        )}
      </section>

      <section className="card" aria-labelledby="sync-conflicts-title">
        <h2 id="sync-conflicts-title">
          待值班长核对 <span data-testid="sync-conflict-count">{conflicts?.length ?? '…'}</span> 条
        </h2>
        {conflicts && conflicts.length > 0 ? (
          <ol className="sync-list" data-testid="sync-conflict-list">
            {conflicts.map((c) => (
              <li key={c.key} data-testid="sync-conflict">
                {CONFLICT_WORDS[c.kind]}
                <span className="muted"> {time(c.at)}</span>{' '}
                {c.kind !== 'field-conflict' ? (
                  <Button onClick={() => void dismissSyncConflict(db, c.key)}>已核对</Button>
                ) : mayResolve ? (
                  <ConflictResolver ctx={ctx} conflict={c} />
                ) : (
                  <p className="muted">{PERMISSION_REFUSALS['sync.resolve-conflict']}</p>
                )}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">没有需要核对的冲突。</p>
        )}
      </section>
    </>
  );
}
