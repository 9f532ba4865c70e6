import { useMemo, useState } from 'react';
import { isIsoDate } from '@shared/domain/calendar/iso-date';
import { dailyLogCsv, dailyLogFileName } from '@shared/domain/daily-log/daily-log-csv';
import { DailyLogShiftSchema, type DailyLogShift } from '@shared/domain/daily-log/hall-window';
import { messageFor } from '@shared/errors/messages.zh-CN';
import { BROWSER_SAVE_PDF_HINT, platform } from '../../platform/bridge';
import { withAudit } from '../../store/audit';
import type { StoreContext } from '../../store/store-context';
import { isStoreError, storeErrorMessage } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { DailyLogDocument } from '../../ui/daily-log/DailyLogDocument';
import { dailyLogAudit, type DailyLogOutput } from './daily-log-audit';
import { downloadText } from './download-text';
import { hallDateAt } from './lead-calendar';
import { SHIFT_PRESETS, useLeadUi, type ShiftChoice } from './lead-ui-store';
import { useDailyLog } from './use-lead-data';

const SHIFT_LABELS: Record<ShiftChoice, string> = {
  all: '全天',
  morning: '上午班 08:30–12:00',
  afternoon: '下午班 13:30–17:30',
  custom: '自定义时段',
};

/** Two frames: the status text is painted before `window.print()` blocks the page. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

type Props = { ctx: StoreContext; hall: { code: string; name: string } };

/** 工作日志: choose the day (and shift or counter), check it on screen as it will print, print / PDF / CSV. */
export function DailyLogPage({ ctx, hall }: Props) {
  const ui = useLeadUi();
  const today = hallDateAt(ctx.now());
  const date = ui.date !== null && isIsoDate(ui.date) ? ui.date : today;
  const shift: DailyLogShift | undefined = useMemo(() => {
    if (ui.shift !== 'custom') return SHIFT_PRESETS[ui.shift];
    const custom = { label: '自定义', ...ui.custom };
    return DailyLogShiftSchema.safeParse(custom).success ? custom : undefined;
  }, [ui.shift, ui.custom]);
  const customInvalid = ui.shift === 'custom' && shift === undefined;

  // The printed 值班长 is the one typed, else whoever is signed in here (the lead view needs the lead's permission).
  const lead = ui.lead.trim() !== '' ? ui.lead : (ctx.workstation.clerkName ?? '');
  const result = useDailyLog(ctx.db, hall, {
    date,
    ...(shift !== undefined ? { shift } : {}),
    ...(ui.workstationId !== null ? { workstationId: ui.workstationId } : {}),
    lead,
    extraNotes: ui.handoverNotes,
  });
  const log = result?.log;
  const [printedAt, setPrintedAt] = useState(() => new Date(ctx.now()).toISOString());
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);

  const stamp = async (text: string) => {
    setPrintedAt(new Date(ctx.now()).toISOString());
    setStatus({ text });
    await afterPaint();
  };

  // No audit row, no output: the log lists residents (masked) and every clerk's figures. A failed audit write
  // stops the print or export and says why.
  const audited = async <T,>(output: DailyLogOutput, run: () => Promise<T> | T): Promise<T | null> => {
    if (!log) return null;
    try {
      return await withAudit(ctx, dailyLogAudit(log, output), run);
    } catch (err) {
      if (!isStoreError(err)) throw err;
      setStatus({ text: `${storeErrorMessage(err.code)}（错误代码：${err.code}）`, error: true });
      return null;
    }
  };

  const print = async (mode: 'dialog' | 'silent') => {
    if (!log) return;
    await stamp('正在打印…');
    const result = await audited({ action: 'daily-log.print' }, () => platform.printCurrentView({ mode, pageSize: 'A4' }));
    if (result === null) return;
    if (!result.ok) return setStatus({ text: `${messageFor(result.code)}（错误代码：${result.code}）`, error: true });
    const outcome = result.value.outcome;
    setStatus({ text: outcome === 'cancelled' ? '已取消打印' : outcome === 'printed' ? '已打印工作日志' : '已打开打印对话框' });
  };

  const savePdf = async () => {
    if (!log) return;
    await stamp(platform.kind === 'browser' ? BROWSER_SAVE_PDF_HINT : '正在生成 PDF…');
    const result = await audited({ action: 'daily-log.export', format: 'pdf' }, () => platform.savePdf({ suggestedName: dailyLogFileName(log, 'pdf'), pageSize: 'A4' }));
    if (result === null) return;
    if (!result.ok) return setStatus({ text: `${messageFor(result.code)}（错误代码：${result.code}）`, error: true });
    const v = result.value;
    if (v.status === 'saved') setStatus({ text: `已保存 PDF：${v.path}` });
    else if (v.status === 'cancelled') setStatus({ text: '已取消保存' });
  };

  const exportCsv = async () => {
    if (!log) return;
    const name = dailyLogFileName(log, 'csv');
    const done = await audited({ action: 'daily-log.export', format: 'csv' }, () => {
      downloadText(name, dailyLogCsv(log), 'text/csv;charset=utf-8');
      return true;
    });
    if (done) setStatus({ text: `已导出：${name}` });
  };

  return (
    <section className="lead-log" aria-label="工作日志">
      <form className="lead-log__controls card no-print" aria-label="日志条件" onSubmit={(e) => e.preventDefault()}>
        <div className="form-row">
          <div className="form-field">
            <label className="form-field__label" htmlFor="lead-log-date">
              日期
            </label>
            <input id="lead-log-date" type="date" value={date} max={today} onChange={(e) => ui.set({ date: e.target.value === '' ? null : e.target.value })} />
          </div>
          <div className="form-field">
            <label className="form-field__label" htmlFor="lead-log-shift">
              班次
            </label>
            <select id="lead-log-shift" value={ui.shift} onChange={(e) => ui.set({ shift: e.target.value as ShiftChoice })}>
              {(Object.keys(SHIFT_LABELS) as ShiftChoice[]).map((s) => (
                <option key={s} value={s}>
                  {SHIFT_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          {ui.shift === 'custom' ? (
            <>
              <div className="form-field">
                <label className="form-field__label" htmlFor="lead-log-from">
                  开始
                </label>
                <input id="lead-log-from" type="time" value={ui.custom.from} onChange={(e) => ui.set({ custom: { ...ui.custom, from: e.target.value } })} />
              </div>
              <div className="form-field">
                <label className="form-field__label" htmlFor="lead-log-to">
                  结束
                </label>
                <input id="lead-log-to" type="time" value={ui.custom.to} onChange={(e) => ui.set({ custom: { ...ui.custom, to: e.target.value } })} />
              </div>
            </>
          ) : null}
          <div className="form-field">
            <label className="form-field__label" htmlFor="lead-log-counter">
              窗口
            </label>
            <select id="lead-log-counter" value={ui.workstationId ?? ''} onChange={(e) => ui.set({ workstationId: e.target.value === '' ? null : e.target.value })}>
              <option value="">全部窗口</option>
              {(log?.workstations ?? []).map((w) => (
                <option key={w.id} value={w.id}>
                  窗口 {w.code ?? w.id.slice(0, 8)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label className="form-field__label" htmlFor="lead-log-lead">
              值班长
            </label>
            <input id="lead-log-lead" value={ui.lead} maxLength={32} placeholder={ctx.workstation.clerkName ?? '打印后手写亦可'} onChange={(e) => ui.set({ lead: e.target.value })} />
          </div>
        </div>
        {customInvalid ? <p className="form-field__error">结束时间须晚于开始时间；暂按全天统计。</p> : null}
        <div className="form-field">
          <label className="form-field__label" htmlFor="lead-log-handover">
            交接班补充说明
          </label>
          <textarea id="lead-log-handover" rows={3} maxLength={2000} value={ui.handoverNotes} onChange={(e) => ui.set({ handoverNotes: e.target.value })} />
          <p className="form-field__hint">
            {result === undefined ? '正在读取交接班记录…' : result.handovers > 0 ? `已收录本日交接班记录 ${result.handovers} 条（来自"交接班"），补充说明印在其后。` : '本日没有交接班记录；补充说明会印在"交接班记录"一节。'}
          </p>
        </div>
        <div className="form-actions">
          <Button variant="primary" disabled={!log} onClick={() => void print('dialog')}>
            打印
          </Button>
          {platform.kind === 'electron' ? (
            <Button disabled={!log} onClick={() => void print('silent')}>
              直接打印（默认打印机）
            </Button>
          ) : null}
          <Button disabled={!log} onClick={() => void savePdf()}>
            保存 PDF
          </Button>
          <Button disabled={!log} onClick={() => void exportCsv()}>
            导出 CSV
          </Button>
        </div>
        {status ? (
          <p role="status" className={status.error ? 'lead-status lead-status--error' : 'lead-status'}>
            {status.text}
          </p>
        ) : null}
      </form>

      {log === undefined ? (
        <p className="muted" aria-busy="true">
          正在汇总…
        </p>
      ) : (
        <div className="lead-log__preview">
          <DailyLogDocument log={log} printedAt={printedAt} />
        </div>
      )}
    </section>
  );
}
