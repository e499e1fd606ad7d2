#include "inventory/StockLevelWriter.h"

#include "db/ChangeLog.h"
#include "db/Connection.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

QVariant nullableCents(std::optional<qint64> cents)
{
    return cents ? QVariant(*cents) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

} // namespace

QString StockVariant::label() const
{
    if (options.isEmpty())
        return QCoreApplication::translate("InventoryLedger", "%1 (SKU %2)").arg(productName, sku);
    return QCoreApplication::translate("InventoryLedger", "%1 (%2, SKU %3)").arg(productName, options, sku);
}

StockLevelWriter::StockLevelWriter(Connection &connection, const Session &actor, InventoryScope scope)
    : m_connection(connection), m_actor(actor), m_scope(scope), m_now(QDateTime::currentDateTimeUtc())
{
}

QString StockLevelWriter::optionsText(const QString &optionsJson)
{
    const QJsonObject options = QJsonDocument::fromJson(optionsJson.toUtf8()).object();
    QStringList values;
    for (auto it = options.begin(); it != options.end(); ++it)
        values.append(it.value().toVariant().toString());
    return values.join(u" / "_s);
}

Result<QList<StockLine>> StockLevelWriter::normalised(const QList<StockLine> &lines)
{
    if (lines.isEmpty())
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("InventoryLedger", "Add at least one item with a quantity."));
    QList<StockLine> merged;
    for (const StockLine &line : lines) {
        if (line.variantId <= 0)
            return Error::make(ErrorCode::InvalidInput,
                               QCoreApplication::translate("InventoryLedger", "Choose a product for every line."));
        if (line.quantity <= 0)
            return Error::make(ErrorCode::InvalidInput,
                               QCoreApplication::translate("InventoryLedger", "Quantities must be whole numbers above "
                                                                              "zero (a line has %1).")
                                   .arg(line.quantity));
        auto same = std::find_if(merged.begin(), merged.end(),
                                 [&](const StockLine &m) { return m.variantId == line.variantId; });
        if (same == merged.end()) {
            merged.append(line);
        } else {
            same->quantity += line.quantity;
            if (!same->unitCost)
                same->unitCost = line.unitCost;
        }
    }
    std::sort(merged.begin(), merged.end(),
              [](const StockLine &a, const StockLine &b) { return a.variantId < b.variantId; });
    return merged;
}

namespace {

const QString kVariantSelect = u"SELECT v.id, v.product_id, p.name, v.sku, v.options, p.vendor_id, v.cost_cents "
                               "FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id "_s;

StockVariant readVariant(const QSqlQuery &query)
{
    StockVariant v;
    v.id = query.value(0).toLongLong();
    v.productId = query.value(1).toLongLong();
    v.productName = query.value(2).toString();
    v.sku = query.value(3).toString();
    v.options = StockLevelWriter::optionsText(query.value(4).toString());
    if (!query.value(5).isNull())
        v.vendorId = query.value(5).toLongLong();
    if (!query.value(6).isNull())
        v.costCents = query.value(6).toLongLong();
    return v;
}

// Bound values per IN (...) list; far below both databases' limits.
constexpr qsizetype kIdChunk = 500;

} // namespace

Status StockLevelWriter::preloadVariants(const QList<qint64> &variantIds)
{
    for (qsizetype start = 0; start < variantIds.size(); start += kIdChunk) {
        const QList<qint64> chunk = variantIds.mid(start, kIdChunk);
        QStringList marks(chunk.size(), u"?"_s);
        QVariantList values;
        for (qint64 id : chunk)
            values.append(id);
        Result<QSqlQuery> rows = m_connection.exec(kVariantSelect + u"IN ("_s + marks.join(u", "_s) + u')', values);
        if (!rows)
            return rows.error();
        while (rows.value().next()) {
            const StockVariant v = readVariant(rows.value());
            if (m_scope.includes(v.vendorId))
                m_variants.insert(v.id, v);
        }
    }
    return Status::success();
}

