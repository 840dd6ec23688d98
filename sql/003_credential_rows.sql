-- Results sized for people: one row per credential with its compact per-requirement verdicts,
-- full rows only for findings that are not met (a met finding's trail is what `peercert explain`
-- gives on demand).

ALTER TABLE peercert.credential_results
    ADD COLUMN number       text,
    ADD COLUMN level        text,
    -- {"training": "met", "@certification.period": "expiring", ...}: requirement ids as the rule file
    -- gives them; the engine's checks of the certificate itself prefixed '@' (no rule id starts so).
    ADD COLUMN verdicts     jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN first_action text;

-- A finding's credential facts live in credential_results (joined on run_id, certification_id).
ALTER TABLE peercert.findings
    DROP COLUMN state,
    DROP COLUMN credential,
    DROP COLUMN role,
    DROP COLUMN rule_version,
    DROP COLUMN credential_verdict,
    DROP COLUMN expires_on,
    ADD COLUMN subject text NOT NULL DEFAULT 'requirement',
    -- What is still needed, as data (see schemas/finding.schema.json): [{"type": "hours", "measure":
    -- "continuing_education", "scope": "ethics", "missing": 3, "required": 6}, {"type": "due_by", ...}]
    ADD COLUMN shortfalls jsonb NOT NULL DEFAULT '[]';

CREATE INDEX ON peercert.credential_results (run_id, verdict);
