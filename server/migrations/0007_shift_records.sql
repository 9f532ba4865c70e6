-- Shifts (错时轮班) and handovers (交接班) pushed by the hall's workstations (push op kinds 'shift' and 'handover').
-- Unlike case events and audit rows they are not append-only: a row gains a later state (a shift its end, a
-- handover its acknowledgement, 接班确认), and the first such state to arrive wins. So the current state of each
-- row is kept here, read under the hall's clock lock and merged (server/sync/shift-records.ts); every state that
-- changed it is also appended to the hall's change log (kinds 'shift' / 'handover'), for the other workstations.
CREATE TABLE shift_records (
  hall_code     text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('shift', 'handover')),
  record_id     text NOT NULL,
  -- The merged row, as shared/domain/staff/shift.ts ShiftSchema / HandoverSchema.
  state         jsonb NOT NULL,
  -- The device that first pushed the row, and the change that last changed it.
  origin_device uuid,
  change_seq    bigint NOT NULL,
  PRIMARY KEY (hall_code, kind, record_id)
);
