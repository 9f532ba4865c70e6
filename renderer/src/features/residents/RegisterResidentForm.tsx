import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState, type FocusEvent } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { hallDateOf } from '@shared/domain/case/hall-date';
import { validateIdDocument } from '@shared/domain/id-document';
import { ID_DOCUMENT_TYPE_LABELS, ID_DOCUMENT_TYPES, RESIDENT_FLAG_LABELS, RESIDENT_FLAGS } from '@shared/domain/resident';
import { createResident, findResidentByDocument } from '../../store/residents';
import type { ResidentRow } from '../../store/rows';
import type { StoreContext } from '../../store/store-context';
import { isStoreError, storeErrorMessage } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField, fieldAria } from '../../ui/FormField';
import {
  EMPTY_REGISTER_FORM,
  registerFormSchema,
  toNewResident,
  type RegisterFormInput,
  type RegisterFormValues,
} from './register-form';

type RegisterResidentFormProps = { ctx: StoreContext; onRegistered: (resident: ResidentRow) => void };

function duplicateMessage(name: string): string {
  return `该证件号码已登记（居民：${name}），请在左侧查找该居民，不要重复登记`;
}

export function RegisterResidentForm({ ctx, onRegistered }: RegisterResidentFormProps) {
  const today = useMemo(() => hallDateOf(new Date(ctx.now()).toISOString()), [ctx]);
  const schema = useMemo(() => registerFormSchema(today), [today]);
  const [failure, setFailure] = useState<{ message: string; code: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    control,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<RegisterFormInput, unknown, RegisterFormValues>({
    resolver: zodResolver(schema),
    defaultValues: EMPTY_REGISTER_FORM,
  });
  const documentType = useWatch({ control, name: 'documentType' });

  /** Says "already registered" as soon as the number is complete, before the clerk types the rest. */
  const checkDuplicateOnBlur = async (event: FocusEvent<HTMLInputElement>) => {
    const { documentType: type, country } = getValues();
    const checked = validateIdDocument({ type, number: event.target.value, country }, { today });
    if (!checked.ok) return;
    const existing = await findResidentByDocument(ctx.db, checked.value.number);
    if (existing) setError('documentNumber', { type: 'duplicate', message: duplicateMessage(existing.name) });
  };

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    setSaved(null);
    const resident = toNewResident(values, today);
    const existing = await findResidentByDocument(ctx.db, resident.document.number);
    if (existing) {
      setError('documentNumber', { type: 'duplicate', message: duplicateMessage(existing.name) }, { shouldFocus: true });
      return;
    }
    try {
      const row = await createResident(ctx, resident);
      reset(EMPTY_REGISTER_FORM);
      setSaved(row.name);
      onRegistered(row);
    } catch (err) {
      if (isStoreError(err, 'resident/duplicate-document')) {
        setError('documentNumber', { type: 'duplicate', message: storeErrorMessage(err.code) }, { shouldFocus: true });
        return;
      }
      const code = isStoreError(err) ? err.code : 'internal/unexpected';
      setFailure({ code, message: storeErrorMessage(code, isStoreError(err) ? err.details : {}) });
    }
  }, () => setSaved(null));

  const docNumber = register('documentNumber', { onBlur: checkDuplicateOnBlur });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="登记新居民">
      <FormField id="resident-name" label="姓名" required error={errors.name?.message}>
        <input {...fieldAria('resident-name', errors.name?.message)} autoComplete="off" {...register('name')} />
      </FormField>

      <div className="form-row">
        <FormField id="resident-documentType" label="证件类型" required error={errors.documentType?.message}>
          <select {...fieldAria('resident-documentType', errors.documentType?.message)} {...register('documentType')}>
            {ID_DOCUMENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {ID_DOCUMENT_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="resident-documentNumber" label="证件号码" required error={errors.documentNumber?.message}>
          <input
            {...fieldAria('resident-documentNumber', errors.documentNumber?.message)}
            autoComplete="off"
            spellCheck={false}
            inputMode="text"
            {...docNumber}
          />
        </FormField>
      </div>

      {documentType === 'passport' ? (
        <FormField id="resident-country" label="签发国家" required error={errors.country?.message} hint="如 USA 或 美国">
          <input {...fieldAria('resident-country', errors.country?.message, true)} autoComplete="off" {...register('country')} />
        </FormField>
      ) : null}

      <FormField id="resident-phone" label="联系电话" error={errors.phone?.message} hint="手机号或带区号的固定电话，选填">
        <input {...fieldAria('resident-phone', errors.phone?.message, true)} type="tel" autoComplete="off" {...register('phone')} />
      </FormField>

      <div className="form-row form-row--address">
        <FormField id="resident-building" label="楼栋" error={errors.building?.message}>
          <input {...fieldAria('resident-building', errors.building?.message)} autoComplete="off" {...register('building')} />
        </FormField>
        <FormField id="resident-unit" label="单元" error={errors.unit?.message}>
          <input {...fieldAria('resident-unit', errors.unit?.message)} autoComplete="off" {...register('unit')} />
        </FormField>
        <FormField id="resident-room" label="室号" error={errors.room?.message}>
          <input {...fieldAria('resident-room', errors.room?.message)} autoComplete="off" {...register('room')} />
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
      {saved ? (
        <p className="success-notice" role="status">
          已登记居民：{saved}
        </p>
      ) : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={isSubmitting}>
          登记
        </Button>
      </div>
    </form>
  );
}
