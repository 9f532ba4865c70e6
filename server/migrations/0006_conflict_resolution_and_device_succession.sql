-- Two additions of the same issue (district sync, issue 4), in one file because each takes only a few columns.
--
-- 1. A lead resolves a resident field conflict by pushing a new edit whose `base` stamp covers both sides
--    (server/sync/apply-push.ts). The conflict row records which device's op settled it and the stamp it wrote.
--    Open conflicts are looked up by (hall, resident, field) when such an edit arrives.
ALTER TABLE resident_conflicts
  ADD COLUMN resolved_by_device uuid,
  ADD COLUMN resolved_by_seq bigint,
  ADD COLUMN resolution_hlc text;
CREATE INDEX resident_conflicts_open_field ON resident_conflicts (hall_code, resident_id, field) WHERE resolved_at IS NULL;

-- 2. Re-enrolment (server/routes/enroll.ts): a workstation whose credential expired enrols with a new code and
--    proves it held the old credential; the new device inherits the old one's watermark and the old one is
--    retired. `replaces` / `replaced_by` link the two, so a replayed op can still be answered with what the
--    server kept under the device that first received it, and an admin can follow a workstation's devices.
ALTER TABLE devices
  ADD COLUMN replaces uuid,
  ADD COLUMN replaced_by uuid;
