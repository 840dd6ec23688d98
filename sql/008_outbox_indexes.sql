-- The outbox is read one waiting message at a time in id order, and each administrator's message of
-- a run is updated when rendered: both by index, so the cost does not grow with the messages of
-- earlier nights.
DROP INDEX peercert.outbox_status_idx;
CREATE INDEX outbox_waiting ON peercert.outbox (id) WHERE status IN ('pending', 'sending');
CREATE UNIQUE INDEX outbox_run_administrator ON peercert.outbox (run_id, administrator_id);
