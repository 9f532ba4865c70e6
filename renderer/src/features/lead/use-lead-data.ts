import { useMemo } from 'react';
import { computeDailyLog, listedThrough, type DailyLog, type DailyLogFilters } from '@shared/domain/daily-log/daily-log';
import type { DailyLogShift } from '@shared/domain/daily-log/hall-window';
import { computeHallBoard, type HallBoard } from '@shared/domain/hall-board/hall-board';
import { dailyLogSources, hallBoardSources, logLookups } from '../../store/daily-log-queries';
import type { YizhanDb } from '../../store/schema';
import { formatHandoverNotes, handoverNotesForDay } from '../../store/shifts';
import { useTaggedLiveQuery } from '../../ui/use-tagged-live-query';
import { hallDateAt, leadCalendar } from './lead-calendar';

type Hall = { code: string; name: string };

/** The hall board, live: re-read when the store changes, recomputed when the clock moves. */
export function useHallBoard(db: YizhanDb, hall: Hall, nowMs: number): HallBoard | undefined {
  const date = hallDateAt(nowMs);
  // Past midnight, not the previous day's records as today's board.
  const read = useTaggedLiveQuery(date, () => hallBoardSources(db, date, { listedThrough: listedThrough(date, leadCalendar) }), [db, date]);
  const sources = read.current ? read.value : undefined;
  return useMemo(() => {
    if (sources === undefined) return undefined;
    return computeHallBoard({
      now: new Date(nowMs).toISOString(),
      hall,
      ...logLookups(sources),
      calendar: leadCalendar,
      sync: { pending: sources.sync.pending, rejected: sources.sync.rejected },
    });
  }, [sources, nowMs, hall]);
}

export type DailyLogRequest = {
  date: string;
  shift?: DailyLogShift;
  workstationId?: string;
  lead?: string;
  /** Typed on the log page; printed after the day's 交接班记录 from the shifts feature. */
  extraNotes?: string;
};

/**
 * The daily log of a date, live (a late sync of that day's events shows up before printing), with the handovers
 * written that day (交接班) as its handover notes.
 */
export function useDailyLog(db: YizhanDb, hall: Hall, request: DailyLogRequest): { log: DailyLog; handovers: number } | undefined {
  const { date, shift, workstationId, lead, extraNotes } = request;
  const from = shift?.from;
  const to = shift?.to;
  const byCounter = workstationId !== undefined;
  // Another day's (or shift's) records are never laid out under this date: the page says it is reading, and
  // cannot print, until this request's are read.
  const read = useTaggedLiveQuery(
    `${date}|${from ?? ''}|${to ?? ''}|${byCounter}`,
    () =>
      Promise.all([
        dailyLogSources(db, date, {
          listedThrough: listedThrough(date, leadCalendar),
          ...(from !== undefined && to !== undefined ? { shift: { from, to } } : {}),
          ...(byCounter ? { includeOnTrack: true } : {}),
        }),
        handoverNotesForDay(db, date),
      ]),
    [db, date, from, to, byCounter],
  );
  const data = read.current ? read.value : undefined;
  return useMemo(() => {
    if (data === undefined) return undefined;
    const [sources, handovers] = data;
    const filters: DailyLogFilters = {
      ...(shift !== undefined ? { shift } : {}),
      ...(workstationId !== undefined ? { workstationId } : {}),
    };
    const handoverNotes = [formatHandoverNotes(handovers), extraNotes ?? ''].filter((t) => t.trim() !== '').join('\n');
    const log = computeDailyLog({
      date,
      hall,
      ...(lead !== undefined ? { lead } : {}),
      ...(handoverNotes !== '' ? { handoverNotes } : {}),
      ...logLookups(sources),
      calendar: leadCalendar,
      filters,
    });
    return { log, handovers: handovers.length };
  }, [data, date, hall, shift, workstationId, lead, extraNotes]);
}
