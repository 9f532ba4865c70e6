import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import {
  choosableFieldsOf,
  resolveFieldConflict,
  type ChoosableResidentField,
  type ConflictChoice,
} from '../../store/conflict-resolution';
import { getResident } from '../../store/residents';
import type { StoreContext } from '../../store/store-context';
import { isStoreError, storeErrorMessage } from '../../store/store-error';
import type { SyncConflict } from '../../store/sync-store';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { CONFLICT_FIELD_LABELS, conflictValueText, differOnlyWhereMasked } from './conflict-values';

const CHOICE_WORDS: Record<ConflictChoice, string> = {
  server: '其他窗口的修改',
  incoming: '本窗口的修改',
  current: '保留当前值',
};

/**
 * One field conflict, for a lead: each field the two windows changed, with both values (ID numbers and phones
 * masked) and the resident's current one; the lead picks per field and saves. Saving writes the choice as a new
 * edit that the server and the other windows take over either side (store/conflict-resolution.ts).
 */
export function ConflictResolver({ ctx, conflict }: { ctx: StoreContext; conflict: SyncConflict }) {
  const residentId = conflict.residentId ?? '';
  // null: not on this workstation; undefined: still loading.
  const resident = useLiveQuery(async () => (await getResident(ctx.db, residentId)) ?? null, [ctx.db, residentId]);
  const fields = choosableFieldsOf(conflict);
  const [choices, setChoices] = useState<Partial<Record<ChoosableResidentField, ConflictChoice>>>(() =>
    Object.fromEntries(fields.map((f) => [f, 'current'])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await resolveFieldConflict(ctx, conflict.key, choices);
    } catch (err) {
      setError(
        isStoreError(err)
          ? { code: err.code, message: storeErrorMessage(err.code, err.details) }
          : { code: 'internal/unexpected', message: storeErrorMessage('internal/unexpected') },
      );
    } finally {
      setBusy(false);
    }
  }

  const sides = (field: ChoosableResidentField) => (conflict.fields ?? []).filter((f) => f.field === field).at(-1);
  const current = (resident ?? undefined) as Record<string, unknown> | undefined;

  return (
    <div className="sync-conflict" data-testid="sync-conflict-resolver">
      {resident === undefined ? null : resident === null ? <p className="muted">本机没有该居民的记录。</p> : null}
      {fields.length === 0 ? (
        <p className="muted">两个窗口同时修改了该居民的其他信息，只有更新时间不同，确认即可。</p>
      ) : (
        fields.map((field) => {
          const s = sides(field);
          if (!s) return null;
          const options: Array<[ConflictChoice, unknown]> = [
            ['server', s.server.value],
            ['incoming', s.incoming.value],
            ['current', current?.[field]],
          ];
          return (
            <fieldset key={field} className="sync-conflict__field">
              <legend>{CONFLICT_FIELD_LABELS[field]}</legend>
              {options.map(([choice, value]) => (
                <label key={choice} className="sync-conflict__option">
                  <input
                    type="radio"
                    name={`${conflict.key}-${field}`}
                    value={choice}
                    checked={choices[field] === choice}
                    onChange={() => setChoices((c) => ({ ...c, [field]: choice }))}
                  />
                  <span>{CHOICE_WORDS[choice]}</span>
                  <span data-testid={`conflict-${field}-${choice}`}>{conflictValueText(field, value)}</span>
                  {choice !== 'current' && s.kept === choice ? <span className="muted">（服务器暂存）</span> : null}
                </label>
              ))}
              {differOnlyWhereMasked(field, s.server.value, s.incoming.value) ? (
                <p className="sync-page__warning">两个值只在遮挡的数字上不同，请到“居民”页面查看完整号码后再选择。</p>
              ) : null}
            </fieldset>
          );
        })
      )}
      {error ? <ErrorNotice message={error.message} code={error.code} /> : null}
      <Button variant="primary" onClick={() => void save()} disabled={busy || !resident}>
        {busy ? '正在保存…' : fields.length === 0 ? '确认' : '采用所选'}
      </Button>
    </div>
  );
}
