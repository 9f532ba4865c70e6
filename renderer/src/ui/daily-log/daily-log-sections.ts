import { isoWeekday } from '@shared/domain/calendar/iso-date';
import { RATING_LABELS, RATING_LEVELS, type RatingLevel } from '@shared/domain/case/events';
import type { DailyLog, PendingLine } from '@shared/domain/daily-log/daily-log';
import { HANDLING_SHORT_LABELS, QUEUE_TAG_LABELS, STATUS_LABELS, STATUS_ORDER, TRIAGE_LABELS } from '@shared/domain/daily-log/daily-log-labels';
import { ratePercent, type Rate } from '@shared/domain/daily-log/service-rates';
import { formatChineseDate } from '../documents/format';
import { LAYOUT, type LogColumn, type LogSection, type LogTable } from './daily-log-pages';
import { fitText, unitsFor, wrapText } from './fit-text';

/**
 * The daily log as printed sections, in the order of a paper 台账: summary, outcomes, 三事分流, the clerks, the
 * case register, overdue and pending cases, 差评, what to check, the handover notes, signatures. Every cell is cut
 * to its column here, so the page plan in daily-log-pages.ts holds.
 */

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const NONE = '（无）';

export function logDateLabel(date: string): string {
  return `${formatChineseDate(date)}（星期${WEEKDAYS[isoWeekday(date) - 1] ?? ''}）`;
}

export function shiftLabel(log: DailyLog): string {
  if (log.shift === undefined) return '全天';
  return `${log.shift.label ?? '班次'} ${log.shift.from}–${log.shift.to}`;
}

export function counterLabel(log: DailyLog): string {
  if (log.workstation === undefined) return '全部窗口';
  return `窗口 ${log.workstation.code ?? log.workstation.id.slice(0, 8)}`;
}

export function rateLabel(rate: Rate): string {
  const pct = ratePercent(rate);
  return pct === null ? '—' : `${pct.toFixed(1)}%（${rate.numerator}/${rate.denominator}）`;
}

function column(key: string, label: string, widthMm: number, extra: Partial<LogColumn> = {}): LogColumn {
  return { key, label, widthMm, ...extra };
}

/** Cuts every cell to its column's width. */
function table(id: string, title: string, columns: LogColumn[], rows: (string | number)[][], extra: { empty?: string; note?: string } = {}): LogTable {
  const total = columns.reduce((sum, c) => sum + c.widthMm, 0);
  if (Math.abs(total - LAYOUT.pageWidthMm) > 0.01) throw new Error(`table ${id} is ${total} mm wide, not ${LAYOUT.pageWidthMm}`);
  const fits = columns.map((c) => unitsFor(c.widthMm, c.mono === true ? LAYOUT.monoFontPt : LAYOUT.fontPt, LAYOUT.cellPaddingMm));
  return {
    kind: 'table',
    id,
    title,
    columns: columns.map((c) => ({ ...c, label: fitText(c.label, unitsFor(c.widthMm, LAYOUT.headFontPt, LAYOUT.cellPaddingMm)) })),
    rows: rows.map((row) => row.map((cell, i) => fitText(String(cell), fits[i] ?? 1))),
    empty: extra.empty ?? NONE,
    ...(extra.note !== undefined ? { note: extra.note } : {}),
  };
}

function pendingRows(lines: readonly PendingLine[]): string[][] {
  return lines.map((l, i) => [
    String(i + 1),
    l.caseNumber,
    l.receivedDate.slice(5),
    l.residentName,
    l.matterName,
    STATUS_LABELS[l.status],
    l.deadline === null ? '—' : l.deadline.slice(5),
    l.tags.map((t) => QUEUE_TAG_LABELS[t]).join('、') || '—',
    l.clerkName,
  ]);
}

/** Wide enough for each label at the header size: 非常不满意 is five characters. */
const RATING_WIDTHS: Record<RatingLevel, number> = {
  'very-satisfied': 15,
  satisfied: 13,
  neutral: 15,
  dissatisfied: 14,
  'very-dissatisfied': 19,
};

const PENDING_COLUMNS = [
  column('n', '序号', 9, { align: 'center' }),
  column('number', '办件编号', 44, { mono: true }),
  column('received', '受理日', 12, { align: 'center' }),
  column('resident', '居民', 14),
  column('matter', '事项', 35),
  column('status', '状态', 15),
  column('deadline', '期限', 12, { align: 'center' }),
  column('tags', '提示', 23),
  column('clerk', '受理人', 16),
];

