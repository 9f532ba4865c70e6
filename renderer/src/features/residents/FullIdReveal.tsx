import { useEffect, useState } from 'react';
import { can } from '@shared/domain/staff/permissions';
import { withAudit } from '../../store/audit';
import type { StoreContext } from '../../store/store-context';
import { failureOf } from '../../store/store-error';
import { Button } from '../../ui/Button';

/** Long enough to read the number to the resident or copy it onto a form, short enough not to be left showing. */
const SHOW_FOR_MS = 60_000;

type Props = { ctx: StoreContext; residentId: string; number: string; masked: string };

/**
 * The masked document number, and 显示完整证件号 for when the clerk really needs all of it. Showing it writes an
 * audit row FIRST (who, which resident, when, where); if that cannot be written the number stays masked. It
 * hides again by itself after a minute.
 */
export function FullIdReveal({ ctx, residentId, number, masked }: Props) {
  const [shown, setShown] = useState(false);
  const [failure, setFailure] = useState<{ message: string; code: string } | null>(null);

  useEffect(() => {
    if (!shown) return;
    const t = setTimeout(() => setShown(false), SHOW_FOR_MS);
    return () => clearTimeout(t);
  }, [shown]);

  const reveal = async () => {
    setFailure(null);
    try {
      await withAudit(ctx, { action: 'id.reveal', target: { type: 'resident', id: residentId } }, () => setShown(true));
    } catch (err) {
      setFailure(failureOf(err));
    }
  };

  return (
    <>
      <span data-testid="resident-document">{shown ? number : masked}</span>{' '}
      {can(ctx.workstation.role, 'id.reveal') ? (
        shown ? (
          <Button onClick={() => setShown(false)}>隐藏</Button>
        ) : (
          <Button onClick={() => void reveal()}>显示完整证件号</Button>
        )
      ) : null}
      {failure ? (
        <span role="alert" className="form-field__error">
          {failure.message}（错误代码：{failure.code}）
        </span>
      ) : null}
    </>
  );
}
