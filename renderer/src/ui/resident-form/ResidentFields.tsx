import type { ReactNode } from 'react';
import type { FieldErrors, UseFormRegister, UseFormRegisterReturn } from 'react-hook-form';
import { RESIDENT_FLAG_LABELS, RESIDENT_FLAGS, type IdDocumentType } from '@shared/domain/resident';
import { FormField, fieldAria } from '../FormField';
import { IdDocumentFields, IssuingCountryField } from './IdDocumentFields';
import type { ResidentFormInput } from './resident-form';

type ResidentFieldsProps = {
  /** Prefix of the control ids, so two forms on one page never share an id. */
  idPrefix: string;
  register: UseFormRegister<ResidentFormInput>;
  errors: FieldErrors<ResidentFormInput>;
  /** The watched 证件类型: 签发国家 is asked only for a passport. */
  documentType: IdDocumentType;
  /** The 证件号码 registration, which the caller extends with its duplicate check on blur. */
  documentNumberField: UseFormRegisterReturn;
  /** Which field the typing continues in when the form opens; none for a form that is always on screen. */
  autoFocus?: 'name' | 'documentNumber';
  /** Shown between the document and the rest, e.g. the offer to use an already registered resident. */
  afterDocument?: ReactNode;
  roomLabel: string;
  phoneHint?: string;
  /** 网格 is asked at the counter; the 居民 page leaves it to editing. */
  withGrid?: boolean;
  addressRowClassName?: string;
};

/** Every field of the resident register form, in the order the clerk fills them. */
export function ResidentFields({
  idPrefix,
  register,
  errors,
  documentType,
  documentNumberField,
  autoFocus,
  afterDocument,
  roomLabel,
  phoneHint,
  withGrid = false,
  addressRowClassName = 'form-row',
}: ResidentFieldsProps) {
  const id = (field: string) => `${idPrefix}-${field}`;
  return (
    <>
      <FormField id={id('name')} label="姓名" required error={errors.name?.message}>
        <input {...fieldAria(id('name'), errors.name?.message)} autoComplete="off" autoFocus={autoFocus === 'name'} {...register('name')} />
      </FormField>
      <div className="form-row">
        <IdDocumentFields
          idPrefix={idPrefix}
          typeField={register('documentType')}
          numberField={documentNumberField}
          typeError={errors.documentType?.message}
          numberError={errors.documentNumber?.message}
          autoFocusNumber={autoFocus === 'documentNumber'}
        />
      </div>
      {afterDocument}
      {documentType === 'passport' ? (
        <IssuingCountryField idPrefix={idPrefix} field={register('country')} error={errors.country?.message} shownForPassportOnly />
      ) : null}
      <FormField id={id('phone')} label="联系电话" error={errors.phone?.message} hint={phoneHint}>
        <input {...fieldAria(id('phone'), errors.phone?.message, phoneHint !== undefined)} type="tel" autoComplete="off" {...register('phone')} />
      </FormField>
      <div className={addressRowClassName}>
        <FormField id={id('building')} label="楼栋" error={errors.building?.message}>
          <input {...fieldAria(id('building'), errors.building?.message)} autoComplete="off" {...register('building')} />
        </FormField>
        <FormField id={id('unit')} label="单元" error={errors.unit?.message}>
          <input {...fieldAria(id('unit'), errors.unit?.message)} autoComplete="off" {...register('unit')} />
        </FormField>
        <FormField id={id('room')} label={roomLabel} error={errors.room?.message}>
          <input {...fieldAria(id('room'), errors.room?.message)} autoComplete="off" {...register('room')} />
        </FormField>
        {withGrid ? (
          <FormField id={id('grid')} label="网格" error={errors.grid?.message}>
            <input {...fieldAria(id('grid'), errors.grid?.message)} autoComplete="off" {...register('grid')} />
          </FormField>
        ) : null}
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
    </>
  );
}
