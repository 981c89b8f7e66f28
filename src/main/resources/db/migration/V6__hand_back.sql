-- every hand-back of an experiment (database away, lease lapsed, shutdown, failure at start) goes through one rule:
-- it waits until not_before before any worker claims it again (a growing, capped back-off), and after
-- lrlab.worker.max-attempts attempts in a row that made no progress it ends FAILED with the last reasons
ALTER TABLE experiment ADD COLUMN not_before TIMESTAMP WITH TIME ZONE;
ALTER TABLE experiment ADD COLUMN stalled_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE experiment ADD COLUMN hand_back_reasons VARCHAR(4000);
