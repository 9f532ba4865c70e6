import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo } from 'react';
import { useForm } from 'react-hook-form';
import type { StoreContext } from '../../store/store-context';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField, fieldAria } from '../../ui/FormField';
import { OUTSIDE_CATALOGUE_CODE, type ResolvedMatter } from './intake-catalogue';
import {
  checkMaterials,
  DEFAULT_RETURN_DAYS,
  defaultPromiseText,
  noticeItems,
  NOTICE_LEGAL_BASIS_FALLBACK,
  promisedDeadline,
  REFUSAL_REASONS,
  workingDaysAhead,
} from './intake-decision';
import {
  deferralFormSchema,
  noticeFormSchema,
  OTHER_REASON,
  ReferralFormSchema,
  refusalReason,
  RefusalFormSchema,
  type DeferralFormValues,
  type NoticeFormValues,
  type ReferralFormValues,
  type RefusalFormInput,
  type RefusalFormValues,
} from './intake-forms';
import { useIntakeStore } from './intake-store';
import { useRecordIntake } from './use-record-intake';
import { hallToday, workingCalendar } from './working-calendar';

type FormProps = { ctx: StoreContext; matter: ResolvedMatter };

function BackButton() {
  return (
    <Button onClick={() => useIntakeStore.getState().back()}>
      返回 <kbd aria-hidden="true">Esc</kbd>
    </Button>
  );
}

function defaultDate(today: string, days: number): string {
  const d = workingDaysAhead(workingCalendar, today, days);
  return d.kind === 'date' ? d.date : '';
}

