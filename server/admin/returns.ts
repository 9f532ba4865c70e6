import { newUuidV7 } from '@shared/uuid-v7';
import { HallCodeSchema } from '@shared/domain/case/case-number';
import { CaseEventSchema, ReturnedEventSchema, type CaseEvent, type ReturnedEvent } from '@shared/domain/case/events';
import { foldEvents } from '@shared/domain/case/reducer';
import type { Db } from '../db/db';

/**
 * 部门退回 / 办结回传: a department that a hall forwarded a case to (转办) comes back, with its result or sending
 * the case back unprocessed. The district admin records it with the CLI (`return-case`); it becomes a `returned`
 * case event in the hall's change log, written by the server (origin null), which the hall's workstations pull
 * like any other event and fold with the same reducer.
 */

export class ReturnCaseError extends Error {
  override name = 'ReturnCaseError';
}

export type ReturnCaseInput = {
  hallCode: string;
  caseId: string;
  department: string;
  outcome: ReturnedEvent['payload']['outcome'];
  note?: string | undefined;
};

/** Who the event names: no staff member of the hall did it. */
const ACTOR = 'district-admin';
const ACTOR_NAME = '区级管理员';
const WORKSTATION = 'district-server';

/**
 * Checks, against what the hall has pushed, that the case exists and is with `department` right now, then
 * appends the `returned` event to the hall's change log. One transaction, holding the hall's clock row from the
 * start (as a push does, server/sync/apply-push.ts), so no push of the same hall can change the case between the
 * check and the write, and the change seq is handed out in commit order. A refusal rolls the clock back too.
 */
export async function returnCase(db: Db, input: ReturnCaseInput, nowMs: number): Promise<{ event: ReturnedEvent; caseNumber: string; changeSeq: number }> {
  if (!HallCodeSchema.safeParse(input.hallCode).success) throw new ReturnCaseError(`not a hall code: ${input.hallCode}`);
  const department = input.department.trim();
  const note = input.note?.trim() || undefined;
  return db.transaction(async (tx) => {
    const [clock] = await tx.query<{ last_change: number }>(
      'UPDATE halls SET last_change = last_change + 1 WHERE hall_code = $1 RETURNING last_change',
      [input.hallCode],
    );
    if (!clock) throw new ReturnCaseError(`no hall ${input.hallCode} on this server`);
    // No index on the case id inside payloads: it would cost every pushed event, for a rare admin command.
    const rows = await tx.query<{ payload: unknown }>(
      "SELECT payload FROM changes WHERE hall_code = $1 AND kind = 'case-event' AND payload->>'caseId' = $2 ORDER BY seq",
      [input.hallCode, input.caseId],
    );
    const events: CaseEvent[] = [];
    for (const r of rows) {
      const parsed = CaseEventSchema.safeParse(r.payload);
      if (parsed.success) events.push(parsed.data);
    }
    const before = foldEvents(events);
    if (before === null) throw new ReturnCaseError(`hall ${input.hallCode} has no case ${input.caseId} (has its workstation synced?)`);
    if (before.status !== 'forwarded') {
      throw new ReturnCaseError(`case ${before.caseNumber} is ${before.status}, not forwarded to a department (has its workstation synced?)`);
    }
    if (before.forwardedTo !== department) {
      throw new ReturnCaseError(`case ${before.caseNumber} was forwarded to ${before.forwardedTo ?? '?'}, not to ${department}`);
    }
    // Workstations fold a case's events by time; a workstation clock a little ahead of ours must not put the
    // return before the forwarding it answers.
    const latest = Math.max(...events.map((e) => Date.parse(e.at)));
    const parsed = ReturnedEventSchema.safeParse({
      id: newUuidV7(),
      caseId: input.caseId,
      at: new Date(Math.max(nowMs, latest + 1)).toISOString(),
      actor: ACTOR,
      actorName: ACTOR_NAME,
      workstationId: WORKSTATION,
      hallCode: input.hallCode,
      type: 'returned',
      payload: { department, outcome: input.outcome, ...(note !== undefined ? { note } : {}) },
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ReturnCaseError(`the return is invalid at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    const event = parsed.data;
    // The reducer the workstations run must accept it, or they would file it as a refused event.
    const after = foldEvents([...events, event]);
    const refused = after?.rejected.find((r) => r.eventId === event.id);
    if (refused) throw new ReturnCaseError(`case ${before.caseNumber} cannot take this return: ${refused.reason} (${refused.code})`);
    await tx.query(
      `INSERT INTO changes (hall_code, seq, kind, entity_id, payload) VALUES ($1, $2, 'case-event', $3, $4::json)`,
      [input.hallCode, clock.last_change, event.id, JSON.stringify(event)],
    );
    return { event, caseNumber: before.caseNumber, changeSeq: clock.last_change };
  });
}
