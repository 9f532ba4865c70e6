import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { PrintLayout } from './view-model';
import '@fontsource/noto-emoji/400.css';
import '@fontsource/noto-emoji/700.css';
import './documents.css';

const PX_PER_MM = 96 / 25.4;
const THERMAL_MARGIN_MM = 3;
/** Room for rounding and the printer's own feed, so the last line never spills onto a second ticket. */
const THERMAL_SLACK_MM = 4;

/**
 * The sheet a document is drawn on, and the print root: while it is mounted, printing the current view prints
 * only this (see documents.css). Mount one at a time.
 *
 * The A4 page size is static CSS. A thermal roll has no page height, and `size: 80mm auto` is not valid CSS, so
 * the receipt is measured and the page is made exactly that long: one ticket, no blank paper.
 */
export function PrintPage({
  layout,
  title,
  voided = false,
  children,
}: {
  layout: PrintLayout;
  /** Used for the accessible name and for the PDF file title. */
  title: string;
  voided?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLElement>(null);
  const [rollLengthMm, setRollLengthMm] = useState<number | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (layout !== 'thermal' || el === null) return;
    const measure = () => {
      // On screen the sheet's padding equals the print margin, so its content height is the printed height.
      const contentMm = (el.scrollHeight - 2 * THERMAL_MARGIN_MM * PX_PER_MM) / PX_PER_MM;
      setRollLengthMm(Math.ceil(contentMm + 2 * THERMAL_MARGIN_MM + THERMAL_SLACK_MM));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [layout]);

  return (
    <article
      ref={ref}
      data-print-root=""
      data-layout={layout}
      aria-label={title}
      className={`doc-page doc-page--${layout}`}
    >
      {layout === 'thermal' && rollLengthMm !== null && (
        <style>{`@page doc-thermal { size: 80mm ${rollLengthMm}mm; margin: ${THERMAL_MARGIN_MM}mm; }`}</style>
      )}
      {voided && (
        <div className="doc-void" aria-hidden="true">
          作废
        </div>
      )}
      {children}
    </article>
  );
}
