import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState, type BaseSyntheticEvent, type RefObject } from 'react';
import { useForm } from 'react-hook-form';
import { isNegativeRating, RATING_LABELS, type RatingLevel } from '@shared/domain/case/events';
import { recordCaseAction } from '../../store/intake-commands';
import type { StoreContext } from '../../store/store-context';
import { failureOf } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField, fieldAria } from '../../ui/FormField';
import { RatingReasonSchema, type RatingReasonValues } from './case-action-forms';
import { RATING_ORDER } from './case-labels';

type Props = {
  ctx: StoreContext;
  caseId: string;
  onRated?: () => void;
  /** Where the digit keys are listened for; the panel itself when absent. The counter listens on the whole outcome
   * panel, so 1–5 work while focus is still on the print button. */
  keyScope?: RefObject<HTMLElement | null>;
};

/**
 * 好差评: five levels, by click or by the digits 1–5. 不满意 and 非常不满意 need the resident's reason and put the
 * case on the lead's follow-up list (the reducer sets the flag).
 */
export function RatingPanel({ ctx, caseId, onRated, keyScope }: Props) {
  const [negative, setNegative] = useState<RatingLevel | null>(null);
  const [failure, setFailure] = useState<{ message: string; code: string } | null>(null);
  const busy = useRef(false);
  const sectionRef = useRef<HTMLElement>(null);
  const {
    register,
    handleSubmit,
    setFocus,
    formState: { errors },
  } = useForm<RatingReasonValues>({ resolver: zodResolver(RatingReasonSchema), defaultValues: { reason: '' } });

  useEffect(() => {
    if (negative !== null) setFocus('reason');
  }, [negative, setFocus]);

  const submit = async (level: RatingLevel, reason?: string) => {
    if (busy.current) return;
    busy.current = true;
    setFailure(null);
    try {
      await recordCaseAction(ctx, caseId, { kind: 'rate', level, ...(reason !== undefined ? { reason } : {}) });
      onRated?.();
    } catch (err) {
      setFailure(failureOf(err));
    } finally {
      busy.current = false;
    }
  };

  const pick = (level: RatingLevel) => {
    if (isNegativeRating(level)) setNegative(level);
    else void submit(level);
  };

  // Built per event, not during render: `submit` reads the in-flight ref.
  const submitReason = (e?: BaseSyntheticEvent) =>
    handleSubmit((v) => {
      if (negative !== null) return submit(negative, v.reason);
    })(e);

  // The latest `pick` for the native listener below, without re-binding it on every render.
  const pickRef = useRef(pick);
  useEffect(() => {
    pickRef.current = pick;
  });
  useEffect(() => {
    const scope = keyScope?.current ?? sectionRef.current;
    if (!scope) return;
    const onKeyDown = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.defaultPrevented || target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT') return;
      const level = /^[1-5]$/.test(e.key) ? RATING_ORDER[Number(e.key) - 1] : undefined;
      if (level === undefined) return;
      e.preventDefault();
      pickRef.current(level);
    };
    scope.addEventListener('keydown', onKeyDown);
    return () => scope.removeEventListener('keydown', onKeyDown);
  }, [keyScope]);

  const reasonError = errors.reason?.message;
  const reasonField = register('reason');
  return (
    <section ref={sectionRef} className="case-rating" aria-labelledby="case-rating-title">
      <h3 id="case-rating-title">请居民评价（按数字键 1–5）</h3>
      <div className="case-rating__levels" role="group" aria-label="评价等级">
        {RATING_ORDER.map((level, i) => (
          <Button key={level} variant={negative === level ? 'primary' : 'secondary'} aria-pressed={negative === level} onClick={() => pick(level)}>
            <kbd aria-hidden="true">{i + 1}</kbd> {RATING_LABELS[level]}
          </Button>
        ))}
      </div>
      {negative !== null ? (
        <form noValidate aria-label="不满意原因" onSubmit={(e) => void submitReason(e)}>
          <FormField id="case-rating-reason" label="不满意原因" required error={reasonError}>
            <textarea
              {...fieldAria('case-rating-reason', reasonError)}
              rows={2}
              {...reasonField}
              onKeyDown={(e) => {
                // Enter submits; Shift+Enter keeps a line break for a longer account.
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  void submitReason();
                }
              }}
            />
          </FormField>
          <div className="form-actions">
            <Button type="submit" variant="primary">
              提交评价
            </Button>
          </div>
        </form>
      ) : null}
      {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
    </section>
  );
}
