-- The change log is the push path's hot insert (one row per op) and its foreign key to `halls` ran a per-row
-- trigger with a key-share lookup of the hall, about a fifth of the insert's cost. It checked nothing the
-- protocol does not: every writer of a hall's changes first reserves its seqs on that hall's counter row
-- (server/sync/apply-push.ts, admin/publish.ts, admin/staff.ts, admin/halls.ts), which fails when the row is
-- missing, and halls are never deleted.
ALTER TABLE changes DROP CONSTRAINT changes_hall_code_fkey;
