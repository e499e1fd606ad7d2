#include "db/ChangeWatcher.h"

#include "db/ChangeLog.h"
#include "db/Connection.h"
#include "db/Transaction.h"

#include <QHash>
#include <QSet>
#include <QSqlDriver>
#include <QThread>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// SQLite: change_log rows read in one poll at most; a watcher further behind
// reloads its views rather than reading a backlog row by row.
constexpr int kMaxRowsPerPoll = 2000;

// Everything here lives on the watcher's thread: created and destroyed by
// ChangeWatcher::Worker::run(), so the Connection (and, on PostgreSQL, the
// driver's socket notifier) is only ever touched by the thread that opened it.
class FeedReader {
public:
    FeedReader(const DatabaseUrl &url, ChangeWatcher *owner) : m_url(url), m_owner(owner)
    {
        m_pollTimer.setInterval(url.isSqlite() ? ChangeWatcher::kPollIntervalMs : ChangeWatcher::kHealthCheckMs);
        QObject::connect(&m_pollTimer, &QTimer::timeout, &m_context, [this] {
            if (m_url.isSqlite())
                poll();
            else
                checkConnection();
        });
        m_retryTimer.setSingleShot(true);
        QObject::connect(&m_retryTimer, &QTimer::timeout, &m_context, [this] { connectNow(); });
        m_flushTimer.setSingleShot(true);
        m_flushTimer.setInterval(ChangeWatcher::kCoalesceMs);
        QObject::connect(&m_flushTimer, &QTimer::timeout, &m_context, [this] { flush(); });
    }

    void begin() { connectNow(); }

private:
    void connectNow()
    {
        Result<std::unique_ptr<Connection>> opened = Connection::open(m_url, Connection::Role::Reader);
        if (!opened || !(m_url.isSqlite() ? startReading(*opened.value()) : startListening(*opened.value()))) {
            retryLater();
            return;
        }
        m_connection = std::move(opened).value();
        m_retryMs = ChangeWatcher::kFirstRetryMs;
        m_pollTimer.start();
        // The first time the views are loading anyway; after a lost
        // connection anything may have changed meanwhile.
        if (m_wasReady) {
            post([](ChangeWatcher *owner) { emit owner->resynchronise(); });
        } else {
            m_wasReady = true;
            post([](ChangeWatcher *owner) { emit owner->ready(); });
        }
    }

    void retryLater()
    {
        m_retryTimer.start(m_retryMs);
        m_retryMs = std::min(m_retryMs * 2, ChangeWatcher::kMaxRetryMs);
    }

    // ---- SQLite -------------------------------------------------------------

    bool startReading(Connection &connection)
    {
        // data_version first: a commit that lands between the two reads is
        // then seen again by the next poll, which finds nothing new.
        Result<QVariant> version = connection.scalar(u"PRAGMA data_version"_s);
        if (!version)
            return false;
        Result<qint64> last = lastIssuedId(connection);
        if (!last)
            return false;
        m_dataVersion = version.value().toLongLong();
        m_lastSeenId = last.value();
        return true;
    }

    // The largest id change_log ever handed out (AUTOINCREMENT keeps it
    // after the rows are pruned).
    static Result<qint64> lastIssuedId(Connection &connection)
    {
        Result<QVariant> seq = connection.scalar(u"SELECT seq FROM sqlite_sequence WHERE name = 'change_log'"_s);
        if (!seq)
            return seq.error();
        return seq.value().isNull() ? 0 : seq.value().toLongLong();
    }

    void poll()
    {
        Result<QVariant> version = m_connection->scalar(u"PRAGMA data_version"_s);
        if (!version || version.value().toLongLong() == m_dataVersion)
            return;
        if (readNewRows())
            m_dataVersion = version.value().toLongLong();
        flush();
    }

    // One snapshot for the rows and the sequence, so a gap is a real gap.
    bool readNewRows()
    {
        Transaction transaction(*m_connection, Transaction::Mode::Read);
        if (!transaction.begin())
            return false;
        Result<QSqlQuery> rows = m_connection->exec(
            u"SELECT id, topic, ids FROM change_log WHERE id > ? ORDER BY id LIMIT ?"_s,
            {m_lastSeenId, kMaxRowsPerPoll + 1});
        if (!rows)
            return false;
        int count = 0;
        qint64 expected = m_lastSeenId + 1;
        while (rows.value().next()) {
            const qint64 id = rows.value().value(0).toLongLong();
            // Ids run without gaps (one writer at a time, AUTOINCREMENT):
            // a gap means rows were pruned before this watcher read them.
            if (id != expected || ++count > kMaxRowsPerPoll) {
                m_missed = true;
                break;
            }
            expected = id + 1;
            m_lastSeenId = id;
            const std::optional<ChangeLog::Notice> notice =
                ChangeLog::parsePayload(rows.value().value(1).toString() + u':' + rows.value().value(2).toString());
            if (notice)
                add(*notice);
        }
        rows.value().finish();
        // Rows pruned after the last one read, or a backlog too long to
        // read: jump to the end and let the views reload.
        Result<qint64> last = lastIssuedId(*m_connection);
        if (!last)
            return false;
        if (m_missed || last.value() > m_lastSeenId + kMaxRowsPerPoll)
            m_missed = true;
        if (m_missed)
            m_lastSeenId = last.value();
        (void)transaction.commit();
        return true;
    }

