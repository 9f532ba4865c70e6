import { useLiveQuery } from 'dexie-react-hooks';
import { maskName } from '@shared/domain/mask';
import { countCasesForDay } from '../../store/cases';
import { deskCases } from '../../store/intake-commands';
import { getResident } from '../../store/residents';
import type { StoreContext } from '../../store/store-context';
import { QUEUE_TAG_LABELS, QUEUE_TAG_TONE, STATUS_LABELS } from './case-labels';
import { deskCalendar, hallToday } from './case-reference';
import { useCasesUiStore } from './cases-ui-store';
import { buildQueue, matchesFilter, QUEUE_FILTER_LABELS, QUEUE_FILTERS, type QueueEntry } from './work-queue';

/**
 * The clerk's desk: today's cases and everything still open, filtered. Urgency is shown in words as well as
 * colour (超期, 临期 …), so it reads the same on a monochrome screen and to a colour-blind clerk.
 */
export function WorkQueue({ ctx, onOpen }: { ctx: StoreContext; onOpen: (caseId: string) => void }) {
  const today = hallToday(ctx.now);
  const filter = useCasesUiStore((s) => s.filter);
  const setFilter = useCasesUiStore((s) => s.setFilter);
  // The desk reads a page of each part (deskCases), not every open case; the day's total comes from the index.
  const desk = useLiveQuery(async () => {
    const [rows, todayTotal] = await Promise.all([deskCases(ctx.db, today), countCasesForDay(ctx.db, today)]);
    const residents = await Promise.all(rows.map((r) => getResident(ctx.db, r.residentId)));
    return { listed: rows.map((row, i) => ({ row, residentName: residents[i]?.name ?? null })), todayTotal };
  }, [ctx.db, today]);

  if (desk === undefined) return <p className="muted">正在读取办件…</p>;
  const { listed, todayTotal } = desk;
  const names = new Map(listed.map((l) => [l.row.id, l.residentName]));
  const queue = buildQueue(
    listed.map((l) => l.row),
    today,
    deskCalendar,
  );
  const who = { today, staffId: ctx.workstation.staffId };
  const shown = queue.filter((e) => matchesFilter(e, filter, who));

  return (
    <section className="card" aria-labelledby="work-queue-title">
      <h2 id="work-queue-title">办件（{today}）</h2>
      <div className="case-filters" role="group" aria-label="办件筛选">
        {QUEUE_FILTERS.map((f) => (
          <button key={f} type="button" className="button" aria-pressed={f === filter} onClick={() => setFilter(f)}>
            {QUEUE_FILTER_LABELS[f]}（{queue.filter((e) => matchesFilter(e, f, who)).length}）
          </button>
        ))}
      </div>
      {todayTotal > queue.filter((e) => e.row.day === today).length ? (
        <p className="muted">今日共 {todayTotal} 件，此处先列出其中一部分及最紧急的未办结件。</p>
      ) : null}
      {shown.length === 0 ? (
        <p className="muted">没有符合条件的办件。</p>
      ) : (
        <table className="case-table" aria-label={QUEUE_FILTER_LABELS[filter]}>
          <thead>
            <tr>
              <th scope="col">办件编号</th>
              <th scope="col">申请人</th>
              <th scope="col">事项</th>
              <th scope="col">状态</th>
              <th scope="col">办结期限</th>
              <th scope="col">提示</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <QueueRow key={e.row.id} entry={e} residentName={names.get(e.row.id) ?? null} onOpen={onOpen} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function QueueRow({ entry, residentName, onOpen }: { entry: QueueEntry; residentName: string | null; onOpen: (id: string) => void }) {
  const { row, tags, deadline } = entry;
  const urgent = tags.find((t) => QUEUE_TAG_TONE[t] === 'danger') ?? tags.find((t) => QUEUE_TAG_TONE[t] === 'warning');
  return (
    <tr className={urgent ? `case-row case-row--${QUEUE_TAG_TONE[urgent]}` : 'case-row'}>
      <td>
        <button type="button" className="case-link" onClick={() => onOpen(row.id)}>
          {row.caseNumber}
        </button>
      </td>
      {/* Masked: the desk list is visible to whoever stands behind the counter. */}
      <td>{residentName ? maskName(residentName) : '—'}</td>
      <td>{row.matterName}</td>
      <td>{STATUS_LABELS[row.status]}</td>
      <td>{deadline ?? (row.status === 'awaiting-supplement' ? '暂停计算' : '—')}</td>
      <td>
        {tags.map((t) => (
          <span key={t} className={`case-tag case-tag--${QUEUE_TAG_TONE[t]}`}>
            {QUEUE_TAG_LABELS[t]}
          </span>
        ))}
        {row.flags.includes('needs-follow-up') ? <span className="case-tag case-tag--danger">差评待回访</span> : null}
      </td>
    </tr>
  );
}
