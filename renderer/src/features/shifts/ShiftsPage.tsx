import { zodResolver } from '@hookform/resolvers/zod';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { hallDateOf } from '@shared/domain/case/hall-date';
import { can } from '@shared/domain/staff/permissions';
import type { HandoverRow } from '../../store/rows';
import {
  acknowledgeHandover,
  currentShiftOf,
  endShift,
  handoversForDay,
  hallTime,
  HANDOVER_NOTE_MAX,
  openCasesAtWindow,
  pendingHandovers,
  previousDay,
  shiftsForDay,
  startShift,
} from '../../store/shifts';
import { isoAt, type StoreContext } from '../../store/store-context';
import { failureOf } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField, fieldAria } from '../../ui/FormField';
import { HandoverFormSchema, type HandoverFormValues } from './handover-form';
import './shifts.css';

type Props = { ctx: StoreContext };
type Failure = { message: string; code: string } | null;

/**
 * 交接班: the signed-in staff member starts and ends their shift here (错时轮班), writing the handover note at the
 * end; everyone sees today's shifts; leads acknowledge pending handovers (接班确认).
 */
export function ShiftsPage({ ctx }: Props) {
  const today = hallDateOf(isoAt(ctx.now()));
  return (
    <div className="shifts-page">
      <MyShift ctx={ctx} today={today} />
      <PendingHandovers ctx={ctx} today={today} />
      <TodayShifts ctx={ctx} today={today} />
      <TodayHandovers ctx={ctx} today={today} />
    </div>
  );
}

type DayProps = Props & { today: string };

