-- Each pending transfer request a run decided, as its reciprocity files write it: the object of
-- reciprocity.json and the row of reciprocity.csv, with the receiving credential and the outcome
-- as columns to query by. A night's join takes its shards' decisions with their other results,
-- so a sharded night's reciprocity files are whole. Like the findings, the board's: a decision
-- carries lived experience only as a requirement's status, verdict and shortfall.
CREATE TABLE peercert.transfer_decisions (
    run_id        bigint NOT NULL REFERENCES peercert.runs (id) ON DELETE CASCADE,
    worker_id     bigint NOT NULL,
    request_id    bigint,
    to_state      text NOT NULL,
    to_credential text NOT NULL,
    outcome       text NOT NULL,
    decision      json NOT NULL,
    csv_row       text[] NOT NULL
);
CREATE INDEX ON peercert.transfer_decisions (run_id, worker_id);

GRANT SELECT, INSERT, DELETE ON peercert.transfer_decisions TO peercert_runner;
GRANT SELECT ON peercert.transfer_decisions TO peercert_board_reader;
