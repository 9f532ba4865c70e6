import type { ReactElement, ReactNode } from 'react';

type FormFieldProps = {
  /** Matches the control's `id`; the error and hint ids derive from it. */
  id: string;
  label: string;
  required?: boolean;
  hint?: ReactNode;
  /** Chinese message shown next to the field; the control should set `aria-invalid` and `aria-describedby`. */
  error?: string | undefined;
  children: ReactElement;
};

/** Label above, control, then hint or error. The label is always visible: clerks scan, they do not hover. */
export function FormField({ id, label, required = false, hint, error, children }: FormFieldProps) {
  return (
    <div className={error ? 'form-field form-field--invalid' : 'form-field'}>
      <label className="form-field__label" htmlFor={id}>
        {label}
        {required ? <span className="form-field__required"> *</span> : null}
      </label>
      {children}
      {error ? (
        <p className="form-field__error" id={fieldErrorId(id)} role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="form-field__hint" id={fieldHintId(id)}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function fieldErrorId(id: string): string {
  return `${id}-error`;
}

export function fieldHintId(id: string): string {
  return `${id}-hint`;
}

/** aria attributes for the control inside a FormField. */
export function fieldAria(id: string, error: string | undefined, hasHint = false) {
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? fieldErrorId(id) : hasHint ? fieldHintId(id) : undefined,
  } as const;
}
