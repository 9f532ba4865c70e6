import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import type { CaseState } from '@shared/domain/case/reducer';
import { recordCaseAction, type CaseAction } from '../../store/intake-commands';
import type { StoreContext } from '../../store/store-context';
import { failureOf } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField, fieldAria } from '../../ui/FormField';
import {
  CancelFormSchema,
  CompleteFormSchema,
  ForwardFormSchema,
  optionalText,
  ReturnFormSchema,
  SupplementFormSchema,
  type CancelFormValues,
  type CompleteFormValues,
  type ForwardFormValues,
  type ReturnFormValues,
  type SupplementFormValues,
} from './case-action-forms';
import { outstandingMaterials, type CaseActionKind } from './case-actions';
import { catalogueMatter, deskCalendar, hallToday } from './case-reference';

type Props = { ctx: StoreContext; state: CaseState; kind: Exclude<CaseActionKind, 'rate'>; onDone: () => void; onCancel: () => void };

const CALENDAR_UNKNOWN = '节假日安排未公布，无法计算办结期限';

/** The form behind one case-page action. Each writes one event; the reducer has the last word on legality. */
export function CaseActionForm(props: Props) {
  const { ctx, state, onDone, onCancel } = props;
  const [failure, setFailure] = useState<{ message: string; code: string } | null>(null);
  const run = async (action: CaseAction) => {
    setFailure(null);
    try {
      await recordCaseAction(ctx, state.caseId, action);
      onDone();
    } catch (err) {
      setFailure(failureOf(err));
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    }
  };
  const footer = (submitLabel: string, options: { disabled?: boolean; autoFocus?: boolean } = {}): ReactNode => (
    <>
      {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={options.disabled} autoFocus={options.autoFocus}>
          {submitLabel}
        </Button>
        <Button onClick={onCancel}>
          取消 <kbd aria-hidden="true">Esc</kbd>
        </Button>
      </div>
    </>
  );
  return (
    <div className="case-action-form" onKeyDown={onKeyDown}>
      {props.kind === 'accept' ? <AcceptForm {...props} run={run} footer={footer} /> : null}
      {props.kind === 'supplement' ? <SupplementForm {...props} run={run} footer={footer} /> : null}
      {props.kind === 'complete' ? <CompleteForm run={run} footer={footer} /> : null}
      {props.kind === 'forward' ? <ForwardForm {...props} run={run} footer={footer} /> : null}
      {props.kind === 'return' ? <ReturnForm {...props} run={run} footer={footer} /> : null}
      {props.kind === 'cancel' ? <CancelForm run={run} footer={footer} /> : null}
    </div>
  );
}

type Inner = {
  run: (a: CaseAction) => Promise<void>;
  footer: (label: string, options?: { disabled?: boolean; autoFocus?: boolean }) => ReactNode;
};

function AcceptForm({ ctx, state, run, footer }: Props & Inner) {
  const today = hallToday(ctx.now);
  const result = state.handling === 'promised' ? deskCalendar.addWorkingDays(today, state.timeLimitDays) : null;
  const deadline = result?.ok && result.date !== null ? result.date : undefined;
  const unknown = state.handling === 'promised' && deadline === undefined;
  return (
    <form
      aria-label="受理"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!unknown) void run({ kind: 'accept', materialsPresent: state.materialsPresent, ...(deadline ? { deadline } : {}) });
      }}
    >
      <p>材料已补齐，确认受理本办件。</p>
      {deadline ? <p data-testid="case-accept-deadline">承诺办结日期：{deadline}（{state.timeLimitDays} 个工作日）</p> : null}
      {unknown ? (
        <p className="intake-warning" role="alert">
          {CALENDAR_UNKNOWN}
        </p>
      ) : null}
      {footer('确认受理', { disabled: unknown, autoFocus: !unknown })}
    </form>
  );
}

