-- The employer-facing role: what `peercert verify` and `peercert serve` need, and nothing else.
-- It reads the public credentials, checks API keys through peercert.employer_for_key (never the
-- keys table), and adds rows to the verification audit. It cannot read workers, lived-experience
-- attestations, any other input table, the results or the findings.
--
-- Run as the schema's owner after `peercert db migrate` (psql variables: the login role and its password):
--   psql -v login=peercert_api -v password=secret -f sql/roles/verifier.sql
-- then start the server as that login: peercert serve --database "user=peercert_api password=secret ..."
\set ON_ERROR_STOP on

DO $$ BEGIN
    CREATE ROLE peercert_verifier NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

GRANT USAGE ON SCHEMA peercert TO peercert_verifier;
GRANT SELECT ON peercert.public_credentials TO peercert_verifier;
GRANT INSERT ON peercert.verification_audit TO peercert_verifier;
GRANT EXECUTE ON FUNCTION peercert.employer_for_key(bytea) TO peercert_verifier;
GRANT EXECUTE ON FUNCTION peercert.identity_digest(text, date) TO peercert_verifier;

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE peercert_verifier', :'login', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'login') \gexec
GRANT peercert_verifier TO :"login";
