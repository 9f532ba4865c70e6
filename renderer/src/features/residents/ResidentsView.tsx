import type { ResidentRow } from '../../store/rows';
import type { StoreContext } from '../../store/store-context';
import { RegisterResidentForm } from './RegisterResidentForm';
import { ResidentCard } from './ResidentCard';
import { ResidentList } from './ResidentList';
import { useResidentsUiStore } from './residents-ui-store';

type ResidentsViewProps = {
  ctx: StoreContext;
  selectedResidentId: string | null;
  onSelectResident: (id: string | null) => void;
};

export function ResidentsView({ ctx, selectedResidentId, onSelectResident }: ResidentsViewProps) {
  const query = useResidentsUiStore((s) => s.query);
  const setQuery = useResidentsUiStore((s) => s.setQuery);

  return (
    <div className="residents">
      <section className="card" aria-labelledby="resident-search-title">
        <h2 id="resident-search-title">查找居民</h2>
        <div className="form-field">
          <label className="form-field__label" htmlFor="resident-search">
            证件号码 / 姓名 / 拼音首字母 / 电话 / 手机尾号
          </label>
          <input
            id="resident-search"
            type="search"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <ResidentList db={ctx.db} query={query} selectedResidentId={selectedResidentId} onSelect={onSelectResident} />
      </section>

      <div className="residents__side">
        {selectedResidentId ? <ResidentCard db={ctx.db} ctx={ctx} residentId={selectedResidentId} /> : null}
        <section className="card" aria-labelledby="resident-register-title">
          <h2 id="resident-register-title">登记新居民</h2>
          <RegisterResidentForm ctx={ctx} onRegistered={(r: ResidentRow) => onSelectResident(r.id)} />
        </section>
      </div>
    </div>
  );
}
