-- every worker process's heartbeat, for GET /api/workers: which workers are alive and what each trains
CREATE TABLE worker (
    id            VARCHAR(100)             PRIMARY KEY,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen     TIMESTAMP WITH TIME ZONE NOT NULL,
    experiment_id BIGINT
);
