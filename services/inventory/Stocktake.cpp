#include "inventory/Stocktake.h"

#include "audit/AuditLog.h"
#include "db/Database.h"
#include "inventory/InventoryScope.h"
#include "inventory/StockLevelSearch.h"
#include "inventory/StockLevelWriter.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Trimmed, and never null: a null QString binds as SQL NULL and the text
// columns are NOT NULL DEFAULT ''.
QString clean(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.isNull() ? u""_s : trimmed;
}

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

QVariant nullableId(std::optional<qint64> id)
{
    return id ? QVariant(*id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

std::optional<StocktakeStatus> statusFromName(const QString &name)
{
    for (StocktakeStatus s : {StocktakeStatus::Open, StocktakeStatus::Posted, StocktakeStatus::Cancelled})
        if (stocktakeStatusName(s) == name)
            return s;
    return std::nullopt;
}

const QString kStocktakeColumns =
    u"s.id, s.location_id, l.name, s.category_id, s.vendor_id, s.status, s.note, "
    "(SELECT COUNT(*) FROM stocktake_lines x WHERE x.stocktake_id = s.id), "
    "(SELECT COUNT(*) FROM stocktake_lines x WHERE x.stocktake_id = s.id AND x.counted IS NOT NULL), "
    "s.started_by, s.started_at, s.finished_at"_s;

Stocktake readStocktake(const QSqlQuery &q)
{
    Stocktake s;
    s.id = q.value(0).toLongLong();
    s.locationId = q.value(1).toLongLong();
    s.locationName = q.value(2).toString();
    if (!q.value(3).isNull())
        s.categoryId = q.value(3).toLongLong();
    if (!q.value(4).isNull())
        s.vendorId = q.value(4).toLongLong();
    s.status = statusFromName(q.value(5).toString()).value_or(StocktakeStatus::Open);
    s.note = q.value(6).toString();
    s.lineCount = q.value(7).toLongLong();
    s.countedCount = q.value(8).toLongLong();
    s.startedBy = q.value(9).toLongLong();
    s.startedAt = q.value(10).toDateTime().toUTC();
    if (!q.value(11).isNull())
        s.finishedAt = q.value(11).toDateTime().toUTC();
    return s;
}

const QString kLineColumns =
    u"sl.id, sl.variant_id, p.name, v.sku, v.barcode, v.options, sl.expected, sl.counted, sl.on_hand_at_count, "
    "v.cost_cents, sl.counted_at FROM stocktake_lines sl JOIN product_variants v ON v.id = sl.variant_id "
    "JOIN products p ON p.id = v.product_id"_s;

StocktakeLine readLine(const QSqlQuery &q, const QString &currency)
{
    StocktakeLine line;
    line.id = q.value(0).toLongLong();
    line.variantId = q.value(1).toLongLong();
    line.productName = q.value(2).toString();
    line.sku = q.value(3).toString();
    line.barcode = q.value(4).toString();
    line.options = StockLevelWriter::optionsText(q.value(5).toString());
    line.expected = q.value(6).toLongLong();
    if (!q.value(7).isNull())
        line.counted = q.value(7).toLongLong();
    line.onHandAtCount = q.value(8).toLongLong();
    if (!q.value(9).isNull())
        line.unitCost = Money(q.value(9).toLongLong(), currency);
    if (!q.value(10).isNull())
        line.countedAt = q.value(10).toDateTime().toUTC();
    return line;
}

Result<Stocktake> loadStocktake(Connection &connection, qint64 stocktakeId)
{
    Result<QSqlQuery> row = connection.exec(u"SELECT "_s + kStocktakeColumns
                                                + u" FROM stocktakes s JOIN locations l ON l.id = s.location_id "
                                                  "WHERE s.id = ?"_s,
                                            {stocktakeId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("Stocktake", "There is no stock count number %1. Refresh the "
                                                                    "list.")
                               .arg(stocktakeId));
    return readStocktake(row.value());
}

Result<Stocktake> openStocktake(Connection &connection, qint64 stocktakeId)
{
    Result<Stocktake> stocktake = loadStocktake(connection, stocktakeId);
    if (!stocktake)
        return stocktake;
    if (stocktake->status != StocktakeStatus::Open)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("Stocktake", "Stock count %1 is %2; counts can only be entered "
                                                                    "while it is open. Start a new count.")
                               .arg(stocktakeId)
                               .arg(stocktakeStatusText(stocktake->status)));
    return stocktake;
}

Result<StocktakeLine> loadLine(Connection &connection, qint64 stocktakeId, qint64 variantId)
{
    Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
    if (!settings)
        return settings.error();
    Result<QSqlQuery> row = connection.exec(u"SELECT "_s + kLineColumns
                                                + u" WHERE sl.stocktake_id = ? AND sl.variant_id = ?"_s,
                                            {stocktakeId, variantId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("Stocktake", "That product is not part of this count."));
    return readLine(row.value(), settings->currency);
}

Result<qint64> currentOnHand(Connection &connection, qint64 variantId, qint64 locationId)
{
    Result<QVariant> onHand = connection.scalar(
        u"SELECT on_hand FROM stock_levels WHERE variant_id = ? AND location_id = ?"_s, {variantId, locationId});
    if (!onHand)
        return onHand.error();
    return onHand.value().isNull() ? 0 : onHand.value().toLongLong();
}

} // namespace

QString stocktakeStatusName(StocktakeStatus status)
{
    switch (status) {
    case StocktakeStatus::Open: return u"open"_s;
    case StocktakeStatus::Posted: return u"posted"_s;
    case StocktakeStatus::Cancelled: return u"cancelled"_s;
    }
    return {};
}

QString stocktakeStatusText(StocktakeStatus status)
{
    switch (status) {
    case StocktakeStatus::Open: return QCoreApplication::translate("Stocktake", "open");
    case StocktakeStatus::Posted: return QCoreApplication::translate("Stocktake", "posted");
    case StocktakeStatus::Cancelled: return QCoreApplication::translate("Stocktake", "cancelled");
    }
    return {};
}

std::optional<Money> StocktakeLine::differenceValue() const
{
    if (!unitCost)
        return std::nullopt;
    return Money(difference() * unitCost->minorUnits(), unitCost->currency());
}

StocktakeService::StocktakeService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<Stocktake>> StocktakeService::start(const Session &actor, const StocktakeScope &scope,
                                                   const QString &note)
{
    return m_database->write([=](Connection &connection) -> Result<Stocktake> {
        return startInTransaction(connection, actor, scope, note);
    });
}

Result<Stocktake> StocktakeService::startInTransaction(Connection &connection, const Session &actor,
                                                       const StocktakeScope &scope, const QString &note)
{
    Result<InventoryScope> allowed = InventoryScope::require(actor, Permission::ManageInventory);
    if (!allowed)
        return allowed.error();
    StockLevelWriter lookup(connection, actor, allowed.value());
    if (Result<Location> place = lookup.location(scope.locationId); !place)
        return place.error();
    // Two open counts of one location would correct the same difference twice.
    Result<QVariant> running = connection.scalar(
        u"SELECT MIN(id) FROM stocktakes WHERE location_id = ? AND status = 'open'"_s, {scope.locationId});
    if (!running)
        return running.error();
    if (!running.value().isNull())
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("Stocktake", "Stock count %1 of this location is still open. "
                                                                    "Post or cancel it first.")
                               .arg(running.value().toLongLong()));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<qint64> id = connection.insert(
        u"INSERT INTO stocktakes (location_id, category_id, vendor_id, status, note, started_by, started_at) "
        "VALUES (?, ?, ?, 'open', ?, ?, ?) RETURNING id"_s,
        {scope.locationId, nullableId(scope.categoryId), nullableId(scope.vendorId), clean(note),
         nullableId(actor.userId > 0 ? std::optional<qint64>(actor.userId) : std::nullopt), now});
    if (!id)
        return id.error();

    // The snapshot: every active variant in scope, and inactive ones that
    // still have stock here.
    QString sql;
    QVariantList values;
    if (scope.categoryId) {
        sql = u"WITH RECURSIVE tree (id) AS (SELECT id FROM categories WHERE id = ? "
              "UNION ALL SELECT c.id FROM categories c JOIN tree t ON c.parent_id = t.id) "_s;
        values.append(*scope.categoryId);
    }
    sql += u"INSERT INTO stocktake_lines (stocktake_id, variant_id, expected, on_hand_at_count) "
           "SELECT ?, v.id, COALESCE(sl.on_hand, 0), COALESCE(sl.on_hand, 0) FROM product_variants v "
           "JOIN products p ON p.id = v.product_id "
           "LEFT JOIN stock_levels sl ON sl.variant_id = v.id AND sl.location_id = ? "
           "WHERE (v.is_active = 1 OR COALESCE(sl.on_hand, 0) > 0)"_s;
    values.append(id.value());
    values.append(scope.locationId);
    if (scope.categoryId)
        sql += u" AND p.category_id IN (SELECT id FROM tree)"_s;
    if (scope.vendorId) {
        sql += u" AND p.vendor_id = ?"_s;
        values.append(*scope.vendorId);
    }
    if (Status ok = connection.run(sql, values); !ok)
        return ok.error();
    Result<Stocktake> created = loadStocktake(connection, id.value());
    if (!created)
        return created;
    if (Status ok = AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"stocktake.started"_s, u"stocktake:%1"_s.arg(id.value()),
                                       {{u"location_id"_s, scope.locationId}, {u"lines"_s, created->lineCount}}));
        !ok)
        return ok.error();
    return created;
}

