-- Every alert that arrives (Alertmanager webhook, generic alert, workflow request) is written here before it is
-- answered, so nothing that was accepted is lost. One row per alert occurrence: the dedup key (Alertmanager groupKey +
-- fingerprint, or a hash of the labels) with its status and start; repeated notifications of the same occurrence
-- bump times_seen and last_seen instead of adding rows. disposition says what Kubemedic made of it, and why.
CREATE TABLE alert (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    dedup_key    TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    alertname    TEXT,
    status       TEXT    NOT NULL,
    starts_at    BIGINT,
    first_seen   BIGINT  NOT NULL,
    last_seen    BIGINT  NOT NULL,
    times_seen   INTEGER NOT NULL,
    target       TEXT,
    disposition  TEXT    NOT NULL,
    reason       TEXT,
    incident_id  TEXT,
    labels       TEXT
);
CREATE UNIQUE INDEX alert_occurrence ON alert (dedup_key, status, starts_at);
CREATE INDEX alert_last_seen ON alert (last_seen);
