-- Public credentials published beside the run instead of after it. A whole run chooses each
-- worker's public rows from what it has in memory (PeerStore/Publication.swift) and streams them
-- on a second connection into the unused one of the two public tables while the workers are
-- evaluated; that connection indexes the table when the workers are done; the run's own
-- transaction points the view at it just before its commit. Publishing used to join a million
-- results to the input after the run, on one core, for 8 to 10 s of a 51 s run.
--   prepare_public_credentials()    (re)creates the unused table, empty, and lets the runner fill it
--   index_public_credentials(name)  takes that right back, indexes and analyzes the table
--   switch_public_credentials(name) points the view at it (in the run's transaction)
--   restore_public_credentials()    points the view back at the other table: the previous night's
--                                   publication (a run withdrawn after its commit)
-- The runner still creates and drops nothing itself: these run with the owner's rights.

-- The (run_id, verdict) index cost about 2.4 s of server time per 1,000,000 results written;
-- `runs show` counts a run's verdicts through the primary key's run_id instead.
DROP INDEX IF EXISTS peercert.credential_results_run_id_verdict_idx;

-- The one of the two tables the view does not show: being prepared, or the previous publication.
CREATE FUNCTION peercert.other_public_table() RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog
    RETURN (SELECT CASE WHEN table_name = 'public_credentials_1' THEN 'public_credentials_2' ELSE 'public_credentials_1' END
            FROM peercert.public_publication);

CREATE FUNCTION peercert.prepare_public_credentials() RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog
AS $$
DECLARE
    unused text := peercert.other_public_table();
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS peercert.%I', unused);
    EXECUTE format('CREATE TABLE peercert.%I (LIKE peercert.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', unused,
                   (SELECT table_name FROM peercert.public_publication));
    EXECUTE format('GRANT INSERT ON peercert.%I TO peercert_runner', unused);
    RETURN unused;
END $$;

-- The table being prepared: one of the two, and not the one the view shows.
CREATE FUNCTION peercert.public_table_being_prepared(name text) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog
AS $$
BEGIN
    IF name IS NULL OR name NOT IN ('public_credentials_1', 'public_credentials_2')
       OR name = (SELECT table_name FROM peercert.public_publication) THEN
        RAISE EXCEPTION 'peercert: % is not the public-credentials table being prepared', coalesce(name, 'NULL');
    END IF;
    RETURN name;
END $$;

CREATE FUNCTION peercert.index_public_credentials(name text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog
    SET maintenance_work_mem = '256MB'
AS $$
DECLARE
    prepared text := peercert.public_table_being_prepared(name);
BEGIN
    EXECUTE format('REVOKE INSERT ON peercert.%I FROM peercert_runner', prepared);
    -- The number index leads with the number, nearly unique, which the index build's sort can use.
    EXECUTE format('CREATE INDEX %I ON peercert.%I (number, state, credential)', prepared || '_number', prepared);
    EXECUTE format('CREATE INDEX %I ON peercert.%I (identity, state)', prepared || '_identity', prepared);
    EXECUTE format('ANALYZE peercert.%I', prepared);
END $$;

CREATE FUNCTION peercert.switch_public_credentials(name text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog
AS $$
DECLARE
    prepared text := peercert.public_table_being_prepared(name);
BEGIN
    -- Replacing a view keeps its grants: the verifier keeps reading it.
    EXECUTE format('CREATE OR REPLACE VIEW peercert.public_credentials AS SELECT state, credential, number, name, level, '
                   'endorsements, status, issued_on, expires_on, valid, run_id, as_of, worker_id, identity FROM peercert.%I', prepared);
    UPDATE peercert.public_publication SET table_name = prepared;
END $$;

-- The other table is always there: the view pointed at it before this run switched, and only the
-- table the view does not show is ever dropped (by prepare_public_credentials).
CREATE FUNCTION peercert.restore_public_credentials() RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog
    BEGIN ATOMIC
        SELECT peercert.switch_public_credentials(peercert.other_public_table());
    END;

REVOKE EXECUTE ON FUNCTION peercert.prepare_public_credentials(), peercert.index_public_credentials(text),
    peercert.switch_public_credentials(text), peercert.restore_public_credentials() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION peercert.prepare_public_credentials(), peercert.index_public_credentials(text),
    peercert.switch_public_credentials(text), peercert.restore_public_credentials() TO peercert_runner;

DROP FUNCTION peercert.publish_public_credentials(bigint);

-- Identities are computed by peercert now (PersonIdentity), when publishing and when looking up.
-- The published tables' are recomputed here with the same recipe, so lookups by name and birth
-- date keep answering until the next run republishes. PostgreSQL's lower() and Swift's lowercase
-- agree on the names people type; a name they fold differently is found again after that run.
DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['public_credentials_1', 'public_credentials_2'] LOOP
        CONTINUE WHEN to_regclass('peercert.' || name) IS NULL;
        EXECUTE format($update$
            UPDATE peercert.%I p
            SET identity = ('x' || encode(substr(sha256(convert_to(
                    lower(regexp_replace(btrim(p.name, ' '), ' {2,}', ' ', 'g')) || '|' || (w.birth_date - DATE '2000-01-01'),
                    'UTF8')), 1, 8), 'hex'))::bit(64)::bigint
            FROM peercert.workers w WHERE w.id = p.worker_id
            $update$, name);
    END LOOP;
END $$;
DROP FUNCTION peercert.identity_digest(text, date);
