-- The number of QUEUED experiments, kept by a trigger (io.lrlab.experiment.QueueDepthTrigger) in the same transaction
-- as every change of status; PostgreSQL's twin of this migration says why.
CREATE TABLE queue_depth (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    queued BIGINT  NOT NULL
);
INSERT INTO queue_depth (id, queued) SELECT 1, count(*) FROM experiment WHERE status = 'QUEUED';
CREATE TRIGGER experiment_queue_depth AFTER INSERT, UPDATE, DELETE ON experiment FOR EACH ROW
    CALL 'io.lrlab.experiment.QueueDepthTrigger';
