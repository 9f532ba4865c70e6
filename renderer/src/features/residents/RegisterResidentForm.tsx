import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState, type FocusEvent } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { hallDateOf } from '@shared/domain/case/hall-date';
import { validateIdDocument } from '@shared/domain/id-document';
import { createResident, findResidentByDocument } from '../../store/residents';
import type { ResidentRow } from '../../store/rows';
import type { StoreContext } from '../../store/store-context';
import { failureOf, isStoreError, storeErrorMessage } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ResidentFields } from '../../ui/resident-form/ResidentFields';
import {
  EMPTY_RESIDENT_FORM,
  residentFormSchema,
  toResidentDraft,
  type ResidentFormInput,
  type ResidentFormValues,
} from '../../ui/resident-form/resident-form';

type RegisterResidentFormProps = { ctx: StoreContext; onRegistered: (resident: ResidentRow) => void };

function duplicateMessage(name: string): string {
  return `该证件号码已登记（居民：${name}），请在左侧查找该居民，不要重复登记`;
}

export function RegisterResidentForm({ ctx, onRegistered }: RegisterResidentFormProps) {
  const today = useMemo(() => hallDateOf(new Date(ctx.now()).toISOString()), [ctx]);
  const schema = useMemo(() => residentFormSchema(today), [today]);
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
  } = useForm<ResidentFormInput, unknown, ResidentFormValues>({
    resolver: zodResolver(schema),
    defaultValues: EMPTY_RESIDENT_FORM,
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
    const resident = toResidentDraft(values, today);
    const existing = await findResidentByDocument(ctx.db, resident.document.number);
    if (existing) {
      setError('documentNumber', { type: 'duplicate', message: duplicateMessage(existing.name) }, { shouldFocus: true });
      return;
    }
    try {
      const row = await createResident(ctx, resident);
      reset(EMPTY_RESIDENT_FORM);
      setSaved(row.name);
      onRegistered(row);
    } catch (err) {
      if (isStoreError(err, 'resident/duplicate-document')) {
        setError('documentNumber', { type: 'duplicate', message: storeErrorMessage(err.code) }, { shouldFocus: true });
        return;
      }
      setFailure(failureOf(err));
    }
  }, () => setSaved(null));

  const docNumber = register('documentNumber', { onBlur: checkDuplicateOnBlur });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="登记新居民">
      <ResidentFields
        idPrefix="resident"
        register={register}
        errors={errors}
        documentType={documentType}
        documentNumberField={docNumber}
        roomLabel="室号"
        phoneHint="手机号或带区号的固定电话，选填"
        addressRowClassName="form-row form-row--address"
      />

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
