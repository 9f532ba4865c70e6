import { useLiveQuery } from 'dexie-react-hooks';
import { getResident } from '../../store/residents';
import type { YizhanDb } from '../../store/schema';
import type { StoreContext } from '../../store/store-context';
import { FullIdReveal } from './FullIdReveal';
import { residentDisplay } from './resident-display';

/** `ctx`, when given, offers 显示完整证件号 (audited) to a signed-in session. */
type ResidentCardProps = { db: YizhanDb; residentId: string; ctx?: StoreContext };

/** The resident being served, read live so an edit from sync shows at once. */
export function ResidentCard({ db, residentId, ctx }: ResidentCardProps) {
  // null: gone (e.g. another window); undefined: loading.
  const resident = useLiveQuery(async () => (await getResident(db, residentId)) ?? null, [db, residentId]);
  if (resident === undefined) return null;
  if (resident === null) return <p className="muted">该居民记录已不存在。</p>;
  const d = residentDisplay(resident);
  return (
    <section className="card resident-card" aria-label="当前居民" data-testid="resident-card">
      <h3>
        {d.name}
        {d.sex ? <span className="muted">（{d.sex}）</span> : null}
      </h3>
      <dl>
        <dt>{d.documentLabel}</dt>
        <dd>{ctx ? <FullIdReveal key={resident.id} ctx={ctx} residentId={resident.id} number={resident.document.number} masked={d.maskedDocument} /> : d.maskedDocument}</dd>
        <dt>联系电话</dt>
        <dd>{d.maskedPhone ?? '未登记'}</dd>
        <dt>住址</dt>
        <dd>{d.address ?? '未登记'}</dd>
        {d.flags.length > 0 ? (
          <>
            <dt>标签</dt>
            <dd>{d.flags.join('、')}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
