import { useLiveQuery } from 'dexie-react-hooks';
import { hallDateOf } from '@shared/domain/case/hall-date';
import { maskName } from '@shared/domain/mask';
import { AUDIT_ACTIONS, AUDIT_ACTION_LABELS, type AuditEntry, type AuditFilter } from '@shared/domain/staff/audit-entry';
import { AUDIT_PAGE_LIMIT, auditTrail } from '../../store/audit';
import { hallStaff } from '../../store/staff';
import { isoAt, type StoreContext } from '../../store/store-context';
import { failureOf } from '../../store/store-error';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { auditDetailText, hallDateTime } from './audit-format';
import { useAuditUi } from './audit-ui-store';
import './audit.css';

type Props = { ctx: StoreContext };

type Loaded = { rows: AuditEntry[]; options: AuditEntry[] } | { error: { message: string; code: string } };

/**
 * 操作审计 (leads and admins): who created, changed, printed or exported what, and who looked at a whole ID
 * number, at which window and when — this workstation's rows and those pulled from the hall's others. The store
 * decides what may be read (a clerk would get only their own rows); this page only filters.
 */
export function AuditPage({ ctx }: Props) {
  const ui = useAuditUi();
  const today = hallDateOf(isoAt(ctx.now()));
  const from = ui.from ?? today;
  const to = ui.to ?? today;
  const filter: AuditFilter = {
    from,
    to,
    ...(ui.staffId ? { staffId: ui.staffId } : {}),
    ...(ui.action ? { action: ui.action } : {}),
    ...(ui.workstationId ? { workstationId: ui.workstationId } : {}),
  };

  const loaded = useLiveQuery(async (): Promise<Loaded> => {
    try {
      // The rows as filtered, and the whole range for the choices in the filters (who and which windows appear).
      const [rows, options] = await Promise.all([auditTrail(ctx, filter), auditTrail(ctx, { from, to })]);
      return { rows, options };
    } catch (err) {
      return { error: failureOf(err) };
    }
    // The filter's fields are the dependencies; the object itself is rebuilt every render.
  }, [ctx, from, to, ui.staffId, ui.action, ui.workstationId]);
  const staff = useLiveQuery(() => hallStaff(ctx.db, ctx.workstation.hallCode), [ctx]);
  const residentIds = loaded && 'rows' in loaded ? [...new Set(loaded.rows.filter((r) => r.target.type === 'resident').map((r) => r.target.id))] : [];
  const residentNames = useLiveQuery(
    async () => new Map((await ctx.db.residents.bulkGet(residentIds)).flatMap((r) => (r ? [[r.id, maskName(r.name)] as const] : []))),
    [ctx.db, residentIds.join(',')],
  );

  const staffNames = new Map<string, string>();
  for (const s of staff ?? []) staffNames.set(s.id, s.name);
  const options = loaded && 'options' in loaded ? loaded.options : [];
  for (const r of options) if (r.staffName && !staffNames.has(r.staffId)) staffNames.set(r.staffId, r.staffName);
  const workstations = new Map<string, string>();
  for (const r of options) workstations.set(r.workstationId, r.workstationCode ?? r.workstationId.slice(0, 8));

  const targetText = (r: AuditEntry): string => {
    switch (r.target.type) {
      case 'case':
        return `办件 ${r.target.label ?? r.target.id.slice(0, 8)}`;
      case 'resident':
        return `居民 ${residentNames?.get(r.target.id) ?? r.target.id.slice(0, 8)}`;
      case 'staff':
        return `账号 ${r.target.label ?? r.target.id.slice(0, 8)}`;
      case 'workstation':
        return `工作站 ${r.target.label ?? ''}`;
      case 'daily-log':
        return `工作日志 ${r.target.label ?? ''}`;
    }
  };

  return (
    <section className="audit-page" aria-labelledby="audit-title">
      <h2 id="audit-title">操作审计</h2>
      <form className="card audit-filters" aria-label="审计筛选" onSubmit={(e) => e.preventDefault()}>
        <div className="form-field">
          <label className="form-field__label" htmlFor="audit-from">
            起始日期
          </label>
          <input id="audit-from" type="date" value={from} onChange={(e) => ui.set({ from: e.target.value || null })} />
        </div>
        <div className="form-field">
          <label className="form-field__label" htmlFor="audit-to">
            截止日期
          </label>
          <input id="audit-to" type="date" value={to} onChange={(e) => ui.set({ to: e.target.value || null })} />
        </div>
        <div className="form-field">
          <label className="form-field__label" htmlFor="audit-staff">
            工作人员
          </label>
          <select id="audit-staff" value={ui.staffId} onChange={(e) => ui.set({ staffId: e.target.value })}>
            <option value="">全部</option>
            {[...staffNames].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label className="form-field__label" htmlFor="audit-action">
            操作
          </label>
          <select id="audit-action" value={ui.action} onChange={(e) => ui.set({ action: e.target.value as (typeof AUDIT_ACTIONS)[number] | '' })}>
            <option value="">全部</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label className="form-field__label" htmlFor="audit-workstation">
            工作站
          </label>
          <select id="audit-workstation" value={ui.workstationId} onChange={(e) => ui.set({ workstationId: e.target.value })}>
            <option value="">全部</option>
            {[...workstations].map(([id, code]) => (
              <option key={id} value={id}>
                {code}
              </option>
            ))}
          </select>
        </div>
      </form>

      {loaded === undefined ? (
        <p className="muted" aria-busy="true">
          正在读取…
        </p>
      ) : 'error' in loaded ? (
        <ErrorNotice message={loaded.error.message} code={loaded.error.code} />
      ) : loaded.rows.length === 0 ? (
        <p className="muted">所选范围内没有操作记录。</p>
      ) : (
        <>
          <table className="audit-table" aria-label="操作记录">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">工作人员</th>
                <th scope="col">操作</th>
                <th scope="col">对象</th>
                <th scope="col">工作站</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {loaded.rows.map((r) => (
                <tr key={r.id}>
                  <td>{hallDateTime(r.at)}</td>
                  <td>{staffNames.get(r.staffId) ?? r.staffName ?? r.staffId.slice(0, 8)}</td>
                  <td>{AUDIT_ACTION_LABELS[r.action]}</td>
                  <td>{targetText(r)}</td>
                  <td>{r.workstationCode ?? r.workstationId.slice(0, 8)}</td>
                  <td>{auditDetailText(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {loaded.rows.length >= AUDIT_PAGE_LIMIT ? <p className="muted">只显示最近 {AUDIT_PAGE_LIMIT} 条，请缩小日期范围或加筛选条件。</p> : null}
        </>
      )}
    </section>
  );
}
