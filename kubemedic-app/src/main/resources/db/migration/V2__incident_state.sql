-- Incident state survives a restart: the rule being climbed and the engine's working state (rungs done, pending
-- verification or approval, holds) as JSON. A small key/value table records facts about the store itself, such as
-- which command created it (the demo only ever deletes a store it created).
ALTER TABLE incident ADD COLUMN rule TEXT;
ALTER TABLE incident ADD COLUMN state TEXT;
CREATE INDEX incident_closed ON incident (closed_at);

CREATE TABLE store_meta (
    meta_key   TEXT PRIMARY KEY,
    meta_value TEXT NOT NULL
);
