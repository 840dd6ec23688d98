-- A credential's compact verdicts as json, not jsonb. The run writes them once and nothing queries
-- inside them in bulk; jsonb's parse, key sort and binary form cost the results connection about
-- a third of its server time at 1,000,000 workers (measured with perf: qsort_arg and json_lex
-- were its two heaviest functions). json keeps the text as written, checked only for being JSON:
-- the ->, ->> and json_each operators still work; cast to jsonb for containment (@>) or equality.
ALTER TABLE peercert.credential_results
    ALTER COLUMN verdicts DROP DEFAULT,
    ALTER COLUMN verdicts TYPE json USING verdicts::json,
    ALTER COLUMN verdicts SET DEFAULT '{}'::json;
