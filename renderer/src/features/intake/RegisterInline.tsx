import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { validateIdDocument } from '@shared/domain/id-document';
import { ID_DOCUMENT_TYPE_LABELS, ID_DOCUMENT_TYPES, RESIDENT_FLAG_LABELS, RESIDENT_FLAGS } from '@shared/domain/resident';
import { createResident, findResidentByDocument } from '../../store/residents';
import type { ResidentRow } from '../../store/rows';
import type { StoreContext } from '../../store/store-context';
import { isStoreError, storeErrorMessage } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField, fieldAria } from '../../ui/FormField';
import { residentFormDefaults, residentFormSchema, toNewResident, type ResidentFormInput, type ResidentFormValues } from './intake-forms';
import { hallToday } from './working-calendar';

type Props = {
  ctx: StoreContext;
  /** What the clerk typed in the search box, used to prefill the number or the name. */
  typed: string;
  onRegistered: (resident: ResidentRow) => void;
  onUseExisting: (residentId: string) => void;
  onCancel: () => void;
};

/**
 * 登记新居民 without leaving the counter flow. A document already on file is caught before saving (when the number
 * is complete, and again on submit), and the clerk is offered that resident instead of a duplicate.
 */
export function RegisterInline({ ctx, typed, onRegistered, onUseExisting, onCancel }: Props) {
  const today = hallToday(ctx.now);
  const schema = useMemo(() => residentFormSchema(today), [today]);
  const defaults = useMemo(() => residentFormDefaults(typed), [typed]);
  const [existing, setExisting] = useState<ResidentRow | null>(null);
  const [failure, setFailure] = useState<{ message: string; code: string } | null>(null);
  const {
    register,
    handleSubmit,
    getValues,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<ResidentFormInput, unknown, ResidentFormValues>({ resolver: zodResolver(schema), defaultValues: defaults });
  const documentType = useWatch({ control, name: 'documentType' });

  const duplicateOf = async (type: ResidentFormInput['documentType'], number: string, country: string) => {
    const checked = validateIdDocument({ type, number, country }, { today });
    if (!checked.ok) return null;
    return (await findResidentByDocument(ctx.db, checked.value.number)) ?? null;
  };

  const flagDuplicate = (found: ResidentRow) => {
    setExisting(found);
    setError('documentNumber', { type: 'duplicate', message: `该证件号码已登记（居民：${found.name}），请使用已登记的居民` }, { shouldFocus: true });
  };

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    const found = await duplicateOf(values.documentType, values.documentNumber, values.country);
    if (found) return flagDuplicate(found);
    try {
      onRegistered(await createResident(ctx, toNewResident(values, today)));
    } catch (err) {
      if (isStoreError(err, 'resident/duplicate-document')) {
        const id = err.details.residentId;
        const row = typeof id === 'string' ? await ctx.db.residents.get(id) : undefined;
        if (row) return flagDuplicate(row);
      }
      const code = isStoreError(err) ? err.code : 'internal/unexpected';
      setFailure({ code, message: storeErrorMessage(code, isStoreError(err) ? err.details : {}) });
    }
  });

  const docNumber = register('documentNumber', {
    onBlur: async () => {
      const v = getValues();
      const found = await duplicateOf(v.documentType, v.documentNumber, v.country);
      if (found) flagDuplicate(found);
      else setExisting(null);
    },
  });

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    }
  };

  // Focus goes where the typing continues: the name when the number came from the search box, else the number.
  const focusName = defaults.documentNumber !== '' || defaults.name === '';
  return (
    <section className="card intake-step" aria-labelledby="intake-register-title" onKeyDown={onKeyDown}>
      <h2 id="intake-register-title">登记新居民</h2>
      <form onSubmit={onSubmit} noValidate aria-label="登记新居民">
        <FormField id="intake-reg-name" label="姓名" required error={errors.name?.message}>
          <input {...fieldAria('intake-reg-name', errors.name?.message)} autoComplete="off" autoFocus={focusName} {...register('name')} />
        </FormField>
        <div className="form-row">
          <FormField id="intake-reg-docType" label="证件类型" required error={errors.documentType?.message}>
            <select {...fieldAria('intake-reg-docType', errors.documentType?.message)} {...register('documentType')}>
              {ID_DOCUMENT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {ID_DOCUMENT_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id="intake-reg-docNumber" label="证件号码" required error={errors.documentNumber?.message}>
            <input
              {...fieldAria('intake-reg-docNumber', errors.documentNumber?.message)}
              autoComplete="off"
              spellCheck={false}
              autoFocus={!focusName}
              {...docNumber}
            />
          </FormField>
        </div>
        {existing ? (
          <Button variant="primary" onClick={() => onUseExisting(existing.id)}>
            使用已登记的居民：{existing.name}
          </Button>
        ) : null}
        {documentType === 'passport' ? (
          <FormField id="intake-reg-country" label="签发国家" required error={errors.country?.message} hint="如 USA 或 美国">
            <input {...fieldAria('intake-reg-country', errors.country?.message, true)} autoComplete="off" {...register('country')} />
          </FormField>
        ) : null}
        <FormField id="intake-reg-phone" label="联系电话" error={errors.phone?.message}>
          <input {...fieldAria('intake-reg-phone', errors.phone?.message)} type="tel" autoComplete="off" {...register('phone')} />
        </FormField>
        <div className="form-row">
          <FormField id="intake-reg-building" label="楼栋" error={errors.building?.message}>
            <input {...fieldAria('intake-reg-building', errors.building?.message)} autoComplete="off" {...register('building')} />
          </FormField>
          <FormField id="intake-reg-unit" label="单元" error={errors.unit?.message}>
            <input {...fieldAria('intake-reg-unit', errors.unit?.message)} autoComplete="off" {...register('unit')} />
          </FormField>
          <FormField id="intake-reg-room" label="室（以房管为准）" error={errors.room?.message}>
            <input {...fieldAria('intake-reg-room', errors.room?.message)} autoComplete="off" {...register('room')} />
          </FormField>
          <FormField id="intake-reg-grid" label="网格" error={errors.grid?.message}>
            <input {...fieldAria('intake-reg-grid', errors.grid?.message)} autoComplete="off" {...register('grid')} />
          </FormField>
        </div>
        <fieldset className="form-flags">
          <legend>服务标签（选填）</legend>
          {RESIDENT_FLAGS.map((flag) => (
            <label key={flag} className="form-flags__item">
              <input type="checkbox" value={flag} {...register('flags')} />
              {RESIDENT_FLAG_LABELS[flag]}
            </label>
          ))}
        </fieldset>
        {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={isSubmitting}>
            登记并继续
          </Button>
          <Button onClick={onCancel}>
            取消 <kbd aria-hidden="true">Esc</kbd>
          </Button>
        </div>
      </form>
    </section>
  );
}
