import { useEffect, useState } from 'react';
import type { StoreContext } from '../../store/store-context';
import { Button } from '../../ui/Button';
import type { PrintableHall } from '../../ui/documents/view-model';
import { availableActions, CASE_ACTION_LABELS, type CaseActionKind } from './case-actions';
import { CaseActionForm } from './CaseActionForm';
import { CaseHeader } from './CaseHeader';
import { CaseTimeline } from './CaseTimeline';
import { DocumentsPanel } from './DocumentsPanel';
import { printableOf } from './printable';
import { RatingPanel } from './RatingPanel';
import { useCaseData } from './use-case-data';

type Props = { ctx: StoreContext; hall: PrintableHall; caseId: string; onClose: () => void };

/** 办件详情: the facts, the next legal actions as buttons, reprint of any notice, and the full timeline. */
export function CasePage({ ctx, hall, caseId, onClose }: Props) {
  const data = useCaseData(ctx.db, caseId);
  const [action, setAction] = useState<Exclude<CaseActionKind, 'rate'> | null>(null);

  // Esc closes an open action form, else goes back to the list; on the document so it works wherever focus is.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      if (action !== null) setAction(null);
      else onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [action, onClose]);

  if (data === undefined) return <p className="muted">正在读取办件…</p>;
  if (data === null) {
    return (
      <section className="card">
        <p>未找到该办件。</p>
        <Button onClick={onClose}>返回办件列表</Button>
      </section>
    );
  }
  const actions = availableActions(data.row);
  const printable = printableOf(data, ctx, hall);
  return (
    <section className="card case-page" aria-labelledby="case-page-title">
      <div className="case-page__head">
        <h2 id="case-page-title">办件详情</h2>
        <Button onClick={onClose}>
          返回办件列表 <kbd aria-hidden="true">Esc</kbd>
        </Button>
      </div>
      <CaseHeader ctx={ctx} data={data} />

      <div className="form-actions" role="group" aria-label="可办理操作">
        {actions
          .filter((a): a is Exclude<CaseActionKind, 'rate'> => a !== 'rate')
          .map((a, i) => (
            <Button key={a} variant={i === 0 ? 'primary' : 'secondary'} aria-pressed={action === a} autoFocus={i === 0} onClick={() => setAction(a)}>
              {CASE_ACTION_LABELS[a]}
            </Button>
          ))}
      </div>
      {action !== null && actions.includes(action) ? (
        <CaseActionForm key={action} ctx={ctx} state={data.row} kind={action} onDone={() => setAction(null)} onCancel={() => setAction(null)} />
      ) : null}
      {actions.includes('rate') ? <RatingPanel ctx={ctx} caseId={caseId} /> : null}

      <h3>打印与补打</h3>
      {printable ? <DocumentsPanel key={data.row.status} printable={printable} audit={{ ctx, caseId }} /> : <p className="muted">居民信息未同步到本机，暂不能打印。</p>}

      <CaseTimeline state={data.row} events={data.events} />
    </section>
  );
}