function MyShift({ ctx, today }: DayProps) {
  const staffId = ctx.workstation.staffId;
  // `null` once read and absent, so "not on shift" is not confused with "still loading".
  const shift = useLiveQuery(async () => (await currentShiftOf(ctx.db, today, staffId)) ?? null, [ctx.db, today, staffId]);
  const [failure, setFailure] = useState<Failure>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    setFailure(null);
    setStatus(null);
    try {
      const row = await startShift(ctx);
      setStatus(`已开始上班：${hallTime(row.startedAt)}`);
    } catch (err) {
      setFailure(failureOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="shifts-mine-title">
      <h2 id="shifts-mine-title">我的班次</h2>
      {shift === undefined ? null : shift === null ? (
        <>
          <p data-testid="my-shift-status">{ctx.workstation.clerkName}：未在班</p>
          <div className="form-actions">
            <Button variant="primary" disabled={busy} onClick={() => void start()}>
              开始上班
            </Button>
          </div>
        </>
      ) : (
        <>
          <p data-testid="my-shift-status">
            {ctx.workstation.clerkName}：上班中（{hallTime(shift.startedAt)} 起，窗口 {shift.workstationCode ?? ''}）
          </p>
          <HandoverForm ctx={ctx} today={today} onDone={(message) => setStatus(message)} />
        </>
      )}
      {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
      {status ? (
        <p role="status" className="success-notice">
          {status}
        </p>
      ) : null}
    </section>
  );
}

function HandoverForm({ ctx, today, onDone }: DayProps & { onDone: (message: string) => void }) {
  const open = useLiveQuery(() => openCasesAtWindow(ctx.db, today, ctx.workstation.workstationCode), [ctx.db, today, ctx.workstation.workstationCode]);
  const [failure, setFailure] = useState<Failure>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<HandoverFormValues>({ resolver: zodResolver(HandoverFormSchema), defaultValues: { note: '' } });

  const submit = async (values: HandoverFormValues) => {
    setFailure(null);
    try {
      const handover = await endShift(ctx, { note: values.note });
      onDone(`已结束上班并交班：${hallTime(handover.at)}，等待值班长确认接班`);
    } catch (err) {
      setFailure(failureOf(err));
    }
  };

  const noteError = errors.note?.message;
  return (
    <form aria-label="交接班记录" onSubmit={(e) => void handleSubmit(submit)(e)} noValidate>
      <h3>交接班记录</h3>
      <p data-testid="handover-open-cases">
        本窗口今日未办结办件：{open === undefined ? '…' : `${open.count} 件`}
        {open && open.caseNumbers.length > 0 ? `（${open.caseNumbers.join('、')}${open.count > open.caseNumbers.length ? ' 等' : ''}）` : null}
      </p>
      <FormField id="handover-note" label="需关注事项" required error={noteError} hint={`交给下一班的提醒，如待补正的居民、设备故障；最多 ${HANDOVER_NOTE_MAX} 字`}>
        <textarea rows={4} maxLength={HANDOVER_NOTE_MAX} {...fieldAria('handover-note', noteError, true)} {...register('note')} />
      </FormField>
      {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={isSubmitting}>
          结束上班并交班
        </Button>
      </div>
    </form>
  );
}

function TodayShifts({ ctx, today }: DayProps) {
  const shifts = useLiveQuery(() => shiftsForDay(ctx.db, today), [ctx.db, today]);
  return (
    <section className="card" aria-labelledby="shifts-today-title">
      <h2 id="shifts-today-title">今日班次</h2>
      {shifts === undefined ? null : shifts.length === 0 ? (
        <p className="muted">今天还没有人开始上班。</p>
      ) : (
        <table className="shifts-table" aria-label="今日班次">
          <thead>
            <tr>
              <th scope="col">姓名</th>
              <th scope="col">窗口</th>
              <th scope="col">上班</th>
              <th scope="col">下班</th>
            </tr>
          </thead>
          <tbody>
            {shifts.map((s) => (
              <tr key={s.id}>
                <td>{s.staffName}</td>
                <td>{s.workstationCode ?? ''}</td>
                <td>{hallTime(s.startedAt)}</td>
                <td>{s.endedAt === undefined ? '上班中' : hallTime(s.endedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PendingHandovers({ ctx, today }: DayProps) {
  // Yesterday's too: the evening shift's handover is acknowledged by the next morning's lead.
  const pending = useLiveQuery(() => pendingHandovers(ctx.db, previousDay(today)), [ctx.db, today]);
  const isLead = can(ctx.workstation.role, 'lead.view');
  const [failure, setFailure] = useState<Failure>(null);

  const acknowledge = async (id: string) => {
    setFailure(null);
    try {
      await acknowledgeHandover(ctx, id);
    } catch (err) {
      setFailure(failureOf(err));
    }
  };

  return (
    <section className="card" aria-labelledby="shifts-pending-title">
      <h2 id="shifts-pending-title">待接班确认</h2>
      {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
      {pending === undefined ? null : pending.length === 0 ? (
        <p className="muted">没有待确认的交接班记录。</p>
      ) : (
        <ul className="shifts-handovers" aria-label="待接班确认">
          {pending.map((h) => (
            <li key={h.id}>
              <HandoverSummary handover={h} />
              {isLead ? (
                <Button variant="primary" aria-label={`确认接班：${h.staffName} ${hallTime(h.at)}`} onClick={() => void acknowledge(h.id)}>
                  确认接班
                </Button>
              ) : (
                <p className="muted">等待值班长确认接班</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TodayHandovers({ ctx, today }: DayProps) {
  const handovers = useLiveQuery(() => handoversForDay(ctx.db, today), [ctx.db, today]);
  const done = handovers?.filter((h) => h.acknowledgedAt !== undefined);
  return (
    <section className="card" aria-labelledby="shifts-acknowledged-title">
      <h2 id="shifts-acknowledged-title">今日已接班</h2>
      {done === undefined ? null : done.length === 0 ? (
        <p className="muted">今天还没有已确认的交接班记录。</p>
      ) : (
        <ul className="shifts-handovers" aria-label="今日已接班">
          {done.map((h) => (
            <li key={h.id}>
              <HandoverSummary handover={h} />
              <p>
                已由 {h.acknowledgedByName} 于 {hallTime(h.acknowledgedAt ?? h.at)} 确认接班
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function HandoverSummary({ handover: h }: { handover: HandoverRow }) {
  return (
    <div className="shifts-handover">
      <p>
        <strong>{h.staffName}</strong> {h.day} {hallTime(h.at)} 交班 · 未办结办件 {h.openCaseCount} 件
        {h.openCaseNumbers.length > 0 ? `（${h.openCaseNumbers.join('、')}${h.openCaseCount > h.openCaseNumbers.length ? ' 等' : ''}）` : ''}
      </p>
      <p className="shifts-handover__note">需关注事项：{h.note || '无'}</p>
    </div>
  );
}