export function dailyLogSections(log: DailyLog): LogSection[] {
  const sections: LogSection[] = [];
  let n = 0;
  const title = (text: string) => `${ORDINALS[n++] ?? String(n)}、${text}`;
  const a = log.activity;
  const negative = log.clerks.reduce((sum, c) => sum + c.ratings.dissatisfied + c.ratings['very-dissatisfied'], 0);

  sections.push(
    table(
      'summary',
      title('总体情况'),
      [column('k1', '项目', 50), column('v1', '数量', 40, { align: 'right' }), column('k2', '项目', 50), column('v2', '数量', 40, { align: 'right' })],
      [
        ['受理件数', log.received, '办结件数', a.completed],
        ['一次性告知（补正）', a.noticesIssued, '容缺受理', a.deferrals],
        ['补交材料', a.supplemented, '转办部门', a.forwarded],
        ['不予受理', a.refused, '引导转介（私事）', a.referred],
        ['撤销', a.cancelled, '收到评价（其中差评）', `${a.rated}（${negative}）`],
        ['即办率', rateLabel(log.rates.immediate), '最多跑一次率', rateLabel(log.rates.oneVisit)],
      ],
    ),
  );

  sections.push(
    table(
      'by-status',
      title('当日受理件的办理结果（截至本班结束）'),
      STATUS_ORDER.map((s) => column(s, STATUS_LABELS[s], 20, { align: 'center' })),
      [STATUS_ORDER.map((s) => log.byStatus[s])],
    ),
  );

  const triageTotal = log.byTriage.government + log.byTriage.community + log.byTriage.private;
  sections.push(
    table(
      'by-triage',
      title('三事分流'),
      [
        column('government', `${TRIAGE_LABELS.government}事项`, 45, { align: 'center' }),
        column('community', `${TRIAGE_LABELS.community}事项`, 45, { align: 'center' }),
        column('private', `${TRIAGE_LABELS.private}（引导）`, 45, { align: 'center' }),
        column('total', '合计', 45, { align: 'center' }),
      ],
      [[log.byTriage.government, log.byTriage.community, log.byTriage.private, triageTotal]],
    ),
  );

  sections.push(
    table(
      'clerks',
      title('窗口人员工作量'),
      [
        column('name', '窗口人员', 21),
        column('received', '受理', 11, { align: 'right' }),
        column('completed', '办结', 11, { align: 'right' }),
        column('forwarded', '转办', 11, { align: 'right' }),
        column('refused', '不予受理', 14, { align: 'right' }),
        column('referred', '转介', 11, { align: 'right' }),
        column('notices', '告知', 11, { align: 'right' }),
        column('minutes', '即办用时', 14, { align: 'right' }),
        ...RATING_LEVELS.map((level) => column(level, RATING_LABELS[level], RATING_WIDTHS[level], { align: 'right' })),
      ],
      log.clerks.map((c) => [
        c.name,
        c.received,
        c.completed,
        c.forwarded,
        c.refused,
        c.referred,
        c.noticesIssued,
        c.immediateHandling.averageMinutes === null ? '—' : `${c.immediateHandling.averageMinutes.toFixed(1)}分`,
        ...RATING_LEVELS.map((level) => c.ratings[level]),
      ]),
    ),
  );

  sections.push(
    table(
      'cases',
      title('受理台账'),
      [
        column('n', '序号', 9, { align: 'center' }),
        column('time', '时间', 12, { align: 'center' }),
        column('number', '办件编号', 44, { mono: true }),
        column('resident', '居民', 14),
        column('document', '证件号码', 33, { mono: true }),
        column('matter', '事项', 36),
        column('outcome', '结果', 16),
        column('clerk', '窗口人员', 16),
      ],
      log.cases.map((c, i) => [
        i + 1,
        c.time,
        c.caseNumber,
        c.residentName,
        c.residentDocument,
        `${c.matterName}（${HANDLING_SHORT_LABELS[c.handling]}）`,
        STATUS_LABELS[c.status],
        c.clerkName,
      ]),
    ),
  );

  sections.push(table('overdue', title('超期及逾期未补件'), PENDING_COLUMNS, pendingRows(log.overdue)));

  const attention = log.pending.filter((l) => l.tags.length > 0);
  // Open cases with nothing due: those the log counted (due after the next working day) and the untagged ones it
  // listed (not yet accepted, 即办件 in progress).
  const onTrack = log.pending.length - attention.length + log.onTrack.total;
  sections.push(
    table('pending', title('需关注的在办件'), PENDING_COLUMNS, pendingRows(attention), {
      ...(onTrack > 0 ? { note: `另有按期办理中的在办件 ${onTrack} 件（办理时限在${formatChineseDate(log.onTrack.listedThrough)}之后，或无办理时限），不逐件列出。` } : {}),
    }),
  );

  sections.push(
    table(
      'ratings',
      title('差评及整改'),
      [
        column('n', '序号', 9, { align: 'center' }),
        column('time', '时间', 12, { align: 'center' }),
        column('number', '办件编号', 44, { mono: true }),
        column('level', '评价', 18),
        column('reason', '原因', 39),
        column('clerk', '窗口人员', 16),
        column('follow-up', '整改情况（手写）', 42),
      ],
      log.negativeRatings.map((r, i) => [i + 1, r.time, r.caseNumber, RATING_LABELS[r.level], r.reason ?? '—', r.clerkName, '']),
    ),
  );

  if (log.anomalies.length > 0 || log.unresolved.length > 0) {
    sections.push(
      table(
        'anomalies',
        title('需核对事项'),
        [column('number', '办件编号', 50, { mono: true }), column('kind', '情况', 40), column('detail', '说明', 90)],
        [
          ...log.anomalies.map((x) => [x.caseNumber, x.kind === 'double-completion' ? '重复办结' : '被拒绝的操作', x.detail]),
          ...(log.unresolved.length > 0 ? [['—', '未能还原', `${log.unresolved.length} 件办件缺少事件记录，未计入本日志，请同步后重新打印`]] : []),
        ],
      ),
    );
  }

  const noteUnits = unitsFor(LAYOUT.pageWidthMm, LAYOUT.notesFontPt, 2);
  sections.push({
    kind: 'lines',
    id: 'handover',
    title: title('交接班记录'),
    // Without notes: blank ruled lines to write on.
    lines: log.handoverNotes !== undefined ? wrapText(log.handoverNotes, noteUnits) : ['', '', ''],
  });

  sections.push({ kind: 'signatures', id: 'signatures' });
  return sections;
}

