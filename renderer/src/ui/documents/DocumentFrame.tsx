import type { ReactNode } from 'react';
import { formatChineseDate, HANDWRITTEN_DATE_BLANK } from './format';
import { PrintPage } from './PrintPage';
import type { PrintableCase, PrintLayout } from './view-model';

/**
 * The parts every document shares, in the order of a Chinese government form: issuing hall, title, 办件编号,
 * body, signature lines, the hall's sign-off with the seal placeholder and date, and the hall's contact line.
 */
export function DocumentFrame({
  printable: p,
  layout,
  title,
  dateLabel,
  date,
  signers,
  children,
}: {
  printable: PrintableCase;
  layout: PrintLayout;
  title: string;
  /** What the date in the header is, e.g. 受理日期. */
  dateLabel: string;
  /** Hall-local `YYYY-MM-DD` the document was issued; also the sign-off date. */
  date: string;
  /** Who signs by hand, e.g. 窗口人员签字. */
  signers: readonly string[];
  children: ReactNode;
}) {
  const issued = formatChineseDate(date);
  return (
    <PrintPage layout={layout} title={`${title} ${p.caseNumber}`} voided={p.cancellation !== undefined}>
      <header>
        <p className="doc-hall">{p.hall.name}</p>
        <h1 className="doc-title">{title}</h1>
        <div className="doc-meta">
          <span>
            办件编号：<span className="doc-code">{p.caseNumber}</span>
          </span>
          <span>
            {dateLabel}：{issued}
          </span>
        </div>
      </header>
      {p.cancellation !== undefined && <p className="doc-para">本件已撤销，本文书作废。撤销原因：{p.cancellation.reason}</p>}
      {children}
      <div className="doc-closing">
        <section className="doc-signatures" aria-label="签字">
          {signers.map((label) => (
            <div className="doc-sign" key={label}>
              <span>
                {label}：<span className="doc-sign-line" />
              </span>
              <span>日期：{HANDWRITTEN_DATE_BLANK}</span>
            </div>
          ))}
        </section>
        <section className="doc-sealoff" aria-label="落款">
          <p>{p.hall.name}</p>
          <p className="doc-seal">〔盖章〕</p>
          <p>{issued}</p>
        </section>
      </div>
      <footer className="doc-footer">
        {p.hall.address !== undefined && <span>地址：{p.hall.address}</span>}
        {p.hall.phone !== undefined && <span>咨询电话：{p.hall.phone}</span>}
        <span>窗口人员：{p.clerk.name}</span>
      </footer>
    </PrintPage>
  );
}
