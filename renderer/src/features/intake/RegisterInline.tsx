import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { validateIdDocument } from '@shared/domain/id-document';
import { createResident, findResidentByDocument } from '../../store/residents';
import type { ResidentRow } from '../../store/rows';
import type { StoreContext } from '../../store/store-context';
import { failureOf, isStoreError } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ResidentFields } from '../../ui/resident-form/ResidentFields';
import { residentFormDefaults, residentFormSchema, toResidentDraft, type ResidentFormInput, type ResidentFormValues } from '../../ui/resident-form/resident-form';
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
      onRegistered(await createResident(ctx, toResidentDraft(values, today)));
    } catch (err) {
      if (isStoreError(err, 'resident/duplicate-document')) {
        const id = err.details.residentId;
        const row = typeof id === 'string' ? await ctx.db.residents.get(id) : undefined;
        if (row) return flagDuplicate(row);
      }
      setFailure(failureOf(err));
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
        <ResidentFields
          idPrefix="intake-reg"
          register={register}
          errors={errors}
          documentType={documentType}
          documentNumberField={docNumber}
          autoFocus={focusName ? 'name' : 'documentNumber'}
          afterDocument={
            existing ? (
              <Button variant="primary" onClick={() => onUseExisting(existing.id)}>
                使用已登记的居民：{existing.name}
              </Button>
            ) : null
          }
          roomLabel="室（以房管为准）"
          withGrid
        />
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