Result<StockVariant> StockLevelWriter::variant(qint64 variantId)
{
    if (auto known = m_variants.constFind(variantId); known != m_variants.cend())
        return *known;
    Result<CachedQuery> row = m_connection.prepared(kVariantSelect + u"= ?"_s, {variantId});
    if (!row)
        return row.error();
    const CachedQuery &query = row.value();
    std::optional<StockVariant> found;
    if (query.next())
        found = readVariant(query.query());
    if (!found || !m_scope.includes(found->vendorId))
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("InventoryLedger", "There is no product variant number %1 (or it "
                                                                          "belongs to another vendor). Refresh and "
                                                                          "choose it again.")
                               .arg(variantId));
    m_variants.insert(variantId, *found);
    return *found;
}

Result<Location> StockLevelWriter::location(qint64 locationId)
{
    if (auto known = m_locations.constFind(locationId); known != m_locations.cend())
        return *known;
    Result<CachedQuery> row = m_connection.prepared(
        u"SELECT id, code, name, position, is_active FROM locations WHERE id = ?"_s, {locationId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("InventoryLedger", "There is no stock location number %1. "
                                                                          "Choose one of the listed locations.")
                               .arg(locationId));
    const CachedQuery &query = row.value();
    Location location{query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
                      query.value(3).toInt(), query.value(4).toInt() != 0};
    m_locations.insert(locationId, location);
    return location;
}

Status StockLevelWriter::insertMovement(qint64 variantId, qint64 locationId, MovementReason reason, qint64 quantity,
                                        qint64 onHandAfter, std::optional<qint64> unitCostCents,
                                        const StockReference &reference, const QString &note)
{
    return m_connection.run(
        u"INSERT INTO stock_movements (variant_id, location_id, reason, quantity, on_hand_after, unit_cost_cents, "
        "reference_type, reference_id, note, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {variantId, locationId, movementReasonName(reason), quantity, onHandAfter, nullableCents(unitCostCents),
         reference.type.isNull() ? u""_s : reference.type, reference.id, note.isNull() ? u""_s : note,
         nullableId(m_actor.userId), m_now});
}

Error StockLevelWriter::shortfall(qint64 variantId, qint64 locationId, qint64 quantity)
{
    Result<StockVariant> item = variant(variantId);
    if (!item)
        return item.error();
    Result<Location> place = location(locationId);
    if (!place)
        return place.error();
    Result<QVariant> left = m_connection.scalar(
        u"SELECT on_hand - reserved FROM stock_levels WHERE variant_id = ? AND location_id = ?"_s,
        {variantId, locationId});
    if (!left)
        return left.error();
    const qint64 available = left.value().isNull() ? 0 : left.value().toLongLong();
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("InventoryLedger", "Not enough stock of %1 at %2: %3 available, %4 "
                                                                      "needed. Lower the quantity or take it from "
                                                                      "another location.")
                           .arg(item->label(), place->name)
                           .arg(available)
                           .arg(quantity));
}

Status StockLevelWriter::take(qint64 variantId, qint64 locationId, qint64 quantity, MovementReason reason,
                              const StockReference &reference, const QString &note)
{
    if (m_scope.vendorId)
        if (Result<StockVariant> item = variant(variantId); !item)
            return item.error();
    // The condition and the change are one statement: of two registers
    // selling the last units only one UPDATE matches, and PostgreSQL makes
    // the second wait for the row lock and re-check the condition.
    Result<CachedQuery> updated = m_connection.prepared(
        u"UPDATE stock_levels SET on_hand = on_hand - ?, updated_at = ? "
        "WHERE variant_id = ? AND location_id = ? AND on_hand - reserved >= ? "
        "RETURNING id, on_hand, reserved, reorder_level"_s,
        {quantity, m_now, variantId, locationId, quantity});
    if (!updated)
        return updated.error();
    const CachedQuery &row = updated.value();
    if (!row.next())
        return shortfall(variantId, locationId, quantity);
    const qint64 levelId = row.value(0).toLongLong();
    const qint64 onHand = row.value(1).toLongLong();
    const qint64 available = onHand - row.value(2).toLongLong();
    const qint64 reorderLevel = row.value(3).toLongLong();
    row.finish();
    m_touchedLevels.append(levelId);
    if (Status ok = insertMovement(variantId, locationId, reason, -quantity, onHand, std::nullopt, reference, note); !ok)
        return ok;
    if (available + quantity > reorderLevel && available <= reorderLevel)
        return queueLowStockAlert(levelId, variantId, locationId, available, reorderLevel);
    return Status::success();
}

