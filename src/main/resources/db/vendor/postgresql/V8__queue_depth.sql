-- The number of QUEUED experiments, kept by a trigger in the same transaction as every change of status, so admission,
-- the lrlab_queue_depth gauge and an autoscaler read one row instead of counting the queue (db/queue-depth.sql).
-- Created, filled and armed in one transaction, with writers held off, so it starts exact.
LOCK TABLE experiment IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE queue_depth (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    queued BIGINT  NOT NULL
);
INSERT INTO queue_depth (id, queued) SELECT 1, count(*) FROM experiment WHERE status = 'QUEUED';

CREATE FUNCTION experiment_queue_depth() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'QUEUED' THEN
            UPDATE queue_depth SET queued = queued + 1 WHERE id = 1;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.status = 'QUEUED' THEN
            UPDATE queue_depth SET queued = queued - 1 WHERE id = 1;
        END IF;
    ELSIF OLD.status IS DISTINCT FROM NEW.status THEN
        IF NEW.status = 'QUEUED' THEN
            UPDATE queue_depth SET queued = queued + 1 WHERE id = 1;
        ELSIF OLD.status = 'QUEUED' THEN
            UPDATE queue_depth SET queued = queued - 1 WHERE id = 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER experiment_queue_depth AFTER INSERT OR DELETE OR UPDATE OF status ON experiment
    FOR EACH ROW EXECUTE FUNCTION experiment_queue_depth();

-- "name contains" (lower(name) LIKE '%...%') through a trigram index. pg_trgm is a trusted extension since
-- PostgreSQL 13, but a server without the contrib package or a user without CREATE on schema public cannot have it:
-- then the name filter scans, and the migration says so instead of failing.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
    EXECUTE 'CREATE INDEX experiment_name_trgm_idx ON experiment USING gin (lower(name) public.gin_trgm_ops)';
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'no trigram index for name filters (%)', SQLERRM;
END
$$;
