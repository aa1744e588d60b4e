-- dondoc schema, SQLite. Twin of ../postgres/0001_init.sql: keep them in step.
-- Dates are ISO 'YYYY-MM-DD' TEXT, timestamps RFC 3339 UTC TEXT: both sort as they compare.
-- Every table that grows carries org_id; every query filters by it.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    code TEXT,
    party_form INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    parent_id INTEGER REFERENCES units(id),
    name TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX units_org_parent ON units(org_id, parent_id);

CREATE TABLE unit_aliases (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    alias TEXT NOT NULL
);
CREATE INDEX unit_aliases_unit ON unit_aliases(org_id, unit_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    full_name TEXT NOT NULL,
    unit_id INTEGER REFERENCES units(id),
    post TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX people_org_unit ON people(org_id, unit_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'office', 'leader', 'unit', 'cadre')),
    unit_id INTEGER REFERENCES units(id),
    person_id INTEGER REFERENCES people(id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX users_org ON users(org_id, role);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(org_id, user_id);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    symbol TEXT,
    symbol_norm TEXT,
    number TEXT,
    kind TEXT,
    kind_name TEXT,
    issuer TEXT,
    place TEXT,
    doc_date TEXT,
    title TEXT,
    signer_name TEXT,
    signer_authority TEXT,
    signer_position TEXT,
    recipients_json TEXT NOT NULL DEFAULT '[]',
    file_name TEXT,
    body TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('draft', 'confirmed')),
    draft_json TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    confirmed_by INTEGER REFERENCES users(id),
    confirmed_at TEXT
);
CREATE INDEX documents_org_state ON documents(org_id, state, doc_date);
CREATE INDEX documents_org_symbol ON documents(org_id, symbol_norm);

-- Tasks. Occurrences of a recurring task are rows of their own (occurrence_of = the recurring
-- task, counted = 1) so that lists, statistics, reports and extensions treat them alike; the
-- recurring task's own row has counted = 0. effective_due / ext_granted_on are the deadline of
-- the latest granted extension (else due) and that grant's date, kept in the same transaction.
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    document_id INTEGER REFERENCES documents(id),
    parent_id INTEGER REFERENCES tasks(id),
    occurrence_of INTEGER REFERENCES tasks(id),
    period_start TEXT,
    period_end TEXT,
    period_label TEXT,
    ref_code TEXT,
    body TEXT NOT NULL,
    search_text TEXT NOT NULL DEFAULT '',
    lead_unit_id INTEGER NOT NULL REFERENCES units(id),
    lead_person_id INTEGER REFERENCES people(id),
    deadline_kind TEXT NOT NULL,
    due TEXT,
    period TEXT,
    day_of_period INTEGER,
    deadline_text TEXT,
    targets_json TEXT NOT NULL DEFAULT '[]',
    references_json TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL CHECK (state IN ('open', 'completion_reported', 'done', 'cancelled')),
    completion_reported_on TEXT,
    completed_on TEXT,
    cancelled_on TEXT,
    cancel_reason TEXT,
    assigned_on TEXT NOT NULL,
    effective_due TEXT,
    ext_granted_on TEXT,
    counted INTEGER NOT NULL DEFAULT 1,
    latest_percent INTEGER NOT NULL DEFAULT 0,
    last_report_on TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- list by unit (+ status computed on these columns), stats per unit: covering indexes
CREATE INDEX tasks_org_unit ON tasks(org_id, counted, lead_unit_id, due, effective_due, ext_granted_on, completed_on, cancelled_on);
CREATE INDEX tasks_org_due ON tasks(org_id, counted, due);
CREATE INDEX tasks_org_document ON tasks(org_id, document_id);
CREATE INDEX tasks_parent ON tasks(parent_id);
CREATE INDEX tasks_occurrence_of ON tasks(occurrence_of);
CREATE INDEX tasks_org_person ON tasks(org_id, lead_person_id);

CREATE TABLE task_coordinators (
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_coordinators_unit ON task_coordinators(org_id, unit_id, task_id);

CREATE TABLE progress_reports (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    reported_by INTEGER NOT NULL REFERENCES users(id),
    reported_on TEXT NOT NULL,
    percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    narrative TEXT NOT NULL,
    figures_json TEXT NOT NULL DEFAULT '[]',
    marks_completion INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX progress_reports_task ON progress_reports(org_id, task_id, id);
CREATE INDEX progress_reports_org_date ON progress_reports(org_id, reported_on);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    report_id INTEGER NOT NULL REFERENCES progress_reports(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB,
    path TEXT
);
CREATE INDEX attachments_report ON attachments(org_id, report_id);

CREATE TABLE extensions (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    requested_on TEXT NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    previous_due TEXT NOT NULL,
    requested_due TEXT NOT NULL,
    reason TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('pending', 'granted', 'refused')),
    decided_by INTEGER REFERENCES users(id),
    decided_on TEXT,
    decision_note TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX extensions_task ON extensions(task_id, decision, decided_on);
CREATE INDEX extensions_org_pending ON extensions(org_id, decision);

-- Append-only: who, when, what, before/after.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    org_id INTEGER REFERENCES organisations(id),
    user_id INTEGER,
    at TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log(org_id, entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(org_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
