-- an index for every filter and sort the experiment list offers, each ending in id as the list's tie-break does (in the
-- sort's own direction), so that a page costs the same at 50,000 experiments as at 500 (bench/run.sh
-- QueryCostBenchmark): without them each sort read and sorted the whole table
CREATE INDEX experiment_status_id_idx ON experiment (status, id);
CREATE INDEX experiment_schedule_best_idx ON experiment (schedule, best_val_acc, id);
CREATE INDEX experiment_best_val_acc_idx ON experiment (best_val_acc, id);
CREATE INDEX experiment_final_val_acc_idx ON experiment (final_val_acc, id);
CREATE INDEX experiment_created_at_idx ON experiment (created_at, id);
CREATE INDEX experiment_name_idx ON experiment (name, id);
CREATE INDEX experiment_priority_idx ON experiment (priority, id);
CREATE INDEX experiment_tag_tag_idx ON experiment_tag (tag, experiment_id);
