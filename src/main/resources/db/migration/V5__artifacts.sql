-- checkpoints (and with them the trained models) in the database, so that any node resumes or serves them;
-- replaced whole, with the SHA-256 of the content checked on every read; deleted with their experiment
CREATE TABLE artifact (
    experiment_id BIGINT                   NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    name          VARCHAR(100)             NOT NULL,
    size          BIGINT                   NOT NULL,
    sha256        VARCHAR(64)              NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    content       BYTEA                    NOT NULL,
    PRIMARY KEY (experiment_id, name)
);

-- where a running experiment is inside its epoch, written by its worker's heartbeat, so that every node (not only
-- the worker's own) shows batch, images/s and ETA
ALTER TABLE experiment ADD COLUMN live_epoch INTEGER;
ALTER TABLE experiment ADD COLUMN live_batch INTEGER;
ALTER TABLE experiment ADD COLUMN live_batches INTEGER;
ALTER TABLE experiment ADD COLUMN live_images_per_second DOUBLE PRECISION;
