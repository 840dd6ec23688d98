-- A night made of shards. Each shard's run carries the night's label (`peercert run --shard k/n
-- --night LABEL`); when every part has succeeded, a join records the night as one whole run
-- (shard '0/1') holding the parts' results, and lists the part runs it was made of. Only the join
-- publishes: changes, reminders, public credentials, the board's page, `latest`.
ALTER TABLE peercert.runs
    ADD COLUMN night text,
    ADD COLUMN parts bigint[];
CREATE INDEX runs_night ON peercert.runs (night, shard, id) WHERE night IS NOT NULL;
