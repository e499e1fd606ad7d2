#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace sk {

class Connection;

// Topics of the change feed: which table's rows changed.
namespace ChangeTopic {
inline const QString Products = QStringLiteral("products");        // product ids
inline const QString StockLevels = QStringLiteral("stock_levels"); // stock level ids
inline const QString Orders = QStringLiteral("orders");            // order ids: placed, or their status moved
} // namespace ChangeTopic

// Tells every other connection, in this process or another one, and on
// another machine sharing a PostgreSQL server, which rows a write changed, so
// open views refresh just those rows. Written inside the write's transaction:
// a rolled-back write announces nothing. Payloads carry ids only; readers
// re-query the rows.
//
// SQLite: a change_log row per call (read by ChangeWatcher after the last id
// it saw), pruned by the writers now and then. PostgreSQL: NOTIFY on the
// channel storekeeper_changes, delivered on commit; nothing is stored.
class ChangeLog {
public:
    // Above this many ids one call records "every row of the topic changed"
    // (a bulk edit of 10,000 products): watchers then reload instead of
    // re-reading rows one by one.
    static constexpr qsizetype kMaxListedIds = 1000;
    // PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
    static constexpr qsizetype kMaxPayloadBytes = 7900;
    // SQLite: rows older than this are pruned; a watcher that fell further
    // behind (a machine asleep) reloads its views.
    static constexpr int kRetentionSeconds = 300;
    // SQLite: one write in this many also prunes, at most kPruneBatch rows,
    // so pruning is bounded work that still outpaces any rate of writes.
    static constexpr qint64 kPruneEvery = 64;
    static constexpr int kPruneBatch = 1000;

    static QString channel();

    static Status recordInTransaction(Connection &connection, const QString &topic, const QList<qint64> &ids);

    // One announcement as it travels: a topic and its ids, or every row of
    // the topic ("topic:*").
    struct Notice {
        QString topic;
        QList<qint64> ids;
        bool everything = false;
    };
    // "topic:1,2,3" payloads, each shorter than kMaxPayloadBytes; one
    // "topic:*" above kMaxListedIds.
    static QStringList payloads(const QString &topic, const QList<qint64> &ids);
    // nullopt for text that is not a payload (written by something else).
    static std::optional<Notice> parsePayload(const QString &payload);

    // SQLite: deletes at most kPruneBatch rows written before cutoff.
    static Status pruneInTransaction(Connection &connection, const QDateTime &cutoff);
};

} // namespace sk