Status StockLevelWriter::put(qint64 variantId, qint64 locationId, qint64 quantity, MovementReason reason,
                             const StockReference &reference, const QString &note,
                             std::optional<qint64> unitCostCents)
{
    if (Result<StockVariant> item = variant(variantId); !item)
        return item.error();
    const QString sql = u"UPDATE stock_levels SET on_hand = on_hand + ?, updated_at = ? "
                        "WHERE variant_id = ? AND location_id = ? RETURNING id, on_hand"_s;
    for (int attempt = 0; attempt < 2; ++attempt) {
        Result<CachedQuery> updated = m_connection.prepared(sql, {quantity, m_now, variantId, locationId});
        if (!updated)
            return updated.error();
        const CachedQuery &row = updated.value();
        if (row.next()) {
            const qint64 levelId = row.value(0).toLongLong();
            const qint64 onHand = row.value(1).toLongLong();
            row.finish();
            m_touchedLevels.append(levelId);
            return insertMovement(variantId, locationId, reason, quantity, onHand, unitCostCents, reference, note);
        }
        row.finish();
        // First stock of this variant here. DO NOTHING: another register may
        // create the same level at the same moment; both then update it.
        if (Status created = m_connection.run(
                u"INSERT INTO stock_levels (variant_id, location_id, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (variant_id, location_id) DO NOTHING"_s,
                {variantId, locationId, m_now});
            !created)
            return created;
    }
    return Error::make(ErrorCode::Internal,
                       QCoreApplication::translate("InventoryLedger", "The stock level could not be created. Try again."));
}

Result<qint64> StockLevelWriter::reserve(qint64 variantId, qint64 locationId, qint64 quantity)
{
    if (m_scope.vendorId)
        if (Result<StockVariant> item = variant(variantId); !item)
            return item.error();
    Result<CachedQuery> updated = m_connection.prepared(
        u"UPDATE stock_levels SET reserved = reserved + ?, updated_at = ? "
        "WHERE variant_id = ? AND location_id = ? AND on_hand - reserved >= ? "
        "RETURNING id, on_hand, reserved, reorder_level"_s,
        {quantity, m_now, variantId, locationId, quantity});
    if (!updated)
        return updated.error();
    const CachedQuery &row = updated.value();
    if (!row.next())
        return shortfall(variantId, locationId, quantity);
    const qint64 levelId = row.value(0).toLongLong();
    const qint64 available = row.value(1).toLongLong() - row.value(2).toLongLong();
    const qint64 reorderLevel = row.value(3).toLongLong();
    row.finish();
    m_touchedLevels.append(levelId);
    if (available + quantity > reorderLevel && available <= reorderLevel)
        if (Status queued = queueLowStockAlert(levelId, variantId, locationId, available, reorderLevel); !queued)
            return queued.error();
    return levelId;
}

Status StockLevelWriter::unreserve(qint64 variantId, qint64 locationId, qint64 quantity)
{
    Result<CachedQuery> updated = m_connection.prepared(
        u"UPDATE stock_levels SET reserved = reserved - ?, updated_at = ? "
        "WHERE variant_id = ? AND location_id = ? AND reserved >= ? RETURNING id"_s,
        {quantity, m_now, variantId, locationId, quantity});
    if (!updated)
        return updated.error();
    if (!updated.value().next())
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("InventoryLedger", "The reserved stock does not match the "
                                                                          "reservations. Run \"storekeeper check\"."));
    m_touchedLevels.append(updated.value().value(0).toLongLong());
    return Status::success();
}

