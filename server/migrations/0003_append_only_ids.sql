-- Audit entries (push op kind 'audit') are append-only like case events and also live only in `changes`; a
-- re-sent id of either kind must be a no-op. The key gains `kind`, so an audit id and a case event id can never
-- collide. (0001 shipped the case-event-only index; migrations are never edited once shipped.)
DROP INDEX changes_case_event_id;
CREATE UNIQUE INDEX changes_append_only_id ON changes (hall_code, kind, entity_id) WHERE kind IN ('case-event', 'audit');
