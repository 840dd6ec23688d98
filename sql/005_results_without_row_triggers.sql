-- The results tables no longer carry a foreign key to peercert.runs. A foreign key is checked by
-- a trigger queued for every row, run when the COPY ends: at 1,000,000 workers that was about 8 of
-- the run's seconds spent confirming a run id the same transaction had just inserted. The rows
-- of a run are written by that run alone (its id comes from `runs`), and are removed with it
-- explicitly: a failed run's rows by the run itself (ResultWriter.withdraw), old runs' rows by
-- whatever deletes runs, which must delete from these tables first.
ALTER TABLE peercert.credential_results DROP CONSTRAINT credential_results_run_id_fkey;
ALTER TABLE peercert.findings DROP CONSTRAINT findings_run_id_fkey;