Status StockLevelWriter::takeReserved(qint64 variantId, qint64 locationId, qint64 quantity,
                                      const StockReference &reference)
{
    Result<CachedQuery> updated = m_connection.prepared(
        u"UPDATE stock_levels SET on_hand = on_hand - ?, reserved = reserved - ?, updated_at = ? "
        "WHERE variant_id = ? AND location_id = ? AND reserved >= ? RETURNING id, on_hand"_s,
        {quantity, quantity, m_now, variantId, locationId, quantity});
    if (!updated)
        return updated.error();
    const CachedQuery &row = updated.value();
    if (!row.next())
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("InventoryLedger", "The reserved stock does not match the "
                                                                          "reservations. Run \"storekeeper check\"."));
    const qint64 levelId = row.value(0).toLongLong();
    const qint64 onHand = row.value(1).toLongLong();
    row.finish();
    m_touchedLevels.append(levelId);
    return insertMovement(variantId, locationId, MovementReason::Sale, -quantity, onHand, std::nullopt, reference, {});
}

Status StockLevelWriter::finish()
{
    QList<qint64> ids = m_touchedLevels;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    m_touchedLevels.clear();
    if (ids.isEmpty())
        return Status::success();
    return ChangeLog::recordInTransaction(m_connection, ChangeTopic::StockLevels, ids);
}

// Written only when available crosses the reorder level from above, and at
// most once per level, recipient and day (dedupe_key), so a level that keeps
// selling below its reorder point does not flood the outbox.
Status StockLevelWriter::queueLowStockAlert(qint64 levelId, qint64 variantId, qint64 locationId, qint64 available,
                                            qint64 reorderLevel)
{
    Result<StockVariant> item = variant(variantId);
    if (!item)
        return item.error();
    Result<Location> place = location(locationId);
    if (!place)
        return place.error();

    struct Recipient {
        qint64 userId = 0;
        QString email;
    };
    QList<Recipient> recipients;
    Result<CachedQuery> admins = m_connection.prepared(
        u"SELECT id, email FROM users WHERE role = 'admin' AND is_active = 1 ORDER BY id"_s);
    if (!admins)
        return admins.error();
    while (admins.value().next())
        recipients.append({admins.value().value(0).toLongLong(), admins.value().value(1).toString()});
    if (item->vendorId) {
        Result<CachedQuery> vendorUsers = m_connection.prepared(
            u"SELECT id, email FROM users WHERE vendor_id = ? AND is_active = 1 ORDER BY id"_s, {*item->vendorId});
        if (!vendorUsers)
            return vendorUsers.error();
        bool any = false;
        while (vendorUsers.value().next()) {
            recipients.append({vendorUsers.value().value(0).toLongLong(), vendorUsers.value().value(1).toString()});
            any = true;
        }
        if (!any) {
            Result<QVariant> email = m_connection.scalar(u"SELECT email FROM vendors WHERE id = ?"_s, {*item->vendorId});
            if (!email)
                return email.error();
            if (!email.value().toString().isEmpty())
                recipients.append({0, email.value().toString()});
        }
    }

    const QString subject = QCoreApplication::translate("LowStock", "Low stock: %1").arg(item->label());
    const QString body = QCoreApplication::translate("LowStock", "%1 at %2 is down to %3 available (reorder level %4). "
                                                                 "Order more or raise the reorder level.")
                             .arg(item->label(), place->name)
                             .arg(available)
                             .arg(reorderLevel);
    const QJsonObject payload{{u"stock_level_id"_s, levelId}, {u"variant_id"_s, variantId},
                              {u"location_id"_s, locationId}, {u"sku"_s, item->sku},
                              {u"available"_s, available},   {u"reorder_level"_s, reorderLevel}};
    const QString payloadText = QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    const QString day = m_now.date().toString(Qt::ISODate);
    for (const Recipient &recipient : std::as_const(recipients)) {
        const QString who = recipient.userId > 0 ? u"user:%1"_s.arg(recipient.userId)
                                                 : u"email:%1"_s.arg(recipient.email.toLower());
        const QString key = u"low_stock:%1:%2:%3"_s.arg(levelId).arg(who, day);
        if (Status queued = m_connection.run(
                u"INSERT INTO outbox (kind, recipient_user_id, recipient_email, subject, body, payload, dedupe_key, "
                "created_at) VALUES ('low_stock', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING"_s,
                {nullableId(recipient.userId), recipient.email, subject, body, payloadText, key, m_now});
            !queued)
            return queued;
    }
    return Status::success();
}

} // namespace sk
