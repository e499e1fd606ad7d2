#include "inventory/StockLevelSql.h"

#include "db/Connection.h"
#include "inventory/StockLevelWriter.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QString containsPattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

} // namespace

QString StockLevelSql::availableSql()
{
    return u"(sl.on_hand - sl.reserved)"_s;
}

QString StockLevelSql::stillSoldSql()
{
    return u"v.is_active = 1 AND p.status IN ('active', 'out_of_stock')"_s;
}

QString StockLevelSql::rowColumns()
{
    return u"sl.id, sl.variant_id, v.product_id, sl.location_id, l.name, p.name, v.sku, v.barcode, v.options, "
           "COALESCE(vd.name, ''), COALESCE(c.name, ''), sl.on_hand, sl.reserved, sl.reorder_level, "
           "sl.reorder_quantity, sl.bin, v.cost_cents, sl.updated_at"_s;
}

QString StockLevelSql::rowJoins()
{
    return u"stock_levels sl JOIN product_variants v ON v.id = sl.variant_id "
           "JOIN products p ON p.id = v.product_id JOIN locations l ON l.id = sl.location_id "
           "LEFT JOIN vendors vd ON vd.id = p.vendor_id LEFT JOIN categories c ON c.id = p.category_id"_s;
}

StockLevel StockLevelSql::readRow(const QSqlQuery &q, const QString &currency)
{
    StockLevel level;
    level.id = q.value(0).toLongLong();
    level.variantId = q.value(1).toLongLong();
    level.productId = q.value(2).toLongLong();
    level.locationId = q.value(3).toLongLong();
    level.locationName = q.value(4).toString();
    level.productName = q.value(5).toString();
    level.sku = q.value(6).toString();
    level.barcode = q.value(7).toString();
    level.options = StockLevelWriter::optionsText(q.value(8).toString());
    level.vendorName = q.value(9).toString();
    level.categoryName = q.value(10).toString();
    level.onHand = q.value(11).toLongLong();
    level.reserved = q.value(12).toLongLong();
    level.reorderLevel = q.value(13).toLongLong();
    level.reorderQuantity = q.value(14).toLongLong();
    level.bin = q.value(15).toString();
    if (!q.value(16).isNull())
        level.unitCost = Money(q.value(16).toLongLong(), currency);
    level.updatedAt = q.value(17).toDateTime().toUTC();
    return level;
}

StockLevelSql::Statement StockLevelSql::select(const Connection &connection, const QString &select,
                                               const InventoryScope &scope, const StockLevelQuery &query)
{
    Statement statement;
    QStringList where;
    QVariantList values;
    QString with;
    if (query.categoryId) {
        with = u"WITH RECURSIVE tree (id) AS (SELECT id FROM categories WHERE id = ? "
               "UNION ALL SELECT c2.id FROM categories c2 JOIN tree t ON c2.parent_id = t.id) "_s;
        statement.values.append(*query.categoryId);
        where.append(u"p.category_id IN (SELECT id FROM tree)"_s);
    }
    if (query.locationId) {
        where.append(u"sl.location_id = ?"_s);
        values.append(*query.locationId);
    }
    if (scope.vendorId) {
        where.append(u"p.vendor_id = ?"_s);
        values.append(*scope.vendorId);
        // A vendor asking for another vendor's stock sees nothing.
        if (query.vendorId && *query.vendorId != *scope.vendorId)
            where.append(u"1 = 0"_s);
    } else if (query.vendorId) {
        where.append(u"p.vendor_id = ?"_s);
        values.append(*query.vendorId);
    }
    switch (query.state) {
    case StockState::Any:
        break;
    case StockState::Low:
        where.append(availableSql() + u" <= sl.reorder_level AND "_s + stillSoldSql());
        break;
    case StockState::OutOfStock:
        where.append(availableSql() + u" <= 0"_s);
        break;
    case StockState::InStock:
        where.append(availableSql() + u" > 0"_s);
        break;
    }
    const QString text = query.text.trimmed();
    if (!text.isEmpty()) {
        const QString lower = connection.dialect().unicodeLower();
        where.append(u"(%1(p.name) LIKE ? ESCAPE '\\' OR upper(v.sku) LIKE ? ESCAPE '\\' "
                     "OR v.barcode LIKE ? ESCAPE '\\')"_s.arg(lower));
        values.append(containsPattern(text.toLower()));
        values.append(containsPattern(text.toUpper()));
        values.append(containsPattern(text));
    }
    statement.sql = with + u"SELECT "_s + select + u" FROM "_s + rowJoins();
    if (!where.isEmpty())
        statement.sql += u" WHERE "_s + where.join(u" AND "_s);
    statement.values += values;
    return statement;
}

QString StockLevelSql::orderBy(const StockLevelQuery &query, QVariantList &values)
{
    const QString direction = query.descending ? u" DESC"_s : u""_s;
    QString key;
    switch (query.sort) {
    case StockSort::Name: key = u"p.name%1, v.position%1, v.id%1"_s.arg(direction); break;
    case StockSort::Sku: key = u"upper(v.sku)%1"_s.arg(direction); break;
    case StockSort::OnHand: key = u"sl.on_hand%1"_s.arg(direction); break;
    case StockSort::Available: key = availableSql() + direction; break;
    case StockSort::Value: key = u"sl.on_hand * COALESCE(v.cost_cents, 0)%1"_s.arg(direction); break;
    }
    QString order = u" ORDER BY "_s;
    const QString text = query.text.trimmed();
    if (!text.isEmpty()) {
        order += u"CASE WHEN v.barcode = ? OR upper(v.sku) = ? THEN 0 ELSE 1 END, "_s;
        values.append(text);
        values.append(text.toUpper());
    }
    return order + key + u", l.position, sl.id"_s + direction;
}

} // namespace sk
