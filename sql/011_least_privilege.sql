-- Least privilege: the schema's owner (whoever runs `peercert db migrate`) keeps DDL; three group
-- roles get only what their work needs. Operators create login roles IN ROLE one of them
-- (sql/roles/*.sql, README "Roles").
--   peercert_runner        the nightly job and `deliver`: reads the input tables, writes the results,
--                          the reminders and the outbox, publishes the public credentials through
--                          peercert.publish_public_credentials (it cannot create or drop anything).
--   peercert_board_reader  the board: reads runs and results, findings included. Findings carry
--                          lived-experience details (health information): no other reader role has them.
--   peercert_verifier      employers (`verify`, `serve`): the public credentials and the audit only.
-- Roles are cluster-wide: created once, if missing, which needs CREATEROLE; where the schema's
-- owner may not create roles (a managed service), create the three beforehand and this only grants.
-- Two databases migrating at once may race to create one: the loser finds it made.
DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['peercert_runner', 'peercert_board_reader', 'peercert_verifier'] LOOP
        CONTINUE WHEN EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = name);
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', name);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END LOOP;
END $$;

-- Publishing swaps the table behind the public view (DDL), so it runs with the owner's rights in
-- this one function; the runner may call it and do nothing else of the kind. Runs in the caller's
-- transaction: the view points at the new night's table when the run commits, and not before.
CREATE FUNCTION peercert.publish_public_credentials(run bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog
    -- The sort and hashes of a million rows stay in memory; the index builds get room too.
    SET work_mem = '512MB' SET maintenance_work_mem = '256MB'
AS $$
DECLARE
    current text := (SELECT table_name FROM peercert.public_publication);
    next text := CASE WHEN current = 'public_credentials_1' THEN 'public_credentials_2' ELSE 'public_credentials_1' END;
    columns text := 'state, credential, number, name, level, endorsements, status, issued_on, expires_on, valid, run_id, as_of, worker_id, identity';
    published bigint;
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS peercert.%I', next);
    EXECUTE format('CREATE TABLE peercert.%I (LIKE peercert.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', next, coalesce(current, 'public_credentials_1'));
    EXECUTE format($sql$
        INSERT INTO peercert.%I (%s)
        SELECT DISTINCT ON (cr.worker_id, cr.state, cr.credential)
               cr.state, cr.credential, c.number, w.full_name, c.level, c.endorsements,
               CASE WHEN c.status = 'active' AND cr.verdict = 'lapsed' THEN 'expired' ELSE c.status END,
               c.issued_on, c.expires_on,
               c.status = 'active' AND cr.verdict <> 'lapsed' AND c.expires_on >= r.as_of
                   AND (c.issued_on IS NULL OR c.issued_on <= r.as_of) AS valid,
               r.id, r.as_of, cr.worker_id, peercert.identity_digest(w.full_name, w.birth_date)
        FROM peercert.credential_results cr
        JOIN peercert.runs r ON r.id = cr.run_id
        JOIN peercert.certifications c ON c.id = cr.certification_id
        JOIN peercert.workers w ON w.id = cr.worker_id
        WHERE cr.run_id = $1 AND cr.role = 'holder' AND c.status <> 'applied'
        ORDER BY cr.worker_id, cr.state, cr.credential, valid DESC, c.expires_on DESC NULLS LAST, c.id DESC
        $sql$, next, columns) USING run;
    GET DIAGNOSTICS published = ROW_COUNT;
    EXECUTE format('CREATE INDEX %I ON peercert.%I (state, credential, number)', next || '_number', next);
    EXECUTE format('CREATE INDEX %I ON peercert.%I (identity, state)', next || '_identity', next);
    EXECUTE format('ANALYZE peercert.%I', next);
    -- Replacing a view keeps its grants: the verifier keeps reading it.
    EXECUTE format('CREATE OR REPLACE VIEW peercert.public_credentials AS SELECT %s FROM peercert.%I', columns, next);
    UPDATE peercert.public_publication SET table_name = next;
    RETURN published;
END $$;
REVOKE EXECUTE ON FUNCTION peercert.publish_public_credentials(bigint) FROM PUBLIC;

GRANT USAGE ON SCHEMA peercert TO peercert_runner, peercert_board_reader, peercert_verifier;

GRANT SELECT ON peercert.workers, peercert.lived_experience_attestations, peercert.education, peercert.training_providers,
    peercert.training_provider_approvals, peercert.training_records, peercert.exam_records, peercert.supervisors,
    peercert.supervised_experience, peercert.certifications, peercert.ce_records, peercert.ethics_attestations,
    peercert.background_checks, peercert.employers, peercert.administrators, peercert.employment,
    peercert.administrator_workers, peercert.transfer_requests, peercert.schema_migrations
    TO peercert_runner;
GRANT SELECT, INSERT, UPDATE, DELETE ON peercert.runs, peercert.credential_results, peercert.findings, peercert.run_rule_files,
    peercert.credential_changes, peercert.outbox, peercert.reminders
    TO peercert_runner;
GRANT SELECT ON peercert.public_publication, peercert.public_credentials TO peercert_runner;
GRANT EXECUTE ON FUNCTION peercert.publish_public_credentials(bigint) TO peercert_runner;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA peercert TO peercert_runner;

GRANT SELECT ON peercert.runs, peercert.credential_results, peercert.findings, peercert.run_rule_files, peercert.credential_changes
    TO peercert_board_reader;

GRANT SELECT ON peercert.public_credentials TO peercert_verifier;
GRANT INSERT ON peercert.verification_audit TO peercert_verifier;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA peercert TO peercert_verifier;
GRANT EXECUTE ON FUNCTION peercert.employer_for_key(bytea), peercert.identity_digest(text, date) TO peercert_verifier;