    // ---- PostgreSQL ---------------------------------------------------------

    bool startListening(Connection &connection)
    {
        // Named apart from the registers' connections in pg_stat_activity.
        if (!connection.run(u"SET application_name = 'storekeeper_changes'"_s))
            return false;
        QSqlDriver *driver = connection.handle().driver();
        // Delivered through the driver's socket notifier, by this thread's
        // event loop.
        QObject::connect(driver, &QSqlDriver::notification, &m_context,
                         [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                             if (name != ChangeLog::channel())
                                 return;
                             if (const std::optional<ChangeLog::Notice> notice =
                                     ChangeLog::parsePayload(payload.toString()))
                                 add(*notice);
                             if (!m_flushTimer.isActive())
                                 m_flushTimer.start();
                         });
        return driver->subscribeToNotification(ChangeLog::channel());
    }

    void checkConnection()
    {
        // The driver may already have closed the handle after the server went away.
        const bool open = m_connection->handle().isOpen();
        if (open && (m_connection->run(u"SELECT 1"_s) || !m_connection->connectionLost()))
            return;
        // Gone (server restarted, backend terminated, network down): what was
        // announced meanwhile is lost, so the views reload once reconnected.
        m_pollTimer.stop();
        m_flushTimer.stop();
        flush();
        m_connection.reset();
        retryLater();
    }

    // ---- reporting ------------------------------------------------------------

    void add(const ChangeLog::Notice &notice)
    {
        if (notice.everything) {
            m_missed = true;
            return;
        }
        QSet<qint64> &ids = m_pending[notice.topic];
        for (qint64 id : notice.ids)
            ids.insert(id);
        m_pendingCount += notice.ids.size();
        if (m_pendingCount > ChangeWatcher::kMaxReportedIds)
            m_missed = true;
    }

    void flush()
    {
        if (m_missed) {
            post([](ChangeWatcher *owner) { emit owner->resynchronise(); });
        } else {
            for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
                QList<qint64> ids(it.value().cbegin(), it.value().cend());
                std::sort(ids.begin(), ids.end());
                post([topic = it.key(), ids](ChangeWatcher *owner) { emit owner->changed(topic, ids); });
            }
        }
        m_missed = false;
        m_pending.clear();
        m_pendingCount = 0;
    }

    // Queued to the owner's thread; dropped if the owner is gone by then.
    template<typename Emit>
    void post(Emit emitSignal)
    {
        ChangeWatcher *owner = m_owner;
        QMetaObject::invokeMethod(owner, [owner, emitSignal] { emitSignal(owner); }, Qt::QueuedConnection);
    }

    DatabaseUrl m_url;
    ChangeWatcher *m_owner;
    QObject m_context; // receiver of the timers and the driver, on this thread
    QTimer m_pollTimer;
    QTimer m_retryTimer;
    QTimer m_flushTimer;
    std::unique_ptr<Connection> m_connection;
    int m_retryMs = ChangeWatcher::kFirstRetryMs;
    bool m_wasReady = false;
    qint64 m_dataVersion = 0;
    qint64 m_lastSeenId = 0;
    QHash<QString, QSet<qint64>> m_pending;
    qsizetype m_pendingCount = 0;
    bool m_missed = false;
};

} // namespace

class ChangeWatcher::Worker : public QThread {
public:
    Worker(const DatabaseUrl &url, ChangeWatcher *owner) : m_url(url), m_owner(owner)
    {
        setObjectName(u"db-changes"_s);
    }

protected:
    void run() override
    {
        FeedReader reader(m_url, m_owner);
        reader.begin();
        // quit() before exec() makes exec() return at once, so stop() never
        // waits on a loop that has not started yet.
        exec();
    }

private:
    DatabaseUrl m_url;
    ChangeWatcher *m_owner;
};

ChangeWatcher::ChangeWatcher(const DatabaseUrl &url, QObject *parent) : QObject(parent), m_url(url) {}

ChangeWatcher::~ChangeWatcher()
{
    stop();
}

void ChangeWatcher::start()
{
    if (m_worker)
        return;
    m_worker = std::make_unique<Worker>(m_url, this);
    m_worker->start();
}

void ChangeWatcher::stop()
{
    if (!m_worker)
        return;
    m_worker->quit();
    m_worker->wait();
    m_worker.reset();
}

bool ChangeWatcher::isRunning() const
{
    return m_worker != nullptr;
}

} // namespace sk