QFuture<Result<Stocktake>> StocktakeService::get(const Session &actor, qint64 stocktakeId)
{
    return m_database->read([=](Connection &connection) -> Result<Stocktake> {
        if (Result<InventoryScope> allowed = InventoryScope::require(actor, Permission::ManageInventory); !allowed)
            return allowed.error();
        return loadStocktake(connection, stocktakeId);
    });
}

QFuture<Result<QList<Stocktake>>> StocktakeService::list(const Session &actor, std::optional<qint64> locationId)
{
    return m_database->read([=](Connection &connection) -> Result<QList<Stocktake>> {
        if (Result<InventoryScope> allowed = InventoryScope::require(actor, Permission::ManageInventory); !allowed)
            return allowed.error();
        QString sql = u"SELECT "_s + kStocktakeColumns + u" FROM stocktakes s JOIN locations l ON l.id = s.location_id"_s;
        QVariantList values;
        if (locationId) {
            sql += u" WHERE s.location_id = ?"_s;
            values.append(*locationId);
        }
        sql += u" ORDER BY s.id DESC"_s;
        Result<QSqlQuery> rows = connection.exec(sql, values);
        if (!rows)
            return rows.error();
        QList<Stocktake> list;
        while (rows.value().next())
            list.append(readStocktake(rows.value()));
        return list;
    });
}

