#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>

namespace sk {

class Connection;

// Topics of the change feed: which table's rows changed.
namespace ChangeTopic {
inline const QString Products = QStringLiteral("products");        // product ids
inline const QString StockLevels = QStringLiteral("stock_levels"); // stock level ids
} // namespace ChangeTopic

// Tells every other connection, in this process or another one, and on
// another machine sharing a PostgreSQL server, which rows a write changed, so
// open views refresh just those rows. Written inside the write's transaction:
// a rolled-back write announces nothing. Payloads carry ids only; readers
// re-query the rows.
class ChangeLog {
public:
    static Status recordInTransaction(Connection &connection, const QString &topic, const QList<qint64> &ids);
};

} // namespace sk
