import { searchResidents } from '../../store/residents';
import type { YizhanDb } from '../../store/schema';
import { classifyResidentQuery } from '../../store/search-query';
import { useTaggedLiveQuery } from '../../ui/use-tagged-live-query';
import { residentDisplay } from './resident-display';

type ResidentListProps = {
  db: YizhanDb;
  query: string;
  selectedResidentId: string | null;
  onSelect: (id: string) => void;
};

const MODE_LABELS = {
  document: '按证件号码',
  'document-prefix': '按证件号码开头',
  phone: '按电话号码',
  'phone-tail': '按手机尾号',
  'name-prefix': '按姓名',
  initials: '按拼音首字母',
  none: '',
} as const;

export function ResidentList({ db, query, selectedResidentId, onSelect }: ResidentListProps) {
  // A stale list stays on screen while the next query is read (no flicker while typing), marked busy.
  const { value: results, current } = useTaggedLiveQuery(query, () => searchResidents(db, query), [db, query]);
  const mode = classifyResidentQuery(query).mode;

  if (mode === 'none') {
    return <p className="muted">输入证件号码、姓名、拼音首字母（如 zsf）、电话号码或手机尾号 4 位查找居民。</p>;
  }
  if (results === undefined) return <p className="muted">查找中…</p>;
  return (
    <div>
      <p className="muted" aria-live="polite">
        {MODE_LABELS[mode]}查找：{results.length === 0 ? '没有找到居民' : `找到 ${results.length} 位居民`}
      </p>
      <ul className="resident-list" aria-label="查找结果" aria-busy={!current}>
        {results.map((r) => {
          const d = residentDisplay(r);
          return (
            <li key={r.id}>
              <button
                type="button"
                className="resident-list__item"
                aria-pressed={r.id === selectedResidentId}
                onClick={() => onSelect(r.id)}
              >
                <span className="resident-list__name">{d.name}</span>
                <span className="resident-list__doc">
                  {d.documentLabel} {d.maskedDocument}
                </span>
                {d.maskedPhone ? <span className="resident-list__phone">{d.maskedPhone}</span> : null}
                {d.address ? <span className="resident-list__address">{d.address}</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