/** 一次性告知书: every missing item at once, its legal basis, and the date to come back by. */
export function NoticeForm({ ctx, matter }: FormProps) {
  const today = hallToday(ctx.now);
  const ticked = useIntakeStore((s) => s.ticked);
  const missing = noticeItems(checkMaterials(matter, new Set(ticked)));
  const { record, failure, busy } = useRecordIntake(ctx);
  const schema = useMemo(() => noticeFormSchema(today), [today]);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<NoticeFormValues>({
    resolver: zodResolver(schema),
    defaultValues: { legalBasis: matter.legalBasis ?? NOTICE_LEGAL_BASIS_FALLBACK, returnBy: defaultDate(today, DEFAULT_RETURN_DAYS) },
  });
  const submit = handleSubmit((v) =>
    record({ kind: 'notice', missing: missing.map((m) => ({ id: m.id, name: m.name })), legalBasis: v.legalBasis, returnBy: v.returnBy }),
  );
  return (
    <section className="card intake-step" aria-labelledby="intake-notice-title">
      <h2 id="intake-notice-title">一次性告知（补正）</h2>
      <p>请一次性告知居民需补正的全部材料，办件将进入"待补正"，期限暂停计算：</p>
      <ol className="intake-missing" aria-label="需补正材料">
        {missing.map((m) => (
          <li key={m.id}>{m.name}</li>
        ))}
      </ol>
      <form onSubmit={submit} noValidate aria-label="一次性告知">
        <FormField id="intake-notice-returnBy" label="补正期限" required error={errors.returnBy?.message} hint={`默认 ${DEFAULT_RETURN_DAYS} 个工作日`}>
          <input {...fieldAria('intake-notice-returnBy', errors.returnBy?.message, true)} type="date" autoFocus {...register('returnBy')} />
        </FormField>
        <FormField id="intake-notice-legalBasis" label="告知依据" required error={errors.legalBasis?.message}>
          <input {...fieldAria('intake-notice-legalBasis', errors.legalBasis?.message)} autoComplete="off" {...register('legalBasis')} />
        </FormField>
        {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            出具一次性告知书
          </Button>
          <BackButton />
        </div>
      </form>
    </section>
  );
}

/** 容缺受理: accepted now; the deferrable items are promised by a date, in the resident's own written promise. */
export function DeferralForm({ ctx, matter }: FormProps) {
  const today = hallToday(ctx.now);
  const ticked = useIntakeStore((s) => s.ticked);
  const check = checkMaterials(matter, new Set(ticked));
  const deferred = check.missingDeferrable;
  const deadline = promisedDeadline(workingCalendar, today, matter.intake);
  const deadlineDate = deadline.kind === 'date' ? deadline.date : undefined;
  const { record, failure, busy } = useRecordIntake(ctx);
  const schema = deferralFormSchema(today, deadlineDate);
  const due = (() => {
    const d = defaultDate(today, DEFAULT_RETURN_DAYS);
    return deadlineDate !== undefined && d > deadlineDate ? deadlineDate : d;
  })();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<DeferralFormValues>({
    resolver: zodResolver(schema),
    defaultValues: { dueDate: due, promiseText: defaultPromiseText(deferred, due) },
  });
  const submit = handleSubmit((v) =>
    record({
      kind: 'deferral',
      materialsPresent: check.present.map((m) => m.id),
      deferred: deferred.map((m) => ({ id: m.id, name: m.name })),
      promiseText: v.promiseText,
      dueDate: v.dueDate,
      ...(deadlineDate !== undefined ? { deadline: deadlineDate } : {}),
    }),
  );
  return (
    <section className="card intake-step" aria-labelledby="intake-deferral-title">
      <h2 id="intake-deferral-title">容缺受理</h2>
      <p>以下材料容缺，居民承诺按期补交：</p>
      <ol className="intake-missing" aria-label="容缺材料">
        {deferred.map((m) => (
          <li key={m.id}>{m.name}</li>
        ))}
      </ol>
      {deadline.kind === 'date' ? <p data-testid="intake-deadline">承诺办结日期：{deadline.date}</p> : null}
      {deadline.kind === 'unknown' ? (
        <p className="intake-warning" role="alert" data-testid="intake-deadline">
          {deadline.message}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate aria-label="容缺受理">
        <FormField id="intake-deferral-dueDate" label="容缺材料补交日期" required error={errors.dueDate?.message}>
          <input {...fieldAria('intake-deferral-dueDate', errors.dueDate?.message)} type="date" autoFocus {...register('dueDate')} />
        </FormField>
        <FormField id="intake-deferral-promise" label="容缺承诺内容" required error={errors.promiseText?.message}>
          <textarea {...fieldAria('intake-deferral-promise', errors.promiseText?.message)} rows={3} {...register('promiseText')} />
        </FormField>
        {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={busy || deadline.kind === 'unknown'}>
            容缺受理
          </Button>
          <BackButton />
        </div>
      </form>
    </section>
  );
}

/** 不予受理: a reason (chosen or typed), the office that can help, and the appeal route. */
export function RefusalForm({ ctx, matter }: FormProps) {
  const { record, failure, busy } = useRecordIntake(ctx);
  const dept = matter.department;
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<RefusalFormInput, unknown, RefusalFormValues>({
    resolver: zodResolver(RefusalFormSchema),
    defaultValues: {
      reasonChoice: REFUSAL_REASONS[0],
      reasonText: '',
      office: dept?.name ?? '',
      address: dept?.addressHint ?? '',
      phone: dept?.phone ?? '',
      reviewBody: '本区人民政府',
    },
  });
  const submit = handleSubmit((v) =>
    record({
      kind: 'refuse',
      reason: refusalReason(v),
      referTo: { office: v.office, ...(v.address !== '' ? { address: v.address } : {}), ...(v.phone !== '' ? { phone: v.phone } : {}) },
      appealRoute: v.reviewBody,
    }),
  );
  return (
    <section className="card intake-step" aria-labelledby="intake-refusal-title">
      <h2 id="intake-refusal-title">不予受理</h2>
      <form onSubmit={submit} noValidate aria-label="不予受理">
        <FormField id="intake-refusal-reason" label="不予受理理由" required error={errors.reasonChoice?.message}>
          <select {...fieldAria('intake-refusal-reason', errors.reasonChoice?.message)} autoFocus {...register('reasonChoice')}>
            {REFUSAL_REASONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
            <option value={OTHER_REASON}>其他（在下方填写）</option>
          </select>
        </FormField>
        <FormField id="intake-refusal-text" label="理由说明" error={errors.reasonText?.message} hint="选择“其他”时必填">
          <input {...fieldAria('intake-refusal-text', errors.reasonText?.message, true)} autoComplete="off" {...register('reasonText')} />
        </FormField>
        <div className="form-row">
          <FormField id="intake-refusal-office" label="建议前往部门" required error={errors.office?.message}>
            <input {...fieldAria('intake-refusal-office', errors.office?.message)} autoComplete="off" {...register('office')} />
          </FormField>
          <FormField id="intake-refusal-address" label="部门地址">
            <input id="intake-refusal-address" autoComplete="off" {...register('address')} />
          </FormField>
          <FormField id="intake-refusal-phone" label="部门电话">
            <input id="intake-refusal-phone" autoComplete="off" {...register('phone')} />
          </FormField>
        </div>
        <FormField
          id="intake-refusal-review"
          label="行政复议机关"
          required
          error={errors.reviewBody?.message}
          hint="告知书将写明：六十日内可申请行政复议，或六个月内提起行政诉讼"
        >
          <input {...fieldAria('intake-refusal-review', errors.reviewBody?.message, true)} autoComplete="off" {...register('reviewBody')} />
        </FormField>
        {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            确认不予受理
          </Button>
          <BackButton />
        </div>
      </form>
    </section>
  );
}

/** 首问负责制: a 私事, a not-allowed matter or one outside the catalogue is logged, with where the resident was sent. */
export function ReferralForm({ ctx, matter }: FormProps) {
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<ReferralFormValues>({
    resolver: zodResolver(ReferralFormSchema),
    defaultValues: {
      matterName: matter.intake.name,
      place: matter.referral?.place ?? '',
      phone: matter.referral?.phone ?? '',
      note: matter.referral?.note ?? '',
    },
  });
  const { record, failure, busy } = useRecordIntake(ctx);
  const editableName = matter.intake.code === OUTSIDE_CATALOGUE_CODE;
  const submit = handleSubmit((v) =>
    record(
      { kind: 'refer', place: v.place, ...(v.phone !== '' ? { phone: v.phone } : {}), ...(v.note !== '' ? { note: v.note } : {}) },
      editableName ? { ...matter, intake: { ...matter.intake, name: v.matterName } } : matter,
    ),
  );
  return (
    <section className="card intake-step" aria-labelledby="intake-referral-title">
      <h2 id="intake-referral-title">引导登记（首问负责制）</h2>
      {matter.notAllowedReason ? (
        <p className="intake-warning" role="note">
          社区不予出具：{matter.notAllowedReason}
        </p>
      ) : (
        <p>该事项不属于本大厅受理范围，请告知居民前往以下地点办理，并登记本次来访。</p>
      )}
      <form onSubmit={submit} noValidate aria-label="引导登记">
        <FormField id="intake-referral-matter" label="所办事项" required error={errors.matterName?.message}>
          <input
            {...fieldAria('intake-referral-matter', errors.matterName?.message)}
            autoComplete="off"
            readOnly={!editableName}
            autoFocus={editableName}
            {...register('matterName')}
          />
        </FormField>
        <FormField id="intake-referral-place" label="引导前往" required error={errors.place?.message}>
          <input {...fieldAria('intake-referral-place', errors.place?.message)} autoComplete="off" autoFocus={!editableName} {...register('place')} />
        </FormField>
        <FormField id="intake-referral-phone" label="联系电话">
          <input id="intake-referral-phone" autoComplete="off" {...register('phone')} />
        </FormField>
        <FormField id="intake-referral-note" label="备注">
          <input id="intake-referral-note" autoComplete="off" {...register('note')} />
        </FormField>
        {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            登记引导
          </Button>
          <BackButton />
        </div>
      </form>
    </section>
  );
}
