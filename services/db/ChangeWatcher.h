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
class ChangeWatcher : public QObject {
    Q_OBJECT
public:
    explicit ChangeWatcher(const DatabaseUrl &url, QObject *parent = nullptr);
    ~ChangeWatcher() override;

    void start();
    void stop();

signals:
    void changed(const QString &topic, const QList<qint64> &ids);
    // Changes may have been missed (after a reconnect, or the log was pruned
    // past what this watcher had read): reload the whole view.
    void resynchronise();

private:
    class Worker;
    DatabaseUrl m_url;
    std::unique_ptr<Worker> m_worker;
};

} // namespace sk
