import { useEffect, useState } from 'react';
import { messageFor } from '@shared/errors/messages.zh-CN';
import type { Printer } from '@shared/ipc';
import { BROWSER_SAVE_PDF_HINT, platform } from '../../platform/bridge';
import { withAudit } from '../../store/audit';
import type { StoreContext } from '../../store/store-context';
import { isStoreError, storeErrorMessage } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { CASE_DOCUMENT_TITLES, CaseDocument, printableKinds, type CaseDocumentKind } from '../../ui/documents/CaseDocument';
import type { PrintableCase, PrintLayout } from '../../ui/documents/view-model';
import { usePrintPrefs } from './print-prefs-store';

const LAYOUT_LABELS: Record<PrintLayout, string> = { a4: 'A4 纸', thermal: '80mm 小票' };

/** Two frames: the status text is painted before `window.print()` blocks the page. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

type Props = {
  printable: PrintableCase;
  /** The document to offer first (the one the decision just produced). */
  initialKind?: CaseDocumentKind;
  autoFocusPrint?: boolean;
  onPrinted?: () => void;
  /** Print and PDF are audited as the session's staff member, before the document leaves (store/audit.ts). */
  audit?: { ctx: StoreContext; caseId: string };
};

/**
 * Print or save any document of a case: through the desktop shell (dialog, or straight to the configured printer)
 * or, in a plain browser, the browser's print dialog. The document is shown as it will print.
 */
export function DocumentsPanel({ printable, initialKind, autoFocusPrint = false, onPrinted, audit }: Props) {
  const kinds = printableKinds(printable);
  const [chosen, setChosen] = useState<CaseDocumentKind | undefined>(initialKind);
  const kind = chosen !== undefined && kinds.includes(chosen) ? chosen : kinds[0];
  const layout = usePrintPrefs((s) => s.layout);
  const setLayout = usePrintPrefs((s) => s.setLayout);
  const silentPrinter = usePrintPrefs((s) => s.silentPrinter);
  const setSilentPrinter = usePrintPrefs((s) => s.setSilentPrinter);
  const [printers, setPrinters] = useState<Printer[]>([]);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);

  useEffect(() => {
    if (platform.kind !== 'electron') return;
    let live = true;
    void platform.listPrinters().then((r) => {
      if (live && r.ok) setPrinters(r.value);
    });
    return () => {
      live = false;
    };
  }, []);

  if (kind === undefined) return <p className="muted">该办件暂无可打印的文书。</p>;
  const title = CASE_DOCUMENT_TITLES[kind];
  const pageSize = layout === 'a4' ? 'A4' : '80mm';

  // No audit row, no document: a failed audit write stops the print and says why.
  const audited = async <T,>(action: 'document.print' | 'document.export', run: () => Promise<T>): Promise<T | null> => {
    if (!audit) return run();
    try {
      return await withAudit(audit.ctx, { action, target: { type: 'case', id: audit.caseId, label: printable.caseNumber }, detail: { document: kind } }, run);
    } catch (err) {
      if (!isStoreError(err)) throw err;
      setStatus({ text: `${storeErrorMessage(err.code)}（错误代码：${err.code}）`, error: true });
      return null;
    }
  };

  const print = async () => {
    setStatus({ text: '正在打印…' });
    await afterPaint();
    const mode = platform.kind === 'electron' && silentPrinter !== null ? 'silent' : 'dialog';
    const result = await audited('document.print', () => platform.printCurrentView({ mode, pageSize, ...(mode === 'silent' && silentPrinter ? { printer: silentPrinter } : {}) }));
    if (result === null) return;
    if (!result.ok) return setStatus({ text: `${messageFor(result.code)}（错误代码：${result.code}）`, error: true });
    const outcome = result.value.outcome;
    setStatus({ text: outcome === 'cancelled' ? '已取消打印' : outcome === 'printed' ? `已打印：${title}` : `已打开打印对话框：${title}` });
    if (outcome !== 'cancelled') onPrinted?.();
  };

  const savePdf = async () => {
    if (platform.kind === 'browser') {
      setStatus({ text: BROWSER_SAVE_PDF_HINT });
      await afterPaint();
    }
    const result = await audited('document.export', () => platform.savePdf({ suggestedName: `${printable.caseNumber}-${title}.pdf`, pageSize }));
    if (result === null) return;
    if (!result.ok) return setStatus({ text: `${messageFor(result.code)}（错误代码：${result.code}）`, error: true });
    const v = result.value;
    if (v.status === 'saved') setStatus({ text: `已保存 PDF：${v.path}` });
    else if (v.status === 'cancelled') setStatus({ text: '已取消保存' });
  };

  return (
    <section className="case-documents" aria-label="打印文书">
      <div className="form-row case-documents__controls">
        <div className="form-field">
          <label className="form-field__label" htmlFor="case-doc-kind">
            文书
          </label>
          <select id="case-doc-kind" value={kind} onChange={(e) => setChosen(e.target.value as CaseDocumentKind)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {CASE_DOCUMENT_TITLES[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label className="form-field__label" htmlFor="case-doc-layout">
            纸张
          </label>
          <select id="case-doc-layout" value={layout} onChange={(e) => setLayout(e.target.value as PrintLayout)}>
            {(Object.keys(LAYOUT_LABELS) as PrintLayout[]).map((l) => (
              <option key={l} value={l}>
                {LAYOUT_LABELS[l]}
              </option>
            ))}
          </select>
        </div>
        {platform.kind === 'electron' ? (
          <div className="form-field">
            <label className="form-field__label" htmlFor="case-doc-printer">
              打印机
            </label>
            <select id="case-doc-printer" value={silentPrinter ?? ''} onChange={(e) => setSilentPrinter(e.target.value === '' ? null : e.target.value)}>
              <option value="">每次选择（打印对话框）</option>
              {printers.map((p) => (
                <option key={p.name} value={p.name}>
                  直接打印到：{p.displayName || p.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div className="form-actions">
        <Button variant="primary" autoFocus={autoFocusPrint} onClick={() => void print()}>
          打印{title}
        </Button>
        <Button onClick={() => void savePdf()}>保存 PDF</Button>
      </div>
      {status ? (
        <p role="status" className={status.error ? 'case-status case-status--error' : 'case-status'}>
          {status.text}
        </p>
      ) : null}
      <div className="case-documents__preview">
        <CaseDocument kind={kind} layout={layout} printable={printable} />
      </div>
    </section>
  );
}
