-- which API key (by name, never the secret) submitted the experiment; null when lrlab ran without keys
ALTER TABLE experiment ADD COLUMN submitted_by VARCHAR(100);