QFuture<Result<QList<StocktakeLine>>> StocktakeService::lines(const Session &actor, qint64 stocktakeId)
{
    return m_database->read([=](Connection &connection) -> Result<QList<StocktakeLine>> {
        if (Result<InventoryScope> allowed = InventoryScope::require(actor, Permission::ManageInventory); !allowed)
            return allowed.error();
        if (Result<Stocktake> stocktake = loadStocktake(connection, stocktakeId); !stocktake)
            return stocktake.error();
        Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
        if (!settings)
            return settings.error();
        Result<QSqlQuery> rows = connection.exec(
            u"SELECT "_s + kLineColumns + u" WHERE sl.stocktake_id = ? ORDER BY p.name, v.position, v.id"_s,
            {stocktakeId});
        if (!rows)
            return rows.error();
        QList<StocktakeLine> list;
        while (rows.value().next())
            list.append(readLine(rows.value(), settings->currency));
        return list;
    });
}

QFuture<Result<StocktakeLine>> StocktakeService::countCode(const Session &actor, qint64 stocktakeId,
                                                           const QString &code, qint64 quantity, CountMode mode)
{
    return m_database->write([=](Connection &connection) -> Result<StocktakeLine> {
        Result<qint64> variantId = StockLevelSearch::variantForCodeOn(connection, actor, code);
        if (!variantId)
            return variantId.error();
        return countInTransaction(connection, actor, stocktakeId, variantId.value(), quantity, mode);
    });
}

