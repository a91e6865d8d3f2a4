-- Kubemedic audit trail. Portable SQL (SQLite and PostgreSQL): times are epoch milliseconds in BIGINT.
CREATE TABLE audit_record (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id   TEXT    NOT NULL,
    ts            BIGINT  NOT NULL,
    completed_at  BIGINT,
    action_type   TEXT,
    target        TEXT    NOT NULL,
    workload      TEXT    NOT NULL,
    namespace     TEXT,
    reason_code   TEXT,
    reason_text   TEXT,
    initiator     TEXT,
    mode          TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    error         TEXT,
    duration_ms   BIGINT  NOT NULL DEFAULT 0,
    detail        TEXT
);
CREATE INDEX audit_record_incident ON audit_record (incident_id);
CREATE INDEX audit_record_ts ON audit_record (ts);
CREATE INDEX audit_record_workload ON audit_record (workload);

CREATE TABLE incident (
    id            TEXT    PRIMARY KEY,
    workload      TEXT    NOT NULL,
    namespace     TEXT,
    opened_at     BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    closed_at     BIGINT,
    outcome       TEXT    NOT NULL,
    finding_types TEXT    NOT NULL,
    last_reason   TEXT,
    summary       TEXT
);
CREATE INDEX incident_opened ON incident (opened_at);
CREATE INDEX incident_workload ON incident (workload);
