-- A login role in one of peercert's group roles (created with their grants by `peercert db migrate`,
-- sql/011_least_privilege.sql). Run as the schema's owner, with psql variables:
--   role      peercert_runner (the nightly job, `deliver`), peercert_board_reader (the board's
--             reading of results and findings) or peercert_verifier (`verify`, `serve`)
--   login     the login role's name (created when missing; given the role when it exists)
--   password  optional; without it the login authenticates as pg_hba.conf says (peer, cert, ...)
-- e.g.
--   psql -v role=peercert_runner -v login=peercert_nightly -v password='a long secret' -f sql/roles/login.sql
-- then run the job as that login: peercert run --database "user=peercert_nightly ..." (or PGUSER).
\set ON_ERROR_STOP on
\if :{?password}
\else
\set password ''
\endif

SELECT set_config('peercert.requested_role', :'role', false) AS requested_role \gset
DO $$ BEGIN
    IF current_setting('peercert.requested_role') NOT IN ('peercert_runner', 'peercert_board_reader', 'peercert_verifier') THEN
        RAISE EXCEPTION 'role must be peercert_runner, peercert_board_reader or peercert_verifier, not %', current_setting('peercert.requested_role');
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_setting('peercert.requested_role')) THEN
        RAISE EXCEPTION 'role % does not exist: run `peercert db migrate` first', current_setting('peercert.requested_role');
    END IF;
END $$;

SELECT format('CREATE ROLE %I LOGIN %s', :'login', CASE WHEN :'password' = '' THEN '' ELSE format('PASSWORD %L', :'password') END)
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'login') \gexec
SELECT format('GRANT %I TO %I', :'role', :'login') \gexec