function SupplementForm({ state, run, footer }: Props & Inner) {
  const owed = outstandingMaterials(state);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<SupplementFormValues>({ resolver: zodResolver(SupplementFormSchema), defaultValues: { materials: [] } });
  return (
    <form aria-label="补正材料" noValidate onSubmit={handleSubmit((v) => run({ kind: 'supplement', materialsProvided: v.materials }))}>
      <fieldset className="intake-materials" aria-describedby={errors.materials ? 'case-supplement-error' : undefined}>
        <legend>勾选本次补交的材料</legend>
        {owed.map((m, i) => (
          <label key={m.id} className="intake-material">
            <input type="checkbox" value={m.id} autoFocus={i === 0} {...register('materials')} />
            {m.name}
          </label>
        ))}
        {errors.materials ? (
          <p id="case-supplement-error" className="form-field__error" role="alert">
            {errors.materials.message}
          </p>
        ) : null}
      </fieldset>
      {footer('确认补正')}
    </form>
  );
}

function CompleteForm({ run, footer }: Inner) {
  const { register, handleSubmit } = useForm<CompleteFormValues>({ resolver: zodResolver(CompleteFormSchema), defaultValues: { resultNote: '' } });
  return (
    <form aria-label="办结" noValidate onSubmit={handleSubmit((v) => run({ kind: 'complete', ...withNote('resultNote', v.resultNote) }))}>
      <FormField id="case-complete-note" label="办理结果说明（选填）">
        <input id="case-complete-note" autoComplete="off" autoFocus {...register('resultNote')} />
      </FormField>
      {footer('确认办结')}
    </form>
  );
}

function ForwardForm({ state, run, footer }: Props & Inner) {
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<ForwardFormValues>({
    resolver: zodResolver(ForwardFormSchema),
    defaultValues: { department: catalogueMatter(state.matterCode)?.department.name ?? '', note: '' },
  });
  return (
    <form
      aria-label="转办"
      noValidate
      onSubmit={handleSubmit((v) => run({ kind: 'forward', department: v.department, ...withNote('note', v.note) }))}
    >
      <FormField id="case-forward-department" label="转办部门" required error={errors.department?.message}>
        <input {...fieldAria('case-forward-department', errors.department?.message)} autoComplete="off" autoFocus {...register('department')} />
      </FormField>
      <FormField id="case-forward-note" label="转办说明（选填）">
        <input id="case-forward-note" autoComplete="off" {...register('note')} />
      </FormField>
      {footer('确认转办')}
    </form>
  );
}

function ReturnForm({ state, run, footer }: Props & Inner) {
  const department = state.forwardedTo ?? '';
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<ReturnFormValues>({ resolver: zodResolver(ReturnFormSchema), defaultValues: { outcome: 'result', note: '' } });
  return (
    <form
      aria-label="登记退回/办理结果"
      noValidate
      onSubmit={handleSubmit((v) => run({ kind: 'return', department, outcome: v.outcome, ...withNote('note', v.note) }))}
    >
      <p>
        转办部门：<strong>{department}</strong>
      </p>
      <fieldset className="form-flags">
        <legend>部门反馈</legend>
        <label className="form-flags__item">
          <input type="radio" value="result" autoFocus {...register('outcome')} />
          办理结果
        </label>
        <label className="form-flags__item">
          <input type="radio" value="sent-back" {...register('outcome')} />
          退回（未办理）
        </label>
        {errors.outcome ? <p className="form-field__error">{errors.outcome.message}</p> : null}
      </fieldset>
      <FormField id="case-return-note" label="反馈说明（选填）">
        <input id="case-return-note" autoComplete="off" {...register('note')} />
      </FormField>
      {footer('确认登记')}
    </form>
  );
}

function CancelForm({ run, footer }: Inner) {
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<CancelFormValues>({ resolver: zodResolver(CancelFormSchema), defaultValues: { reason: '' } });
  return (
    <form aria-label="撤销" noValidate onSubmit={handleSubmit((v) => run({ kind: 'cancel', reason: v.reason }))}>
      <FormField id="case-cancel-reason" label="撤销原因" required error={errors.reason?.message}>
        <input {...fieldAria('case-cancel-reason', errors.reason?.message)} autoComplete="off" autoFocus {...register('reason')} />
      </FormField>
      {footer('确认撤销')}
    </form>
  );
}

function withNote<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  const text = optionalText(value);
  return text === undefined ? {} : ({ [key]: text } as Record<K, string>);
}
