#pragma once

#include "db/DatabaseUrl.h"

#include <QList>
#include <QObject>
#include <QString>
#include <memory>

namespace sk {

// Watches the change feed written by ChangeLog on a connection of its own,
// on a thread of its own, and reports changes on the thread that owns the
// watcher (the GUI thread). SQLite: polls PRAGMA data_version (cheap; changes
// only when another connection committed) and reads the new change_log rows.
// PostgreSQL: LISTEN, with the ids in the NOTIFY payload.
//
// Changes are coalesced: one changed() per topic per poll (SQLite) or per
// burst of notifications (PostgreSQL), ids sorted and unique. A write that
// changed more rows than are worth listing (ChangeLog::kMaxListedIds), or a
// burst of more than kMaxReportedIds, is reported as resynchronise().
class ChangeWatcher : public QObject {
    Q_OBJECT
public:
    static constexpr int kPollIntervalMs = 200;
    // PostgreSQL: how long notifications are gathered before they are
    // reported, and how often the connection is checked (a lost connection
    // delivers nothing, so it is noticed only by asking).
    static constexpr int kCoalesceMs = 20;
    static constexpr int kHealthCheckMs = 1000;
    // Reconnecting waits this long, doubling up to kMaxRetryMs.
    static constexpr int kFirstRetryMs = 250;
    static constexpr int kMaxRetryMs = 8000;
    static constexpr int kMaxReportedIds = 5000;

    explicit ChangeWatcher(const DatabaseUrl &url, QObject *parent = nullptr);
    ~ChangeWatcher() override;

    // Opens the connection on the watcher's thread and returns at once;
    // ready() follows. Calling start() on a running watcher does nothing.
    void start();
    // Ends the thread and closes its connection; blocks until it has.
    void stop();
    bool isRunning() const;

signals:
    void changed(const QString &topic, const QList<qint64> &ids);
    // Changes may have been missed (after a reconnect, or the log was pruned
    // past what this watcher had read): reload the whole view.
    void resynchronise();
    // Once per start(), when the watcher is listening: every change committed
    // from now on is reported.
    void ready();

private:
    class Worker;
    DatabaseUrl m_url;
    std::unique_ptr<Worker> m_worker;
};

} // namespace sk
