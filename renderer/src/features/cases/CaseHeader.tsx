import { maskIdNumber } from '@shared/domain/mask';
import { ID_DOCUMENT_TYPE_LABELS } from '@shared/domain/resident';
import { classifyForQueue } from '@shared/domain/case/overdue';
import type { StoreContext } from '../../store/store-context';
import { RATING_LABELS } from '@shared/domain/case/events';
import { HANDLING_LABELS, TRIAGE_CLASS_LABELS } from '@shared/domain/catalogue/matter';
import { QUEUE_TAG_LABELS, QUEUE_TAG_TONE, STATUS_LABELS } from './case-labels';
import { deskCalendar, hallToday } from './case-reference';
import { DeadlineText } from './DeadlineText';
import type { CaseData } from './use-case-data';

/** The facts of a case at a glance: number, state, who, what, by when, and what needs attention. */
export function CaseHeader({ ctx, data }: { ctx: StoreContext; data: CaseData }) {
  const { row, resident } = data;
  const { tags } = classifyForQueue(row, hallToday(ctx.now), deskCalendar);
  return (
    <dl className="case-facts">
      <dt>办件编号</dt>
      <dd data-testid="case-number">{row.caseNumber}</dd>
      <dt>状态</dt>
      <dd data-testid="case-status">
        {STATUS_LABELS[row.status]}
        {tags.map((t) => (
          <span key={t} className={`case-tag case-tag--${QUEUE_TAG_TONE[t]}`}>
            {QUEUE_TAG_LABELS[t]}
          </span>
        ))}
        {row.flags.includes('needs-follow-up') ? <span className="case-tag case-tag--danger">差评待回访</span> : null}
      </dd>
      <dt>申请人</dt>
      <dd>
        {resident ? (
          <>
            <span data-testid="case-resident-name">{resident.name}</span>（{ID_DOCUMENT_TYPE_LABELS[resident.document.type]}{' '}
            {maskIdNumber(resident.document.number)}）
          </>
        ) : (
          '居民信息未同步到本机'
        )}
      </dd>
      {row.agent ? (
        <>
          <dt>代办人</dt>
          <dd data-testid="case-agent">
            {row.agent.name}（{row.agent.relation}，{ID_DOCUMENT_TYPE_LABELS[row.agent.document.type]} {maskIdNumber(row.agent.document.number)}）
          </dd>
        </>
      ) : null}
      <dt>事项</dt>
      <dd>
        {row.matterName}（{row.matterCode}，{TRIAGE_CLASS_LABELS[row.triage]}，{HANDLING_LABELS[row.handling]}
        {row.handling === 'promised' ? ` ${row.timeLimitDays} 个工作日` : ''}）
      </dd>
      <dt>办结期限</dt>
      <dd data-testid="case-deadline">
        <DeadlineText state={row} />
      </dd>
      {row.forwardedTo ? (
        <>
          <dt>转办部门</dt>
          <dd>{row.forwardedTo}</dd>
        </>
      ) : null}
      {row.rating ? (
        <>
          <dt>评价</dt>
          <dd data-testid="case-rating">
            {RATING_LABELS[row.rating.level]}
            {row.rating.reason ? `：${row.rating.reason}` : ''}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
