-- The data version read before answering statistics from cache: the newest audit row of an
-- organisation (every change writes one), found by a backward index scan.
CREATE INDEX audit_log_org_id ON audit_log(org_id, id);
