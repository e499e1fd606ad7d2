-- Notifications (services/notifications, docs/notifications.md): the outbox
-- of migration 0005 learns the sender's states. A row is `sending` while one
-- sender holds it (claimed_at, claimed_by); next_attempt_at is when a
-- pending row is due (retries back off).
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'failed'));
ALTER TABLE outbox ADD COLUMN next_attempt_at TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN claimed_at TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
UPDATE outbox SET next_attempt_at = created_at;
DROP INDEX outbox_pending;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at, id);
CREATE INDEX outbox_created ON outbox (created_at, id);
