-- Which shard a run evaluated ('0/1' for a whole run): a run left `running` by a killed process
-- is marked failed by the next run of the same shard, which holds that shard's lock.
ALTER TABLE peercert.runs ADD COLUMN shard text NOT NULL DEFAULT '0/1';
