#pragma once

#include "inventory/InventoryScope.h"
#include "inventory/StockLevelSearch.h"

#include <QSqlQuery>
#include <QString>
#include <QVariantList>

namespace sk {

class Connection;

// The SQL shared by the stock level search, the valuation and the low-stock
// list: one statement per call, filters as bound values.
class StockLevelSql {
public:
    struct Statement {
        QString sql;
        QVariantList values;
    };

    // Columns readRow() reads, over sl (stock_levels), v, p, l, vd, c.
    static QString rowColumns();
    static QString rowJoins();
    static StockLevel readRow(const QSqlQuery &query, const QString &currency);

    // "[WITH RECURSIVE tree ...] SELECT <select> FROM <joins> WHERE <filters>";
    // the caller appends ORDER BY / GROUP BY.
    static Statement select(const Connection &connection, const QString &select, const InventoryScope &scope,
                            const StockLevelQuery &query);
    // ORDER BY for the query's sort (exact code matches first when there is text).
    static QString orderBy(const StockLevelQuery &query, QVariantList &values);
    // The available quantity and the low / out-of-stock conditions, over sl.
    static QString availableSql();
    // The condition for items still sold (active variant of an active or sold-out
    // product): only those are reordered and counted as low.
    static QString stillSoldSql();
};

} // namespace sk
