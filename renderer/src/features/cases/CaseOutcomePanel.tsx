import { useRef } from 'react';
import type { CaseState } from '@shared/domain/case/reducer';
import type { StoreContext } from '../../store/store-context';
import { Button } from '../../ui/Button';
import type { CaseDocumentKind } from '../../ui/documents/CaseDocument';
import type { PrintableHall } from '../../ui/documents/view-model';
import { availableActions } from './case-actions';
import { RATING_LABELS } from '@shared/domain/case/events';
import { chineseDate } from './case-labels';
import { DocumentsPanel } from './DocumentsPanel';
import { printableOf } from './printable';
import { RatingPanel } from './RatingPanel';
import { useCaseData } from './use-case-data';
import './cases.css';

type Props = { ctx: StoreContext; hall: PrintableHall; caseId: string; onNext: () => void; onOpenCase: (caseId: string) => void };

function headline(state: CaseState): string {
  switch (state.status) {
    case 'completed':
      return '已受理并办结（即办件）';
    case 'accepted':
      return state.deadline ? `已受理，承诺办结日期：${chineseDate(state.deadline)}` : '已受理';
    case 'awaiting-supplement':
      return '已出具一次性告知书，待补正（期限暂停计算）';
    case 'deferred':
      return `已容缺受理，容缺材料须于 ${chineseDate(state.deferral?.dueDate ?? '')} 前补交`;
    case 'refused':
      return '已出具不予受理告知书';
    case 'referred':
      return '已登记引导（首问负责制）';
    case 'forwarded':
      return '已转办';
    case 'received':
      return '已收件';
    case 'cancelled':
      return '已撤销';
  }
}

/** The document the decision just produced, offered first. */
function documentFor(state: CaseState): CaseDocumentKind {
  switch (state.status) {
    case 'awaiting-supplement':
      return 'notice';
    case 'deferred':
      return 'deferral';
    case 'refused':
      return 'refusal';
    case 'referred':
      return 'referral';
    default:
      return 'receipt';
  }
}

/**
 * What the counter shows right after an intake is recorded: the result, the right document ready to print (focus
 * on its print button, so Enter prints), the rating when the service is finished, and "下一位居民".
 */
export function CaseOutcomePanel({ ctx, hall, caseId, onNext, onOpenCase }: Props) {
  const data = useCaseData(ctx.db, caseId);
  const nextRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  if (data === undefined) return <p className="muted">正在读取办件…</p>;
  if (data === null) return null;
  const { row } = data;
  const printable = printableOf(data, ctx, hall);
  const rateable = availableActions(row).includes('rate');
  return (
    <section ref={panelRef} className="card case-outcome" aria-labelledby="case-outcome-title">
      <h2 id="case-outcome-title">第四步：打印与评价</h2>
      <p className="case-outcome__headline" role="status">
        {headline(row)}
      </p>
      <p>
        办件编号：<strong data-testid="case-number">{row.caseNumber}</strong>
      </p>
      {printable ? (
        <DocumentsPanel printable={printable} initialKind={documentFor(row)} autoFocusPrint audit={{ ctx, caseId }} />
      ) : (
        <p className="muted">居民信息未同步到本机，暂不能打印。</p>
      )}
      {rateable ? <RatingPanel ctx={ctx} caseId={caseId} keyScope={panelRef} onRated={() => nextRef.current?.focus()} /> : null}
      {row.rating ? (
        <p data-testid="case-rating">
          已评价：{RATING_LABELS[row.rating.level]}
          {row.rating.reason ? `（${row.rating.reason}）` : ''}
          {row.flags.includes('needs-follow-up') ? '，已列入差评回访' : ''}
        </p>
      ) : null}
      <div className="form-actions">
        <button ref={nextRef} type="button" className="button button--primary" onClick={onNext}>
          下一位居民
        </button>
        <Button onClick={() => onOpenCase(caseId)}>查看办件详情</Button>
      </div>
    </section>
  );
}
