-- District server schema, version 1. Runs unchanged on PostgreSQL 15+ and PGlite.

-- One row per hall (大厅). `last_change` is the hall's change counter: every transaction that adds to the
-- hall's change log first does `UPDATE halls SET last_change = last_change + n`, so the row lock orders those
-- transactions and change seqs are handed out in commit order (see server/sync/apply-push.ts).
CREATE TABLE halls (
  hall_code   text PRIMARY KEY,
  last_change bigint NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One-time enrolment codes; only a hash is kept, like device secrets.
CREATE TABLE enroll_codes (
  code_hash        text PRIMARY KEY,
  hall_code        text NOT NULL REFERENCES halls (hall_code),
  workstation_code text,
  created_at       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  used_at          timestamptz,
  device_id        uuid
);

CREATE TABLE devices (
  device_id        uuid PRIMARY KEY,
  hall_code        text NOT NULL REFERENCES halls (hall_code),
  workstation_code text,
  device_name      text,
  secret_hash      text NOT NULL,
  -- Highest outbox seq of this device that the server has handled (applied, merged, conflicted or rejected).
  acked_seq        bigint NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  revoked_at       timestamptz
);
CREATE INDEX devices_hall ON devices (hall_code);

-- Each hall's change log, read by pull in `seq` order. Case events live only here (they are append-only); the
-- partial unique index makes a re-sent event id a no-op.
CREATE TABLE changes (
  hall_code     text NOT NULL REFERENCES halls (hall_code),
  seq           bigint NOT NULL,
  kind          text NOT NULL,
  entity_id     text NOT NULL,
  payload       jsonb NOT NULL,
  origin_device uuid,
  origin_seq    bigint,
  committed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall_code, seq)
);
CREATE UNIQUE INDEX changes_case_event_id ON changes (hall_code, entity_id) WHERE kind = 'case-event';

-- Current value of each resident field with the stamp and device that wrote it (per-field last-writer-wins).
CREATE TABLE resident_fields (
  hall_code   text NOT NULL,
  resident_id text NOT NULL,
  field       text NOT NULL,
  value       jsonb NOT NULL,
  hlc         text NOT NULL,
  device_id   uuid,
  change_seq  bigint NOT NULL,
  PRIMARY KEY (hall_code, resident_id, field)
);

-- Concurrent edits of one resident field from different workstations, kept for the lead to resolve.
CREATE TABLE resident_conflicts (
  id             bigserial PRIMARY KEY,
  hall_code      text NOT NULL,
  resident_id    text NOT NULL,
  field          text NOT NULL,
  device_id      uuid NOT NULL,
  op_seq         bigint NOT NULL,
  server_value   jsonb NOT NULL,
  server_hlc     text NOT NULL,
  server_device  uuid,
  incoming_value jsonb NOT NULL,
  incoming_hlc   text NOT NULL,
  kept           text NOT NULL CHECK (kept IN ('server', 'incoming')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  resolved_at    timestamptz
);
CREATE INDEX resident_conflicts_op ON resident_conflicts (device_id, op_seq);
CREATE INDEX resident_conflicts_open ON resident_conflicts (hall_code) WHERE resolved_at IS NULL;

-- Ops the server refused. Kept whole, so nothing a workstation sent is ever silently lost.
CREATE TABLE quarantine (
  device_id   uuid NOT NULL,
  seq         bigint NOT NULL,
  hall_code   text NOT NULL,
  kind        text NOT NULL,
  op          jsonb NOT NULL,
  code        text NOT NULL,
  details     jsonb,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, seq)
);

-- Catalogue (准入目录) and holiday-calendar publications; each is also fanned out to every hall's change log.
-- `entity_key` says what a publication replaces: the newest per (kind, entity_key) is current — the catalogue
-- has one key, the calendar one per year.
CREATE TABLE publications (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('catalogue', 'calendar')),
  entity_key   text NOT NULL,
  version      text NOT NULL,
  document     jsonb NOT NULL,
  published_at timestamptz NOT NULL,
  UNIQUE (kind, entity_key, version)
);
