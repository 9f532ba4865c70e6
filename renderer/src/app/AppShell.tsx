import { useState } from 'react';
import { DevPlaceholder } from '../ui/DevPlaceholder';
import { ResidentsView } from '../features/residents/ResidentsView';
import { IntakeView } from '../features/intake/IntakeView';
import { CasesView, openCaseOnDesk } from '../features/cases/CasesView';
import { CaseOutcomePanel } from '../features/cases/CaseOutcomePanel';
import { SyncPage } from '../features/sync/SyncPage';
import { LeadView } from '../features/lead/LeadView';
import { syncRuntimeFor } from '../features/sync/sync-runtime';
import { AuditPage } from '../features/audit/AuditPage';
import { Permitted } from '../features/auth/Permitted';
import { SessionControls } from '../features/auth/SessionControls';
import { SettingsPage } from '../features/settings/SettingsPage';
import { ShiftsPage } from '../features/shifts/ShiftsPage';
import { can, type Permission } from '@shared/domain/staff/permissions';
import type { StoreContext } from '../store/store-context';
import type { WorkstationConfig } from '../store/workstation-config';
import { StatusLine } from './StatusLine';
import { useUiStore, VIEWS, type View } from './ui-store';

const VIEW_LABELS: Record<View, string> = {
  intake: '受理',
  cases: '办件',
  residents: '居民',
  shifts: '交接班',
  sync: '同步',
  lead: '值班',
  audit: '审计',
  settings: '设置',
};

/** What the signed-in role needs to see each screen (shared/domain/staff/permissions.ts); others are hidden. */
const VIEW_PERMISSION: Record<View, Permission> = {
  intake: 'counter.serve',
  cases: 'counter.serve',
  residents: 'counter.serve',
  // Every clerk starts and ends their own shift; acknowledging a handover is checked on the page and in the store.
  shifts: 'counter.serve',
  sync: 'counter.serve',
  lead: 'lead.view',
  audit: 'audit.view-all',
  settings: 'settings.change',
};

/** Screens later issues build, described so the clerk knows what is coming rather than seeing a blank page. */
const PLACEHOLDERS: Partial<Record<View, string>> = {};

type AppShellProps = { ctx: StoreContext; config: WorkstationConfig };

export function AppShell({ ctx, config }: AppShellProps) {
  const view = useUiStore((s) => s.view);
  const showView = useUiStore((s) => s.showView);
  const selectedResidentId = useUiStore((s) => s.selectedResidentId);
  const selectResident = useUiStore((s) => s.selectResident);
  // Started once per page (an idempotent singleton), whichever view is showing: sync runs in the background.
  const [syncRuntime] = useState(() => syncRuntimeFor(ctx.db));

  return (
    <div className="app-shell">
      <header className="app-header">
        <h1 className="app-header__title">一站 · 社区一站式办事</h1>
        <p className="app-header__place">
          <span>{config.hallName}</span>
          <span className="app-header__code">（{config.hallCode}）</span>
          <span className="app-header__window">窗口 {config.workstationCode}</span>
        </p>
        <SessionControls />
      </header>

      <nav className="app-nav" aria-label="主导航">
        {VIEWS.filter((v) => can(ctx.workstation.role, VIEW_PERMISSION[v])).map((v) => (
          <button
            key={v}
            type="button"
            className="app-nav__item"
            aria-current={v === view ? 'page' : undefined}
            onClick={() => showView(v)}
          >
            {VIEW_LABELS[v]}
            {PLACEHOLDERS[v] ? <span className="badge badge--dev">开发中</span> : null}
          </button>
        ))}
      </nav>

      <main className="app-main">
        <Permitted role={ctx.workstation.role} permission={VIEW_PERMISSION[view]}>
          {view === 'intake' ? (
            <IntakeView
              ctx={ctx}
              renderOutcome={(caseId, onNext) => (
                <CaseOutcomePanel
                  ctx={ctx}
                  hall={{ name: config.hallName, code: config.hallCode }}
                  caseId={caseId}
                  onNext={onNext}
                  onOpenCase={(id) => {
                    openCaseOnDesk(id);
                    showView('cases');
                  }}
                />
              )}
            />
          ) : view === 'cases' ? (
            <CasesView ctx={ctx} hall={{ name: config.hallName, code: config.hallCode }} />
          ) : view === 'residents' ? (
            <ResidentsView ctx={ctx} selectedResidentId={selectedResidentId} onSelectResident={selectResident} />
          ) : view === 'shifts' ? (
            <ShiftsPage ctx={ctx} />
          ) : view === 'sync' ? (
            <SyncPage ctx={ctx} runtime={syncRuntime} />
          ) : view === 'lead' ? (
            <LeadView ctx={ctx} config={config} />
          ) : view === 'audit' ? (
            <AuditPage ctx={ctx} />
          ) : view === 'settings' ? (
            <SettingsPage ctx={ctx} />
          ) : (
            <DevPlaceholder title={VIEW_LABELS[view]} description={PLACEHOLDERS[view] ?? ''} />
          )}
        </Permitted>
      </main>

      <StatusLine db={ctx.db} config={config} staffName={ctx.workstation.clerkName} />
    </div>
  );
}
