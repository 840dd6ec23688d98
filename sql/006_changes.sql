-- What changed since the previous successful run of the same scope (the whole run, or the same
-- shard of the same shard plan): credentials whose verdict changed, appeared or disappeared, and
-- the rule files whose contents changed. Written in the run's results transaction.

-- The run compared against; null for the first run of a scope.
ALTER TABLE peercert.runs ADD COLUMN previous_run_id bigint;

-- Each rule file a run applied, by path and SHA-256 (the receipt has them too).
CREATE TABLE peercert.run_rule_files (
    run_id bigint NOT NULL,
    path   text NOT NULL,
    sha256 text NOT NULL,
    PRIMARY KEY (run_id, path)
);

CREATE TABLE peercert.credential_changes (
    run_id           bigint NOT NULL,
    previous_run_id  bigint NOT NULL,
    certification_id bigint NOT NULL,
    worker_id        bigint NOT NULL,
    state            char(2) NOT NULL,
    credential       text NOT NULL,
    number           text,
    role             text NOT NULL,
    -- ready: an applicant now meets every requirement; newly_*: the verdict became that one;
    -- verdict_changed: any other change of verdict; rule_version_changed: same verdict under
    -- another version of the rules; appeared / disappeared: in one run only.
    change           text NOT NULL CHECK (change IN ('ready', 'newly_compliant', 'newly_non_compliant', 'newly_lapsed',
                                                      'verdict_changed', 'rule_version_changed', 'appeared', 'disappeared')),
    old_verdict      text,
    new_verdict      text,
    old_rule_version date,
    new_rule_version date,
    PRIMARY KEY (run_id, certification_id)
);
