import type { PendingLine } from '@shared/domain/daily-log/daily-log';
import { QUEUE_TAG_LABELS, STATUS_LABELS } from '@shared/domain/daily-log/daily-log-labels';
import { ratePercent, type Rate } from '@shared/domain/daily-log/service-rates';
import { RATING_LABELS } from '@shared/domain/case/events';
import type { HallBoard as HallBoardModel } from '@shared/domain/hall-board/hall-board';

function RateFigure({ label, rate, hint }: { label: string; rate: Rate; hint: string }) {
  const pct = ratePercent(rate);
  return (
    <div className="lead-figure" title={hint}>
      <span className="lead-figure__label">{label}</span>
      <span className="lead-figure__value">{pct === null ? '—' : `${pct.toFixed(1)}%`}</span>
      <span className="lead-figure__sub">
        {rate.numerator}/{rate.denominator}
      </span>
    </div>
  );
}

function Figure({ label, value, tone }: { label: string; value: number | string; tone?: 'warn' | 'bad' }) {
  return (
    <div className={`lead-figure${tone ? ` lead-figure--${tone}` : ''}`}>
      <span className="lead-figure__label">{label}</span>
      <span className="lead-figure__value">{value}</span>
    </div>
  );
}

function CaseList({ title, lines, empty }: { title: string; lines: readonly PendingLine[]; empty: string }) {
  return (
    <section className="lead-list card" aria-label={title}>
      <h3>
        {title} <span className="lead-count">{lines.length}</span>
      </h3>
      {lines.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul>
          {lines.slice(0, 50).map((l) => (
            <li key={l.caseId}>
              <span className="lead-code">{l.caseNumber}</span> {l.residentName} · {l.matterName} · {STATUS_LABELS[l.status]}
              {l.deadline !== null ? ` · 期限 ${l.deadline}` : ''}
              {l.tags.length > 0 ? ` · ${l.tags.map((t) => QUEUE_TAG_LABELS[t]).join('、')}` : ''}
            </li>
          ))}
          {lines.length > 50 ? <li className="muted">另有 {lines.length - 50} 件，见工作日志。</li> : null}
        </ul>
      )}
    </section>
  );
}

/** 大厅看板: today at a glance for the 值班长. Read-only; every figure is from the local store. */
export function HallBoard({ board }: { board: HallBoardModel }) {
  const { today, sync } = board;
  return (
    <div className="lead-board">
      <section className="lead-figures card" aria-label="今日概况">
        <Figure label="今日受理" value={today.received} />
        <Figure label="今日办结" value={today.completed} />
        <RateFigure label="即办率" rate={today.immediateRate} hint="当日受理并受理成功的办件中，当日办结的比例" />
        <RateFigure label="最多跑一次" rate={today.oneVisitRate} hint="当日受理的政务、居务办件中，无补正、当日受理、即办件当日办结的比例" />
        <Figure label="超期" value={board.overdue.length} tone={board.overdue.length > 0 ? 'bad' : undefined} />
        <Figure label="临期" value={board.dueSoon.length} tone={board.dueSoon.length > 0 ? 'warn' : undefined} />
        <Figure label="待同步" value={sync === null ? '…' : sync.pending} tone={sync !== null && sync.rejected > 0 ? 'bad' : undefined} />
      </section>

      {board.unresolved.length > 0 ? (
        <p className="error-notice" role="alert">
          有 {board.unresolved.length} 件办件的记录不全，暂未计入看板；同步后会自动补上。
        </p>
      ) : null}

      <section className="card" aria-label="窗口">
        <h3>窗口</h3>
        {board.counters.length === 0 ? (
          <p className="muted">今天还没有窗口办理业务。</p>
        ) : (
          <table className="lead-table">
            <thead>
              <tr>
                <th scope="col">窗口</th>
                <th scope="col">办事员（最近一次操作）</th>
                <th scope="col">最近操作</th>
                <th scope="col">今日操作</th>
                <th scope="col">今日受理</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {board.counters.map((c) => (
                <tr key={c.workstationId}>
                  <td>{c.code ?? c.workstationId.slice(0, 8)}</td>
                  <td>{c.clerkName}</td>
                  <td>{c.lastTime}</td>
                  <td>{c.events}</td>
                  <td>{c.received}</td>
                  <td>{c.idle ? <span className="muted">30 分钟无操作</span> : '在岗'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div className="lead-lists">
        <CaseList title="超期" lines={board.overdue} empty="没有超期办件。" />
        <CaseList title="一个工作日内到期" lines={board.dueSoon} empty="没有临期办件。" />
        <CaseList title="待补正" lines={board.awaitingSupplement} empty="没有等待补正的办件。" />
        <CaseList title="容缺材料到期" lines={board.deferralDue} empty="没有到期的容缺材料。" />
        <section className="lead-list card" aria-label="差评待整改">
          <h3>
            差评待整改 <span className="lead-count">{board.followUps.length}</span>
          </h3>
          {board.followUps.length === 0 ? (
            <p className="muted">没有差评。</p>
          ) : (
            <ul>
              {board.followUps.map((f) => (
                <li key={f.caseId}>
                  <span className="lead-code">{f.caseNumber}</span> {RATING_LABELS[f.level]} · {f.clerkName} · {f.reason ?? '未填原因'}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="lead-list card" aria-label="本机同步">
          <h3>本机同步</h3>
          {sync === null ? (
            <p className="muted">正在读取…</p>
          ) : (
            <p>
              待同步 {sync.pending} 条{sync.rejected > 0 ? <span className="lead-bad">，被退回 {sync.rejected} 条，请到"同步"处理</span> : '，无被退回记录'}。
            </p>
          )}
          <p className="muted">看板只显示本机已有的记录：其他窗口的办件要同步到本机后才会出现。</p>
        </section>
      </div>
    </div>
  );
}
