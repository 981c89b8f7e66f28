-- the arithmetic an experiment trains in (float32 or bfloat16), a column of its own so that a worker claims only what
-- it can run: workers without bfloat16 kernels pass bfloat16 experiments by
ALTER TABLE experiment ADD COLUMN precision VARCHAR(16) DEFAULT 'float32' NOT NULL;
-- what each worker can train in, for GET /api/workers
ALTER TABLE worker ADD COLUMN precisions VARCHAR(40) DEFAULT 'float32' NOT NULL;
