-- Notifications (services/notifications, docs/notifications.md): the outbox
-- of migration 0005 learns the sender's states. A row is `sending` while one
-- sender holds it (claimed_at, claimed_by); next_attempt_at is when a
-- pending row is due (retries back off). SQLite cannot change a CHECK
-- constraint, so the table is rebuilt; nothing references it.
CREATE TABLE outbox_rebuilt (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    recipient_email TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    dedupe_key TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    next_attempt_at TEXT,
    claimed_at TEXT,
    claimed_by TEXT NOT NULL DEFAULT ''
);
INSERT INTO outbox_rebuilt (id, kind, recipient_user_id, recipient_email, subject, body, payload, status, attempts,
                            last_error, dedupe_key, created_at, sent_at, next_attempt_at)
    SELECT id, kind, recipient_user_id, recipient_email, subject, body, payload, status, attempts, last_error,
           dedupe_key, created_at, sent_at, created_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe_key);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at, id);
CREATE INDEX outbox_created ON outbox (created_at, id);
