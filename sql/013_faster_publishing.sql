-- Publishing a night's public credentials, faster (about 16 -> 10 s at 1,000,000 workers):
--  * the run's rows were inserted in this transaction, so the planner's statistics do not know
--    them: it guessed one row and joined a million by nested index lookups or sorted merges, and
--    the penalty costs set off JIT compilation (almost a second). A whole run is always joined by
--    hashing, without JIT; the run's as-of date is read once instead of joined to every row;
--  * the choice of one certificate per worker and credential sorts state and credential in
--    byte order (the columns are compared for equality only; linguistic order bought nothing);
--  * the number index leads with the number, nearly unique, which the sort's abbreviated keys
--    can use (lookups give all three columns, so the order of the columns does not matter to them).
CREATE OR REPLACE FUNCTION peercert.publish_public_credentials(run bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog
    -- The sort and hashes of a million rows stay in memory; the index builds get room too.
    SET work_mem = '512MB' SET maintenance_work_mem = '256MB'
    SET enable_nestloop = off SET enable_mergejoin = off SET jit = off
AS $$
DECLARE
    current text := (SELECT table_name FROM peercert.public_publication);
    next text := CASE WHEN current = 'public_credentials_1' THEN 'public_credentials_2' ELSE 'public_credentials_1' END;
    columns text := 'state, credential, number, name, level, endorsements, status, issued_on, expires_on, valid, run_id, as_of, worker_id, identity';
    published bigint;
    as_of date := (SELECT r.as_of FROM peercert.runs r WHERE r.id = run);
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS peercert.%I', next);
    EXECUTE format('CREATE TABLE peercert.%I (LIKE peercert.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', next, coalesce(current, 'public_credentials_1'));
    EXECUTE format($sql$
        INSERT INTO peercert.%I (%s)
        SELECT DISTINCT ON (cr.worker_id, cr.state COLLATE "C", cr.credential COLLATE "C")
               cr.state, cr.credential, c.number, w.full_name, c.level, c.endorsements,
               CASE WHEN c.status = 'active' AND cr.verdict = 'lapsed' THEN 'expired' ELSE c.status END,
               c.issued_on, c.expires_on,
               c.status = 'active' AND cr.verdict <> 'lapsed' AND c.expires_on >= $2
                   AND (c.issued_on IS NULL OR c.issued_on <= $2) AS valid,
               $1, $2, cr.worker_id, peercert.identity_digest(w.full_name, w.birth_date)
        FROM peercert.credential_results cr
        JOIN peercert.certifications c ON c.id = cr.certification_id
        JOIN peercert.workers w ON w.id = cr.worker_id
        WHERE cr.run_id = $1 AND cr.role = 'holder' AND c.status <> 'applied'
        ORDER BY cr.worker_id, cr.state COLLATE "C", cr.credential COLLATE "C", valid DESC, c.expires_on DESC NULLS LAST, c.id DESC
        $sql$, next, columns) USING run, as_of;
    GET DIAGNOSTICS published = ROW_COUNT;
    EXECUTE format('CREATE INDEX %I ON peercert.%I (number, state, credential)', next || '_number', next);
    EXECUTE format('CREATE INDEX %I ON peercert.%I (identity, state)', next || '_identity', next);
    EXECUTE format('ANALYZE peercert.%I', next);
    -- Replacing a view keeps its grants: the verifier keeps reading it.
    EXECUTE format('CREATE OR REPLACE VIEW peercert.public_credentials AS SELECT %s FROM peercert.%I', columns, next);
    UPDATE peercert.public_publication SET table_name = next;
    RETURN published;
END $$;
