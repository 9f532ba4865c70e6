import { useState, type KeyboardEvent } from 'react';
import { maskIdNumber, maskPhone } from '@shared/domain/mask';
import { ID_DOCUMENT_TYPE_LABELS, RESIDENT_FLAG_LABELS } from '@shared/domain/resident';
import { searchResidents } from '../../store/residents';
import type { ResidentRow } from '../../store/rows';
import type { StoreContext } from '../../store/store-context';
import { classifyResidentQuery } from '../../store/search-query';
import { Button } from '../../ui/Button';
import { useTaggedLiveQuery } from '../../ui/use-tagged-live-query';
import { useIntakeStore } from './intake-store';
import { RegisterInline } from './RegisterInline';

const SEARCH_ID = 'intake-resident-search';
const LIST_ID = 'intake-resident-results';

/**
 * Step 1, 识别居民: one box for an ID number (typed, or a card reader's keyboard-wedge input ending in Enter), a
 * name, pinyin initials, a phone number or its last four digits. Results follow the typing; Enter takes the
 * highlighted one, or offers registration when nobody matches.
 */
export function IdentifyStep({ ctx }: { ctx: StoreContext }) {
  const query = useIntakeStore((s) => s.residentQuery);
  const setQuery = useIntakeStore((s) => s.setResidentQuery);
  const chooseResident = useIntakeStore((s) => s.chooseResident);
  const session = useIntakeStore((s) => s.session);
  // A list still shown for the previous query must not decide what Enter picks.
  const { value: results, current } = useTaggedLiveQuery(query, () => searchResidents(ctx.db, query), [ctx.db, query]);
  const [active, setActive] = useState(0);
  const [registering, setRegistering] = useState<string | null>(null);
  const mode = classifyResidentQuery(query).mode;

  const onKeyDown = async (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const count = results?.length ?? 0;
      if (count > 0) setActive((a) => (event.key === 'ArrowDown' ? (a + 1) % count : (a - 1 + count) % count));
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // A card reader types 18 characters and Enter faster than the live query follows: ask the store directly.
    const fresh = await searchResidents(ctx.db, query);
    const pick = fresh[current ? Math.min(active, fresh.length - 1) : 0];
    if (pick !== undefined) chooseResident(pick.id);
    else if (classifyResidentQuery(query).mode !== 'none') setRegistering(query);
  };

  if (registering !== null) {
    return (
      <RegisterInline
        ctx={ctx}
        typed={registering}
        onCancel={() => setRegistering(null)}
        onRegistered={(r) => {
          setRegistering(null);
          chooseResident(r.id);
        }}
        onUseExisting={(id) => {
          setRegistering(null);
          chooseResident(id);
        }}
      />
    );
  }

  const activeId = results && results.length > 0 ? `${LIST_ID}-${Math.min(active, results.length - 1)}` : undefined;
  return (
    <section className="card intake-step" aria-labelledby="intake-identify-title">
      <h2 id="intake-identify-title">第一步：识别居民</h2>
      <div className="form-field">
        <label className="form-field__label" htmlFor={SEARCH_ID}>
          居民查找（证件号码、姓名、拼音首字母、电话或手机尾号）
        </label>
        <input
          key={session}
          id={SEARCH_ID}
          type="text"
          role="combobox"
          aria-expanded={results !== undefined && results.length > 0}
          aria-controls={LIST_ID}
          aria-activedescendant={activeId}
          aria-autocomplete="list"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => void onKeyDown(e)}
        />
        <p className="form-field__hint">可直接刷身份证；↑↓ 选择，回车确认；没有找到时回车登记新居民。</p>
      </div>

      {mode === 'none' ? null : results === undefined ? (
        <p className="muted">查找中…</p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {results.length === 0 ? '没有找到居民' : `找到 ${results.length} 位居民`}
          </p>
          <ul id={LIST_ID} role="listbox" aria-label="居民查找结果" aria-busy={!current} className="intake-options">
            {results.map((r, i) => (
              <ResidentOption key={r.id} id={`${LIST_ID}-${i}`} resident={r} active={i === active} onPick={() => chooseResident(r.id)} />
            ))}
          </ul>
          {results.length === 0 ? (
            <Button variant="primary" onClick={() => setRegistering(query)}>
              登记新居民
            </Button>
          ) : null}
        </>
      )}
      {mode === 'none' ? (
        <Button onClick={() => setRegistering('')} className="intake-step__secondary">
          登记新居民
        </Button>
      ) : null}
    </section>
  );
}

function ResidentOption({ id, resident, active, onPick }: { id: string; resident: ResidentRow; active: boolean; onPick: () => void }) {
  const a = resident.address;
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      className={active ? 'intake-option intake-option--active' : 'intake-option'}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onPick}
    >
      <span className="intake-option__title">{resident.name}</span>
      <span className="intake-option__meta">
        {ID_DOCUMENT_TYPE_LABELS[resident.document.type]} {maskIdNumber(resident.document.number)}
      </span>
      {resident.phone ? <span className="intake-option__meta">{maskPhone(resident.phone)}</span> : null}
      {a ? <span className="intake-option__meta">{`${a.building}${a.unit ? ` ${a.unit}` : ''} ${a.room}室`}</span> : null}
      {resident.flags.map((f) => (
        <span key={f} className="badge">
          {RESIDENT_FLAG_LABELS[f]}
        </span>
      ))}
    </li>
  );
}
