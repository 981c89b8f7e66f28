-- the list's sort by schedule (ties by id) read from an index like every other sort (V9), instead of an incremental
-- sort of the first schedule's experiments through the (schedule, best_val_acc, id) index
CREATE INDEX experiment_schedule_id_idx ON experiment (schedule, id);