QFuture<Result<StocktakeLine>> StocktakeService::countVariant(const Session &actor, qint64 stocktakeId,
                                                              qint64 variantId, qint64 quantity, CountMode mode)
{
    return m_database->write([=](Connection &connection) -> Result<StocktakeLine> {
        return countInTransaction(connection, actor, stocktakeId, variantId, quantity, mode);
    });
}

Result<StocktakeLine> StocktakeService::countInTransaction(Connection &connection, const Session &actor,
                                                           qint64 stocktakeId, qint64 variantId, qint64 quantity,
                                                           CountMode mode)
{
    Result<InventoryScope> allowed = InventoryScope::require(actor, Permission::ManageInventory);
    if (!allowed)
        return allowed.error();
    if (quantity < 0)
        return invalid(QCoreApplication::translate("Stocktake", "A count cannot be below zero. To undo a scan, "
                                                                "enter the total instead."));
    if (mode == CountMode::Add && quantity == 0)
        return invalid(QCoreApplication::translate("Stocktake", "Enter how many units to add to the count."));
    Result<Stocktake> stocktake = openStocktake(connection, stocktakeId);
    if (!stocktake)
        return stocktake.error();
    StockLevelWriter lookup(connection, actor, allowed.value());
    if (Result<StockVariant> variant = lookup.variant(variantId); !variant)
        return variant.error();
    // The on hand at the moment of counting: sales after it are not part of
    // the difference the count finds (see post()).
    Result<qint64> onHand = currentOnHand(connection, variantId, stocktake->locationId);
    if (!onHand)
        return onHand.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (Status ok = connection.run(
            u"INSERT INTO stocktake_lines (stocktake_id, variant_id, expected, on_hand_at_count) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (stocktake_id, variant_id) DO NOTHING"_s,
            {stocktakeId, variantId, onHand.value(), onHand.value()});
        !ok)
        return ok.error();
    const QString counted = mode == CountMode::Add ? u"COALESCE(counted, 0) + ?"_s : u"?"_s;
    if (Status ok = connection.run(u"UPDATE stocktake_lines SET counted = "_s + counted
                                       + u", on_hand_at_count = ?, counted_at = ? "
                                         "WHERE stocktake_id = ? AND variant_id = ?"_s,
                                   {quantity, onHand.value(), now, stocktakeId, variantId});
        !ok)
        return ok.error();
    return loadLine(connection, stocktakeId, variantId);
}

QFuture<Result<StocktakeLine>> StocktakeService::clearCount(const Session &actor, qint64 stocktakeId, qint64 variantId)
{
    return m_database->write([=](Connection &connection) -> Result<StocktakeLine> {
        if (Result<InventoryScope> allowed = InventoryScope::require(actor, Permission::ManageInventory); !allowed)
            return allowed.error();
        if (Result<Stocktake> stocktake = openStocktake(connection, stocktakeId); !stocktake)
            return stocktake.error();
        if (Status ok = connection.run(u"UPDATE stocktake_lines SET counted = NULL, counted_at = NULL "
                                       "WHERE stocktake_id = ? AND variant_id = ?"_s,
                                       {stocktakeId, variantId});
            !ok)
            return ok.error();
        return loadLine(connection, stocktakeId, variantId);
    });
}

QFuture<Result<StocktakePosting>> StocktakeService::post(const Session &actor, qint64 stocktakeId)
{
    return m_database->write([=](Connection &connection) -> Result<StocktakePosting> {
        return postInTransaction(connection, actor, stocktakeId);
    });
}

