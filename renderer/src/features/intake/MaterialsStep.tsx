import { useMemo, useState, type KeyboardEvent } from 'react';
import { HANDLING_LABELS, MATERIAL_REQUIREMENT_LABELS, TRIAGE_CLASS_LABELS } from '@shared/domain/catalogue/matter';
import type { StoreContext } from '../../store/store-context';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import type { ResolvedMatter } from './intake-catalogue';
import { availableChoices, checkMaterials, promisedDeadline, type IntakeChoice } from './intake-decision';
import { useIntakeStore } from './intake-store';
import { useRecordIntake } from './use-record-intake';
import { hallToday, workingCalendar } from './working-calendar';

const CHOICE_LABELS: Record<IntakeChoice, string> = {
  accept: '受理',
  deferral: '容缺受理',
  notice: '一次性告知',
  refuse: '不予受理',
};

/**
 * Step 3, 核对材料: tick what the resident handed in. The decisions on offer follow from the ticks (all here →
 * 受理; only 可容缺 items missing → 容缺受理; a required item missing → 一次性告知); 不予受理 is always there.
 * Enter takes the first decision on offer.
 */
export function MaterialsStep({ ctx, matter }: { ctx: StoreContext; matter: ResolvedMatter }) {
  const ticked = useIntakeStore((s) => s.ticked);
  const toggle = useIntakeStore((s) => s.toggleMaterial);
  const setTicked = useIntakeStore((s) => s.setTicked);
  const decide = useIntakeStore((s) => s.decide);
  const { record, failure, busy } = useRecordIntake(ctx);
  const today = hallToday(ctx.now);
  const check = useMemo(() => checkMaterials(matter, new Set(ticked)), [matter, ticked]);
  const choices = availableChoices(check);
  const deadline = promisedDeadline(workingCalendar, today, matter.intake);
  const acceptBlocked = deadline.kind === 'unknown';
  const [focusedFirst] = useState(() => matter.materials[0]?.id);

  const accept = () => {
    if (acceptBlocked || busy) return;
    void record({
      kind: 'accept',
      materialsPresent: check.present.map((m) => m.id),
      ...(deadline.kind === 'date' ? { deadline: deadline.date } : {}),
      // 即办件 are done on the spot: accepted and completed in the same write.
      ...(matter.intake.handling === 'immediate' ? { completeNow: {} } : {}),
    });
  };

  const choose = (choice: IntakeChoice) => {
    if (choice === 'accept') accept();
    else decide(choice);
  };

  // Enter never falls through to a weightier decision: with acceptance blocked it does nothing.
  const primary = choices[0] === 'accept' && acceptBlocked ? undefined : choices[0];
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || (e.target as HTMLElement).tagName === 'BUTTON') return;
    e.preventDefault();
    if (primary !== undefined) choose(primary);
  };

  return (
    <section className="card intake-step" aria-labelledby="intake-materials-title" onKeyDown={onKeyDown}>
      <h2 id="intake-materials-title">第三步：核对材料</h2>
      <p className="intake-matter-line">
        <strong>{matter.intake.name}</strong>（{matter.intake.code}）
        <span className={`badge badge--triage-${matter.intake.triage}`}>{TRIAGE_CLASS_LABELS[matter.intake.triage]}</span>
        <span className="badge">{HANDLING_LABELS[matter.intake.handling]}</span>
        {matter.department ? <span className="muted">责任部门：{matter.department.name}</span> : null}
      </p>

      {matter.materials.length === 0 ? (
        <p className="muted">本事项无需提交材料。</p>
      ) : (
        <fieldset className="intake-materials">
          <legend>材料清单（勾选居民已提交的材料，空格键勾选）</legend>
          {matter.materials.map((m) => (
            <label key={m.id} className="intake-material">
              <input
                type="checkbox"
                checked={ticked.includes(m.id)}
                onChange={() => toggle(m.id)}
                autoFocus={m.id === focusedFirst}
              />
              <span className="intake-material__name">{m.name}</span>
              <span className={`badge badge--req-${m.requirement}`}>{MATERIAL_REQUIREMENT_LABELS[m.requirement]}</span>
              {m.note ? <span className="muted">{m.note}</span> : null}
            </label>
          ))}
          <div className="form-actions">
            <Button onClick={() => setTicked(matter.materials.map((m) => m.id))}>全部齐全</Button>
            <Button onClick={() => setTicked([])}>清除勾选</Button>
          </div>
        </fieldset>
      )}

      <div className="intake-verdict" aria-live="polite">
        {check.missingMandatory.length > 0 ? (
          <p>缺必须材料：{check.missingMandatory.map((m) => m.name).join('、')}（须一次性告知）</p>
        ) : null}
        {check.missingDeferrable.length > 0 ? <p>缺可容缺材料：{check.missingDeferrable.map((m) => m.name).join('、')}</p> : null}
        {choices[0] === 'accept' ? <p>材料齐全，可以受理。</p> : null}
        {deadline.kind === 'date' ? (
          <p data-testid="intake-deadline">
            承诺办结日期：<strong>{deadline.date}</strong>（{matter.intake.timeLimitDays} 个工作日，已扣除节假日）
          </p>
        ) : null}
        {deadline.kind === 'unknown' ? (
          <p className="intake-warning" role="alert" data-testid="intake-deadline">
            {deadline.message}
          </p>
        ) : null}
      </div>

      {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
      <div className="form-actions">
        {choices.map((c) => (
          <Button
            key={c}
            variant={c === primary ? 'primary' : 'secondary'}
            disabled={busy || (c === 'accept' && acceptBlocked)}
            onClick={() => choose(c)}
          >
            {CHOICE_LABELS[c]}
            {c === primary ? <kbd aria-hidden="true">回车</kbd> : null}
          </Button>
        ))}
        <Button onClick={() => useIntakeStore.getState().back()}>
          返回 <kbd aria-hidden="true">Esc</kbd>
        </Button>
      </div>
    </section>
  );
}
