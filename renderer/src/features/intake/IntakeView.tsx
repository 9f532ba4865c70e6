import { useEffect, type ReactNode } from 'react';
import type { StoreContext } from '../../store/store-context';
import { DeferralForm, NoticeForm, ReferralForm, RefusalForm } from './DecisionForms';
import { IdentifyStep } from './IdentifyStep';
import { resolveMatter } from './intake-catalogue';
import { useIntakeStore, type IntakeStep } from './intake-store';
import { MaterialsStep } from './MaterialsStep';
import { MatterStep } from './MatterStep';
import { ResidentSummary } from './ResidentSummary';
import './intake.css';

const STEP_LABELS: Record<Exclude<IntakeStep, 'decide'>, string> = {
  identify: '识别居民',
  matter: '选择事项',
  materials: '核对材料',
  done: '打印与评价',
};

type IntakeViewProps = {
  ctx: StoreContext;
  /**
   * What follows a recorded intake (print, rating, next resident). The app supplies the case feature's panel,
   * so printing and rating live in one place for the counter and the case page.
   */
  renderOutcome?: (caseId: string, onNext: () => void) => ReactNode;
};

/**
 * 受理: a walk-in from "who are you" to a recorded decision, keyboard first. Each step focuses its first field,
 * Enter confirms, Esc goes one step back.
 */
export function IntakeView({ ctx, renderOutcome }: IntakeViewProps) {
  const step = useIntakeStore((s) => s.step);
  const pick = useIntakeStore((s) => s.matter);
  const decision = useIntakeStore((s) => s.decision);
  const caseId = useIntakeStore((s) => s.caseId);
  const back = useIntakeStore((s) => s.back);
  const next = useIntakeStore((s) => s.next);
  const matter = pick ? resolveMatter(pick) : undefined;

  // On the document, not the view: after a step unmounts the focused element, focus falls back to <body>, and
  // Esc must still work. Inner forms that use Esc themselves (registration, 代办人) stop it from reaching here.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      back();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [back]);

  const shownStep = step === 'decide' ? (decision === 'refer' ? 'matter' : 'materials') : step;
  return (
    <div className="intake">
      <ol className="intake-stepper" aria-label="受理步骤">
        {(Object.keys(STEP_LABELS) as (keyof typeof STEP_LABELS)[]).map((s, i) => (
          <li key={s} aria-current={s === shownStep ? 'step' : undefined} className={s === shownStep ? 'intake-stepper__current' : undefined}>
            {i + 1}. {STEP_LABELS[s]}
          </li>
        ))}
      </ol>

      {step !== 'identify' ? <ResidentSummary ctx={ctx} editable={step !== 'done'} /> : null}

      {step === 'identify' ? <IdentifyStep ctx={ctx} /> : null}
      {step === 'matter' ? <MatterStep /> : null}
      {step === 'materials' && matter ? <MaterialsStep ctx={ctx} matter={matter} /> : null}
      {step === 'decide' && matter ? (
        <>
          {decision === 'notice' ? <NoticeForm ctx={ctx} matter={matter} /> : null}
          {decision === 'deferral' ? <DeferralForm ctx={ctx} matter={matter} /> : null}
          {decision === 'refuse' ? <RefusalForm ctx={ctx} matter={matter} /> : null}
          {decision === 'refer' ? <ReferralForm ctx={ctx} matter={matter} /> : null}
        </>
      ) : null}
      {step === 'done' && caseId ? (
        renderOutcome ? (
          renderOutcome(caseId, next)
        ) : (
          <section className="card intake-step">
            <h2>已登记</h2>
            <button type="button" className="button button--primary" autoFocus onClick={next}>
              下一位居民
            </button>
          </section>
        )
      ) : null}
    </div>
  );
}