Result<StocktakePosting> StocktakeService::postInTransaction(Connection &connection, const Session &actor,
                                                             qint64 stocktakeId)
{
    Result<InventoryScope> allowed = InventoryScope::require(actor, Permission::ManageInventory);
    if (!allowed)
        return allowed.error();
    Result<Stocktake> stocktake = openStocktake(connection, stocktakeId);
    if (!stocktake)
        return stocktake.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Claimed first: of two people posting the same count only one goes on.
    Result<QSqlQuery> claimed = connection.exec(
        u"UPDATE stocktakes SET status = 'posted', finished_at = ? WHERE id = ? AND status = 'open'"_s,
        {now, stocktakeId});
    if (!claimed)
        return claimed.error();
    if (claimed.value().numRowsAffected() != 1)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("Stocktake", "Stock count %1 was posted or cancelled by someone "
                                                                    "else. Refresh the list.")
                               .arg(stocktakeId));
    Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
    if (!settings)
        return settings.error();
    // Ascending variant id: the ledger's lock order.
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT sl.variant_id, sl.counted - sl.on_hand_at_count, v.cost_cents FROM stocktake_lines sl "
        "JOIN product_variants v ON v.id = sl.variant_id "
        "WHERE sl.stocktake_id = ? AND sl.counted IS NOT NULL AND sl.counted <> sl.on_hand_at_count "
        "ORDER BY sl.variant_id"_s,
        {stocktakeId});
    if (!rows)
        return rows.error();
    struct Correction {
        qint64 variantId = 0;
        qint64 difference = 0;
        qint64 costCents = 0;
    };
    QList<Correction> corrections;
    while (rows.value().next())
        corrections.append({rows.value().value(0).toLongLong(), rows.value().value(1).toLongLong(),
                            rows.value().value(2).toLongLong()});
    rows.value().finish();

    StocktakePosting posting;
    qint64 valueCents = 0;
    StockLevelWriter writer(connection, actor, allowed.value());
    const StockReference reference{u"stocktake"_s, stocktakeId};
    const QString note = QCoreApplication::translate("Stocktake", "Stock count %1").arg(stocktakeId);
    for (const Correction &c : std::as_const(corrections)) {
        const Status applied = c.difference < 0
                                   ? writer.take(c.variantId, stocktake->locationId, -c.difference,
                                                 MovementReason::CountCorrection, reference, note)
                                   : writer.put(c.variantId, stocktake->locationId, c.difference,
                                                MovementReason::CountCorrection, reference, note);
        if (!applied)
            return applied.error();
        ++posting.linesCorrected;
        if (c.difference > 0)
            posting.unitsGained += c.difference;
        else
            posting.unitsLost -= c.difference;
        valueCents += c.difference * c.costCents;
    }
    posting.value = Money(valueCents, settings->currency);
    if (Status ok = writer.finish(); !ok)
        return ok.error();
    if (Status ok = AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"stocktake.posted"_s, u"stocktake:%1"_s.arg(stocktakeId),
                                       {{u"corrections"_s, posting.linesCorrected},
                                        {u"gained"_s, posting.unitsGained},
                                        {u"lost"_s, posting.unitsLost},
                                        {u"value_cents"_s, valueCents}}));
        !ok)
        return ok.error();
    return posting;
}

QFuture<Status> StocktakeService::cancel(const Session &actor, qint64 stocktakeId)
{
    return m_database->write([=](Connection &connection) -> Status {
        if (Result<InventoryScope> allowed = InventoryScope::require(actor, Permission::ManageInventory); !allowed)
            return allowed.error();
        Result<Stocktake> stocktake = loadStocktake(connection, stocktakeId);
        if (!stocktake)
            return stocktake.error();
        // Cancelling twice is quietly done; a posted count stays posted.
        if (stocktake->status == StocktakeStatus::Cancelled)
            return Status::success();
        if (stocktake->status == StocktakeStatus::Posted)
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("Stocktake", "Stock count %1 was posted already; it "
                                                                        "cannot be cancelled. Count again to correct "
                                                                        "it.")
                                   .arg(stocktakeId));
        if (Status ok = connection.run(u"UPDATE stocktakes SET status = 'cancelled', finished_at = ? "
                                       "WHERE id = ? AND status = 'open'"_s,
                                       {QDateTime::currentDateTimeUtc(), stocktakeId});
            !ok)
            return ok;
        return AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"stocktake.cancelled"_s, u"stocktake:%1"_s.arg(stocktakeId), {}));
    });
}

} // namespace sk
