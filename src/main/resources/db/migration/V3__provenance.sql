-- what produced the experiment's numbers (versions, backend, device, dataset checksum, numeric settings), as JSON,
-- written by the worker at the start of each attempt
ALTER TABLE experiment ADD COLUMN provenance VARCHAR(20000);
