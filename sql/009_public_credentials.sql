-- What employers may see: the credentials held, as of the last whole successful run, and nothing
-- else (no lived experience, training, exam, finding or birth date). Replaced in each successful
-- whole run's transaction, so readers see one run's answer or the previous one's, never a mix.
CREATE TABLE peercert.public_credentials (
    state        text NOT NULL,
    credential   text NOT NULL,
    number       text,
    name         text NOT NULL,
    level        text,
    endorsements text[] NOT NULL DEFAULT '{}',
    -- The board's status, except an active credential the run found lapsed is 'expired'.
    status       text NOT NULL CHECK (status IN ('active', 'expired', 'suspended', 'revoked')),
    issued_on    date,
    expires_on   date,
    valid        boolean NOT NULL,
    run_id       bigint NOT NULL,
    as_of        date NOT NULL,
    -- Tells two people apart (an ambiguous lookup counts people); never shown.
    worker_id    bigint NOT NULL,
    -- Lets an employer who knows both name and birth date find the person: a digest, so the
    -- birth date itself is not in this table (peercert.identity_digest).
    identity     bytea NOT NULL
);

CREATE INDEX ON peercert.public_credentials (state, credential, number);
CREATE INDEX ON peercert.public_credentials (identity, state);

-- One normal form for name and birth date, used when publishing and when looking up, so the two
-- can never disagree: case, accents kept, runs of spaces folded.
CREATE FUNCTION peercert.identity_digest(name text, birth_date date) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN sha256(convert_to(lower(regexp_replace(btrim(name), '\s+', ' ', 'g')) || '|' || to_char(birth_date, 'YYYY-MM-DD'), 'UTF8'));

-- Employers' API keys: only a SHA-256 digest of each key is kept (the key is shown once).
CREATE TABLE peercert.api_keys (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer    text NOT NULL,
    digest      bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- The server checks a key without reading the keys table (its role cannot): the employer of an
-- active key, or NULL.
CREATE FUNCTION peercert.employer_for_key(key_digest bytea) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
    RETURN (SELECT employer FROM peercert.api_keys WHERE digest = key_digest AND revoked_at IS NULL);
REVOKE EXECUTE ON FUNCTION peercert.employer_for_key(bytea) FROM PUBLIC;

-- Every lookup, by whom, so a board can answer "who looked this person up". `asked` is the
-- question as the employer put it; the matched credential is recorded when exactly one person matched.
CREATE TABLE peercert.verification_audit (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer           text NOT NULL,
    asked_at           timestamptz NOT NULL DEFAULT now(),
    channel            text NOT NULL CHECK (channel IN ('api', 'cli')),
    asked              text NOT NULL,
    outcome            text NOT NULL CHECK (outcome IN ('valid', 'not_valid', 'not_found', 'ambiguous', 'invalid_input')),
    matched_state      text,
    matched_credential text,
    matched_number     text
);

CREATE INDEX ON peercert.verification_audit (matched_state, matched_credential, matched_number);
CREATE INDEX ON peercert.verification_audit (employer, asked_at);
