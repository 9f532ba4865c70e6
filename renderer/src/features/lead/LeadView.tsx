import { useMemo } from 'react';
import type { StoreContext } from '../../store/store-context';
import type { WorkstationConfig } from '../../store/workstation-config';
import { DailyLogPage } from './DailyLogPage';
import { HallBoard } from './HallBoard';
import { useLeadUi, type LeadTab } from './lead-ui-store';
import { useHallBoard } from './use-lead-data';
import { useNow } from './use-now';
import './lead.css';

const TABS: Record<LeadTab, string> = { board: '大厅看板', log: '工作日志' };

type Props = { ctx: StoreContext; config: WorkstationConfig };

/** 值班: the lead's screens. Staff roles do not exist yet, so every workstation can open them. */
export function LeadView({ ctx, config }: Props) {
  const tab = useLeadUi((s) => s.tab);
  const setTab = useLeadUi((s) => s.setTab);
  const hall = useMemo(() => ({ code: config.hallCode, name: config.hallName }), [config.hallCode, config.hallName]);
  return (
    <div className="lead-view">
      <div className="lead-tabs no-print" role="tablist" aria-label="值班">
        {(Object.keys(TABS) as LeadTab[]).map((t) => (
          <button key={t} type="button" role="tab" id={`lead-tab-${t}`} aria-selected={t === tab} aria-controls={`lead-panel-${t}`} className="lead-tabs__tab" onClick={() => setTab(t)}>
            {TABS[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`lead-panel-${tab}`} aria-labelledby={`lead-tab-${tab}`}>
        {tab === 'board' ? <BoardPanel ctx={ctx} hall={hall} /> : <DailyLogPage ctx={ctx} hall={hall} />}
      </div>
    </div>
  );
}

function BoardPanel({ ctx, hall }: { ctx: StoreContext; hall: { code: string; name: string } }) {
  const now = useNow(ctx.now, 30_000);
  const board = useHallBoard(ctx.db, hall, now);
  if (board === undefined) {
    return (
      <p className="muted" aria-busy="true">
        正在汇总…
      </p>
    );
  }
  return <HallBoard board={board} />;
}
