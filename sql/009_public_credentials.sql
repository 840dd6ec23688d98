-- What employers may see: the credentials held, as of the last whole successful run, and nothing
-- else (no lived experience, training, exam, finding or birth date). Readers use the view
-- peercert.public_credentials. Two tables take turns behind it: a run fills the one not in use,
-- builds its indexes, and points the view at it as its last step before the commit, so readers see
-- one night's answer or the previous one's, never a mix, and no row is ever deleted one by one
-- (publishing 1,000,000 credentials into one indexed table took 27 s; see PublicCredentialStore).
CREATE TABLE peercert.public_credentials_1 (
    -- Byte order ("C"): lookups match exactly, and indexing a million rows is several times faster.
    state        text COLLATE "C" NOT NULL,
    credential   text COLLATE "C" NOT NULL,
    number       text COLLATE "C",
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
    -- birth date itself is not stored here (peercert.identity_digest); NULL without a birth date.
    identity     bigint
);
CREATE INDEX public_credentials_1_number ON peercert.public_credentials_1 (state, credential, number);
CREATE INDEX public_credentials_1_identity ON peercert.public_credentials_1 (identity, state);

CREATE VIEW peercert.public_credentials AS
    SELECT state, credential, number, name, level, endorsements, status, issued_on, expires_on, valid, run_id, as_of, worker_id, identity
    FROM peercert.public_credentials_1;

-- Which of the two tables the view reads (one row).
CREATE TABLE peercert.public_publication (
    one        boolean PRIMARY KEY DEFAULT true CHECK (one),
    table_name text NOT NULL CHECK (table_name IN ('public_credentials_1', 'public_credentials_2'))
);
INSERT INTO peercert.public_publication (table_name) VALUES ('public_credentials_1');

-- One normal form for name and birth date, used when publishing and when looking up, so the two
-- can never disagree: case folded, surrounding spaces dropped, runs of spaces folded (the regular
-- expression only runs for a name that has such a run), the date as days since 2000 (no DateStyle).
-- An index key, not a secret (the names are in the table): PostgreSQL's 64-bit text hash costs a
-- third of MD5 or SHA-256 over a million rows; two people colliding would only make an answer
-- ambiguous (about 1 in 10^7 for a million people).
CREATE FUNCTION peercert.identity_digest(name text, birth_date date) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN hashtextextended(lower(CASE WHEN strpos(btrim(name), '  ') > 0 THEN regexp_replace(btrim(name), ' {2,}', ' ', 'g')
                                       ELSE btrim(name) END) || '|' || (birth_date - DATE '2000-01-01'), 0);

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
    -- Byte order ("C") for the indexed text: a staff list adds 100,000 rows at once.
    employer           text COLLATE "C" NOT NULL,
    asked_at           timestamptz NOT NULL DEFAULT now(),
    channel            text NOT NULL CHECK (channel IN ('api', 'cli')),
    asked              text NOT NULL,
    outcome            text NOT NULL CHECK (outcome IN ('valid', 'not_valid', 'not_found', 'ambiguous', 'invalid_input')),
    matched_state      text COLLATE "C",
    matched_credential text COLLATE "C",
    matched_number     text COLLATE "C"
);

CREATE INDEX ON peercert.verification_audit (matched_state, matched_credential, matched_number);
CREATE INDEX ON peercert.verification_audit (employer, asked_at);
