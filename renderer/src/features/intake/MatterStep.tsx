import { useMemo, useState, type KeyboardEvent } from 'react';
import { HANDLING_LABELS, TRIAGE_CLASS_LABELS } from '@shared/domain/catalogue/matter';
import { Button } from '../../ui/Button';
import { needsMaterials, searchCatalogue, type MatterHit } from './intake-catalogue';
import { useIntakeStore, type MatterPick } from './intake-store';

const SEARCH_ID = 'intake-matter-search';
const LIST_ID = 'intake-matter-results';

function pickOf(hit: MatterHit): MatterPick {
  return hit.kind === 'matter' ? { source: 'catalogue', code: hit.matter.code } : { source: 'not-allowed', code: hit.matter.code };
}

/**
 * Step 2, 选择事项: search the approved catalogue by name, code or pinyin initials. Each hit shows its 三事分流
 * class; things the community must not provide are listed apart, with where the resident should go instead.
 */
export function MatterStep() {
  const query = useIntakeStore((s) => s.matterQuery);
  const setQuery = useIntakeStore((s) => s.setMatterQuery);
  const chooseMatter = useIntakeStore((s) => s.chooseMatter);
  const hits = useMemo(() => searchCatalogue(query), [query]);
  const [active, setActive] = useState(0);

  const choose = (pick: MatterPick) => chooseMatter(pick, needsMaterials(pick));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (hits.length > 0) setActive((a) => (event.key === 'ArrowDown' ? (a + 1) % hits.length : (a - 1 + hits.length) % hits.length));
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const hit = hits[Math.min(active, hits.length - 1)];
    if (hit !== undefined) choose(pickOf(hit));
  };

  const firstNotAllowed = hits.findIndex((h) => h.kind === 'not-allowed');
  const activeIndex = Math.min(active, hits.length - 1);
  return (
    <section className="card intake-step" aria-labelledby="intake-matter-title">
      <h2 id="intake-matter-title">第二步：选择事项</h2>
      <div className="form-field">
        <label className="form-field__label" htmlFor={SEARCH_ID}>
          事项查找（名称、编码或拼音首字母）
        </label>
        <input
          id={SEARCH_ID}
          type="text"
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls={LIST_ID}
          aria-activedescendant={hits.length > 0 ? `${LIST_ID}-${activeIndex}` : undefined}
          aria-autocomplete="list"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <p className="form-field__hint">如 dbsq（低保申请）、MZ-001；↑↓ 选择，回车确认，Esc 返回上一步。</p>
      </div>
      <p className="muted" aria-live="polite">
        {hits.length === 0 ? '目录中没有找到该事项' : `找到 ${hits.length} 项`}
      </p>
      <ul id={LIST_ID} role="listbox" aria-label="事项查找结果" className="intake-options">
        {hits.map((hit, i) => (
          <li
            key={`${hit.kind}-${hit.matter.code}`}
            id={`${LIST_ID}-${i}`}
            role="option"
            aria-selected={i === activeIndex}
            className={[
              'intake-option',
              i === activeIndex ? 'intake-option--active' : '',
              i === firstNotAllowed ? 'intake-option--group-start' : '',
            ].join(' ')}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(pickOf(hit))}
          >
            {hit.kind === 'matter' ? (
              <>
                <span className="intake-option__title">{hit.matter.name}</span>
                <span className="intake-option__meta">{hit.matter.code}</span>
                <span className={`badge badge--triage-${hit.matter.triage}`}>{TRIAGE_CLASS_LABELS[hit.matter.triage]}</span>
                {hit.matter.triage === 'private' ? (
                  <span className="intake-option__meta">引导至：{hit.matter.department.name}</span>
                ) : (
                  <span className="intake-option__meta">
                    {HANDLING_LABELS[hit.matter.handling]}
                    {hit.matter.handling === 'promised' ? `（${hit.matter.timeLimitDays} 个工作日）` : ''}
                  </span>
                )}
              </>
            ) : (
              <>
                <span className="intake-option__title">{hit.matter.name}</span>
                <span className="badge badge--not-allowed">不予受理事项</span>
                <span className="intake-option__meta">请往：{hit.matter.referTo.name}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      {query.trim() !== '' ? (
        <Button className="intake-step__secondary" onClick={() => chooseMatter({ source: 'other', name: query.trim() }, false)}>
          目录外事项：登记引导
        </Button>
      ) : null}
    </section>
  );
}
