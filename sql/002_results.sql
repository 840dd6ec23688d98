-- peercert outputs: one row per run, one per credential evaluated, one per finding.
-- worker_id is not a foreign key: results outlive re-seeded or re-imported input.

CREATE TABLE peercert.runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    as_of         date NOT NULL,
    status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    tool_version  text NOT NULL,
    rules_digest  text NOT NULL,
    report_dir    text,
    workers       integer,
    credentials   integer,
    findings      integer,
    failure       text
);

CREATE TABLE peercert.credential_results (
    run_id           bigint NOT NULL REFERENCES peercert.runs (id) ON DELETE CASCADE,
    worker_id        bigint NOT NULL,
    certification_id bigint NOT NULL,
    state            char(2) NOT NULL,
    credential       text NOT NULL,
    role             text NOT NULL CHECK (role IN ('holder', 'applicant')),
    rule_version     date,
    verdict          text NOT NULL,
    expires_on       date,
    -- One row per certification row evaluated: a worker may hold an expired and a renewed row of one credential.
    PRIMARY KEY (run_id, certification_id)
);

-- One row per finding. Each carries its credential's verdict too, so a run's results stream in
-- with a single COPY and credential_results is derived from them in the same transaction.
CREATE TABLE peercert.findings (
    run_id             bigint NOT NULL REFERENCES peercert.runs (id) ON DELETE CASCADE,
    worker_id          bigint NOT NULL,
    certification_id   bigint NOT NULL,
    state              char(2) NOT NULL,
    credential         text NOT NULL,
    role               text NOT NULL,
    rule_version       date,
    credential_verdict text NOT NULL,
    expires_on         date,
    requirement_id     text NOT NULL,
    kind               text NOT NULL,
    verdict            text NOT NULL,
    measured           text NOT NULL,
    required           text NOT NULL,
    reason             text NOT NULL,
    cure               text,
    standard           text,
    rule_file          text,
    rule_line          integer,
    evidence           text
);

CREATE INDEX ON peercert.findings (run_id, worker_id);
