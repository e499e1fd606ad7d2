-- The change feed on SQLite (services/db/ChangeLog, docs/data.md "Change
-- feed"): each write appends which rows it changed, in its own transaction,
-- and every watcher reads the rows after the last one it saw. AUTOINCREMENT
-- so ids are never reused after pruning: with one writer at a time they run
-- without gaps, and a gap after a watcher's last id means rows were pruned
-- before it read them.

CREATE TABLE change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    topic TEXT NOT NULL,
    ids TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX change_log_at ON change_log (at);
