import type { UseFormRegisterReturn } from 'react-hook-form';
import { ID_DOCUMENT_TYPE_LABELS, ID_DOCUMENT_TYPES } from '@shared/domain/resident';
import { FormField, fieldAria } from '../FormField';

type IdDocumentFieldsProps = {
  /** Prefix of the control ids: `${idPrefix}-docType`, `${idPrefix}-docNumber`. */
  idPrefix: string;
  /** Who the document belongs to, put before the labels (代办人); none for the resident. */
  labelPrefix?: string;
  typeField: UseFormRegisterReturn;
  numberField: UseFormRegisterReturn;
  typeError?: string | undefined;
  numberError?: string | undefined;
  autoFocusNumber?: boolean;
};

/** 证件类型 and 证件号码, side by side inside the caller's `.form-row`. */
export function IdDocumentFields({ idPrefix, labelPrefix = '', typeField, numberField, typeError, numberError, autoFocusNumber = false }: IdDocumentFieldsProps) {
  const typeId = `${idPrefix}-docType`;
  const numberId = `${idPrefix}-docNumber`;
  return (
    <>
      <FormField id={typeId} label={`${labelPrefix}证件类型`} required error={typeError}>
        <select {...fieldAria(typeId, typeError)} {...typeField}>
          {ID_DOCUMENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {ID_DOCUMENT_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id={numberId} label={`${labelPrefix}证件号码`} required error={numberError}>
        <input {...fieldAria(numberId, numberError)} autoComplete="off" spellCheck={false} autoFocus={autoFocusNumber} {...numberField} />
      </FormField>
    </>
  );
}

type IssuingCountryFieldProps = {
  idPrefix: string;
  field: UseFormRegisterReturn;
  error?: string | undefined;
  /** Where the field is shown only for a passport it is required; where it is always shown it says so in its label. */
  shownForPassportOnly: boolean;
};

/** 签发国家 of a passport (`validateIdDocument` refuses a passport without one). */
export function IssuingCountryField({ idPrefix, field, error, shownForPassportOnly }: IssuingCountryFieldProps) {
  const id = `${idPrefix}-country`;
  return shownForPassportOnly ? (
    <FormField id={id} label="签发国家" required error={error} hint="如 USA 或 美国">
      <input {...fieldAria(id, error, true)} autoComplete="off" {...field} />
    </FormField>
  ) : (
    <FormField id={id} label="签发国家（护照）" error={error}>
      <input {...fieldAria(id, error)} autoComplete="off" {...field} />
    </FormField>
  );
}
