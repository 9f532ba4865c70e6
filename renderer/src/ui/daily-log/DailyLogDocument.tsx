import { useMemo, type CSSProperties } from 'react';
import type { DailyLog } from '@shared/domain/daily-log/daily-log';
import { formatChineseDate, formatChineseDateTime, HANDWRITTEN_DATE_BLANK } from '../documents/format';
import '../documents/documents.css';
import './daily-log.css';
import { bodyHeightMm, LAYOUT, paginate, type LogPage, type PageBlock } from './daily-log-pages';
import { counterLabel, dailyLogSections, logDateLabel, shiftLabel } from './daily-log-sections';

const mm = (value: number) => `${value}mm`;

/**
 * The printed 工作日志（台账）, page by page as planned by `paginate`: each page a fixed-height block with the
 * header, its part of the log and "第 x 页 共 y 页", ending in a page break. It is the print root (documents.css
 * prints only `[data-print-root]`), so mount one at a time and nothing else printable beside it.
 */
export function DailyLogDocument({ log, printedAt }: { log: DailyLog; printedAt: string }) {
  const pages = useMemo(() => paginate(dailyLogSections(log)), [log]);
  return (
    <div data-print-root="" className="doc-page dl-doc" aria-label={`工作日志 ${log.date}`} data-pages={pages.length}>
      {pages.map((page) => (
        <DailyLogPage key={page.number} log={log} page={page} total={pages.length} printedAt={printedAt} />
      ))}
    </div>
  );
}

function DailyLogPage({ log, page, total, printedAt }: { log: DailyLog; page: LogPage; total: number; printedAt: string }) {
  const first = page.number === 1;
  const style: CSSProperties = { width: mm(LAYOUT.pageWidthMm), height: mm(LAYOUT.pageHeightMm) };
  return (
    <section className="dl-page" style={style} data-page={page.number} aria-label={`第 ${page.number} 页`}>
      {first ? (
        <header className="dl-head dl-head--first" style={{ height: mm(LAYOUT.firstHeaderMm) }}>
          <p className="dl-hall">{log.hall.name}</p>
          <h1 className="dl-title">工作日志（台账）</h1>
          <div className="dl-meta">
            <span>日期：{logDateLabel(log.date)}</span>
            <span>班次：{shiftLabel(log)}</span>
            <span>范围：{counterLabel(log)}</span>
            <span>值班长：{log.lead ?? '＿＿＿＿'}</span>
          </div>
        </header>
      ) : (
        <header className="dl-head" style={{ height: mm(LAYOUT.headerMm) }}>
          <span>{log.hall.name} · 工作日志</span>
          <span>
            {logDateLabel(log.date)} · {shiftLabel(log)} · {counterLabel(log)}
          </span>
        </header>
      )}
      <div className="dl-body" style={{ height: mm(bodyHeightMm(first) + LAYOUT.slackMm) }}>
        {page.blocks.map((block, i) => (
          <Block key={`${blockKey(block)}-${i}`} block={block} log={log} />
        ))}
      </div>
      <footer className="dl-foot" style={{ height: mm(LAYOUT.footerMm) }}>
        <span>打印时间：{formatChineseDateTime(printedAt)}</span>
        <span className="dl-page-number">
          第 {page.number} 页 共 {total} 页
        </span>
      </footer>
    </section>
  );
}

function blockKey(block: PageBlock): string {
  return block.kind === 'table' ? block.table.id : block.id;
}

function SectionTitle({ title, continued }: { title: string; continued: boolean }) {
  return (
    <h2 className="dl-section-title" style={{ height: mm(LAYOUT.sectionTitleMm), lineHeight: mm(LAYOUT.sectionTitleMm) }}>
      {title}
      {continued ? '（续）' : ''}
    </h2>
  );
}

function Block({ block, log }: { block: PageBlock; log: DailyLog }) {
  const gap = { marginTop: mm(LAYOUT.sectionGapMm) };
  if (block.kind === 'signatures') {
    return (
      <section className="dl-signatures" style={{ ...gap, height: mm(LAYOUT.signaturesMm) }} aria-label="签字">
        <p>
          值班长签字：<span className="dl-sign-line" />
        </p>
        <p>日期：{HANDWRITTEN_DATE_BLANK}</p>
        <p className="dl-signatures__note">
          本日志由系统按{formatChineseDate(log.date)}的办件记录生成；日后补录或同步到达的当日记录会使重新打印的日志与本件不同，以签字件为准。
        </p>
      </section>
    );
  }
  if (block.kind === 'lines') {
    return (
      <section className="dl-section" style={gap} data-section={block.id}>
        <SectionTitle title={block.title} continued={block.continued} />
        {block.lines.map((line, i) => (
          <p key={i} className="dl-line" style={{ height: mm(LAYOUT.lineMm), lineHeight: mm(LAYOUT.lineMm) }}>
            {line}
          </p>
        ))}
      </section>
    );
  }
  const { table, rows, continued, note } = block;
  const cols = table.columns;
  return (
    <section className="dl-section" style={gap} data-section={table.id}>
      <SectionTitle title={table.title} continued={continued} />
      <table className="dl-table">
        <colgroup>
          {cols.map((c) => (
            <col key={c.key} style={{ width: mm(c.widthMm) }} />
          ))}
        </colgroup>
        <thead>
          <tr style={{ height: mm(LAYOUT.headRowMm) }}>
            {cols.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) =>
            row.length === 1 && cols.length > 1 ? (
              <tr key={r} style={{ height: mm(LAYOUT.rowMm) }}>
                <td colSpan={cols.length} className="dl-empty">
                  {row[0]}
                </td>
              </tr>
            ) : (
              <tr key={r} style={{ height: mm(LAYOUT.rowMm) }}>
                {row.map((cell, c) => (
                  <td key={cols[c]?.key ?? c} className={[cols[c]?.mono ? 'dl-mono' : '', cols[c]?.align ? `dl-${cols[c]?.align}` : ''].join(' ').trim() || undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ),
          )}
        </tbody>
      </table>
      {note !== undefined ? (
        <p className="dl-note" style={{ height: mm(LAYOUT.noteMm), lineHeight: mm(LAYOUT.noteMm) }}>
          {note}
        </p>
      ) : null}
    </section>
  );
}
