import type { StoreContext } from '../../store/store-context';
import type { PrintableHall } from '../../ui/documents/view-model';
import { CasePage } from './CasePage';
import { useCasesUiStore } from './cases-ui-store';
import { WorkQueue } from './WorkQueue';
import './cases.css';

/** 办件: the work queue, or one case's page. */
export function CasesView({ ctx, hall }: { ctx: StoreContext; hall: PrintableHall }) {
  const selected = useCasesUiStore((s) => s.selectedCaseId);
  const openCase = useCasesUiStore((s) => s.openCase);
  const closeCase = useCasesUiStore((s) => s.closeCase);
  if (selected !== null) return <CasePage ctx={ctx} hall={hall} caseId={selected} onClose={closeCase} />;
  return <WorkQueue ctx={ctx} onOpen={openCase} />;
}

/** For the app shell: show a case on the desk (e.g. "查看办件详情" after intake). */
export function openCaseOnDesk(caseId: string): void {
  useCasesUiStore.getState().openCase(caseId);
}
