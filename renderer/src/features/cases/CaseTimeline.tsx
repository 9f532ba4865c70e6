import type { CaseEvent } from '@shared/domain/case/events';
import type { CaseState } from '@shared/domain/case/reducer';
import { EVENT_LABELS, eventDetail, hallTime } from './case-labels';

/** Every event of the case in the order the reducer applied it, and any it refused, marked as such. */
export function CaseTimeline({ state, events }: { state: CaseState; events: readonly CaseEvent[] }) {
  const byId = new Map(events.map((e) => [e.id, e]));
  return (
    <section aria-labelledby="case-timeline-title" className="case-timeline">
      <h3 id="case-timeline-title">办理记录</h3>
      <ol aria-label="办理记录">
        {state.history.map((h) => {
          const event = byId.get(h.eventId);
          return (
            <li key={h.eventId}>
              <span className="case-timeline__time">{hallTime(h.at)}</span>
              <strong>{EVENT_LABELS[h.type]}</strong>
              <span className="case-timeline__detail">{event ? eventDetail(event) : ''}</span>
              <span className="muted">{h.actorName ?? h.actor}</span>
            </li>
          );
        })}
        {state.rejected.map((r) => (
          <li key={`rejected-${r.eventId}`} className="case-timeline__rejected">
            <span className="case-timeline__time">{hallTime(r.at)}</span>
            <strong>{EVENT_LABELS[r.type]}（未生效）</strong>
            <span className="case-timeline__detail">错误代码：{r.code}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
