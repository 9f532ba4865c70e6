-- Staff accounts of each hall (Issue 5). Created and changed only with the admin CLI (server/admin/staff.ts);
-- every change is also appended to the hall's change log as kind 'staff', so the hall's workstations pull the
-- account, with its credential HASH, and can sign staff in offline. The secret itself is never stored.
-- Audit rows pushed by workstations need no table of their own: they are append-only and live in `changes`
-- (kind 'audit'), like case events.
CREATE TABLE staff (
  staff_id   uuid PRIMARY KEY,
  hall_code  text NOT NULL REFERENCES halls (hall_code),
  name       text NOT NULL,
  role       text NOT NULL CHECK (role IN ('clerk', 'lead', 'admin')),
  -- {kind, algorithm, iterations, salt, hash}: shared/domain/staff/credential.ts CredentialSchema.
  credential jsonb NOT NULL,
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX staff_hall ON staff (hall_code);
