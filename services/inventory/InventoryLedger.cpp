#include "inventory/InventoryLedger.h"

#include "audit/AuditLog.h"
#include "db/ChangeLog.h"
#include "db/Database.h"
#include "inventory/InventoryScope.h"
#include "inventory/StockLevelSearch.h"
#include "inventory/StockLevelWriter.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxLocationCodeLength = 32;
constexpr int kMaxLocationNameLength = 100;
constexpr int kMaxMovementPage = 1000;

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

QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

Status audit(Connection &connection, const Session &actor, const QString &action, const QString &subject,
             const QJsonObject &details)
{
    return AuditLog::appendInTransaction(connection, AuditEntry::by(actor, action, subject, details));
}

Status requireReference(const StockReference &reference)
{
    if (reference.type.trimmed().isEmpty() || reference.id <= 0)
        return invalid(QCoreApplication::translate("InventoryLedger", "A reservation needs the order or cart it is "
                                                                      "for."));
    return Status::success();
}

QJsonArray linesJson(const QList<StockLine> &lines)
{
    QJsonArray array;
    for (const StockLine &line : lines)
        array.append(QJsonObject{{u"variant_id"_s, line.variantId}, {u"quantity"_s, line.quantity}});
    return array;
}

struct ReservationRow {
    qint64 id = 0;
    qint64 variantId = 0;
    qint64 locationId = 0;
    qint64 quantity = 0;
};

// Active reservations of a reference in lock order. The caller claims each
// with a conditional UPDATE of its status, so two concurrent releases (or a
// release racing a commit) act on every reservation at most once.
Result<QList<ReservationRow>> activeReservations(Connection &connection, const StockReference &reference)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT id, variant_id, location_id, quantity FROM reservations "
        "WHERE reference_type = ? AND reference_id = ? AND status = 'active' "
        "ORDER BY variant_id, location_id, id"_s,
        {reference.type, reference.id});
    if (!rows)
        return rows.error();
    QList<ReservationRow> list;
    while (rows.value().next())
        list.append({rows.value().value(0).toLongLong(), rows.value().value(1).toLongLong(),
                     rows.value().value(2).toLongLong(), rows.value().value(3).toLongLong()});
    return list;
}

// Release and commit are idempotent: when nothing is active any more and the
// reference's reservations already ended the requested way, the call
// succeeds and changes nothing. Ended the other way is a Conflict; no
// reservations at all is NotFound.
Status nothingActive(Connection &connection, const StockReference &reference, const QString &wantedStatus)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT status, COUNT(*) FROM reservations WHERE reference_type = ? AND reference_id = ? GROUP BY status"_s,
        {reference.type, reference.id});
    if (!rows)
        return rows.error();
    bool any = false;
    bool wanted = false;
    while (rows.value().next()) {
        any = true;
        if (rows.value().value(0).toString() == wantedStatus)
            wanted = true;
    }
    if (!any)
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("InventoryLedger", "Nothing is reserved for %1 %2.")
                               .arg(reference.type)
                               .arg(reference.id));
    if (wanted)
        return Status::success();
    if (wantedStatus == u"committed"_s)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("InventoryLedger", "The stock reserved for %1 %2 was already "
                                                                          "released. Reserve it again before selling.")
                               .arg(reference.type)
                               .arg(reference.id));
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("InventoryLedger", "The stock reserved for %1 %2 was already sold; "
                                                                      "it cannot be released. Record a return instead.")
                           .arg(reference.type)
                           .arg(reference.id));
}

// The moving average cost lives in product_variants.cost_cents: the stock
// on hand (every location) valued at the old cost plus the received units
// at their cost, divided by the new total, rounded half up.
Status updateMovingAverage(Connection &connection, const StockVariant &variant, qint64 quantity, qint64 unitCostCents)
{
    // On PostgreSQL two receipts of the same variant would both read the old
    // cost; the row lock makes the second wait. SQLite's write lock already
    // serialises them.
    std::optional<qint64> oldCost;
    if (connection.isPostgres()) {
        Result<QVariant> locked = connection.scalar(
            u"SELECT cost_cents FROM product_variants WHERE id = ? FOR UPDATE"_s, {variant.id});
        if (!locked)
            return locked.error();
        if (!locked.value().isNull())
            oldCost = locked.value().toLongLong();
    } else {
        oldCost = variant.costCents;
    }
    Result<QVariant> total = connection.scalar(
        u"SELECT COALESCE(SUM(on_hand), 0) FROM stock_levels WHERE variant_id = ?"_s, {variant.id});
    if (!total)
        return total.error();
    const qint64 onHand = total.value().toLongLong();
    qint64 cost = unitCostCents;
    if (oldCost && onHand > 0) {
        const qint64 units = onHand + quantity;
        cost = (*oldCost * onHand + unitCostCents * quantity + units / 2) / units;
    }
    return connection.run(u"UPDATE product_variants SET cost_cents = ? WHERE id = ?"_s, {cost, variant.id});
}

Result<InventoryScope> scopeFor(const Session &actor, Permission permission)
{
    return InventoryScope::require(actor, permission);
}

// Claims each reservation that is still active (the conditional UPDATE, so
// that a release and a commit racing for the same one apply it once) and
// applies it to the stock level. Returns how many were closed.
Result<int> closeReservations(Connection &connection, const QList<ReservationRow> &rows, const QString &status,
                              const QDateTime &now, const std::function<Status(const ReservationRow &)> &apply)
{
    int closed = 0;
    for (const ReservationRow &row : rows) {
        Result<CachedQuery> claimed = connection.prepared(
            u"UPDATE reservations SET status = ?, updated_at = ? WHERE id = ? AND status = 'active'"_s,
            {status, now, row.id});
        if (!claimed)
            return claimed.error();
        if (claimed.value().numRowsAffected() != 1)
            continue;
        if (Status ok = apply(row); !ok)
            return ok.error();
        ++closed;
    }
    return closed;
}

} // namespace

InventoryLedger::InventoryLedger(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<QList<Location>>> InventoryLedger::locations(const Session &actor)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::ViewInventory);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<QList<Location>>(scope.error()));
    return m_database->read([](Connection &connection) -> Result<QList<Location>> {
        Result<CachedQuery> rows = connection.prepared(
            u"SELECT id, code, name, position, is_active FROM locations ORDER BY position, id"_s);
        if (!rows)
            return rows.error();
        QList<Location> list;
        while (rows.value().next())
            list.append({rows.value().value(0).toLongLong(), rows.value().value(1).toString(),
                         rows.value().value(2).toString(), rows.value().value(3).toInt(),
                         rows.value().value(4).toInt() != 0});
        return list;
    });
}

QFuture<Result<Location>> InventoryLedger::addLocation(const Session &actor, const QString &code, const QString &name)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::ManageInventory);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<Location>(scope.error()));
    return m_database->write([actor, code = code.trimmed().toUpper(),
                              name = name.trimmed()](Connection &connection) -> Result<Location> {
        return addLocationInTransaction(connection, actor, code, name);
    });
}

Result<Location> InventoryLedger::addLocationInTransaction(Connection &connection, const Session &actor,
                                                           const QString &rawCode, const QString &rawName)
{
    if (Result<InventoryScope> scope = scopeFor(actor, Permission::ManageInventory); !scope)
        return scope.error();
    const QString code = rawCode.trimmed().toUpper();
    const QString name = rawName.trimmed();
    if (code.isEmpty() || code.size() > kMaxLocationCodeLength || code.contains(u' '))
        return invalid(QCoreApplication::translate("InventoryLedger", "Give the location a short code without spaces "
                                                                      "(at most %1 characters), such as BACK.")
                           .arg(kMaxLocationCodeLength));
    if (name.isEmpty() || name.size() > kMaxLocationNameLength)
        return invalid(QCoreApplication::translate("InventoryLedger", "Give the location a name of at most %1 "
                                                                      "characters, such as Back room.")
                           .arg(kMaxLocationNameLength));
    Result<QVariant> taken = connection.scalar(u"SELECT id FROM locations WHERE upper(code) = ?"_s, {code});
    if (!taken)
        return taken.error();
    if (!taken.value().isNull())
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("InventoryLedger", "A location with the code %1 exists "
                                                                          "already. Choose another code.")
                               .arg(code));
    Result<QVariant> position = connection.scalar(u"SELECT COALESCE(MAX(position), 0) + 1 FROM locations"_s);
    if (!position)
        return position.error();
    Result<qint64> id = connection.insert(
        u"INSERT INTO locations (code, name, position, is_active, created_at) VALUES (?, ?, ?, 1, ?) RETURNING id"_s,
        {code, name, position.value().toInt(), QDateTime::currentDateTimeUtc()});
    if (!id)
        return id.error();
    if (Status ok = audit(connection, actor, u"stock.location_added"_s, u"location:%1"_s.arg(id.value()),
                          {{u"code"_s, code}, {u"name"_s, name}});
        !ok)
        return ok.error();
    return Location{id.value(), code, name, position.value().toInt(), true};
}

QFuture<Result<qint64>> InventoryLedger::receive(const Session &actor, qint64 locationId, const QString &supplier,
                                                 const QString &supplierReference, const QList<StockLine> &lines,
                                                 const QString &note)
{
    return m_database->write([=](Connection &connection) -> Result<qint64> {
        return receiveInTransaction(connection, actor, locationId, supplier, supplierReference, lines, note);
    });
}

Result<qint64> InventoryLedger::receiveInTransaction(Connection &connection, const Session &actor, qint64 locationId,
                                                     const QString &supplier, const QString &supplierReference,
                                                     const QList<StockLine> &lines, const QString &note)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::ManageInventory);
    if (!scope)
        return scope.error();
    Result<QList<StockLine>> checked = StockLevelWriter::normalised(lines);
    if (!checked)
        return checked.error();
    for (const StockLine &line : lines)
        if (line.unitCost && line.unitCost->isNegative())
            return invalid(QCoreApplication::translate("InventoryLedger", "A unit cost cannot be negative."));
    // Lines of the same variant at different costs count at their average.
    QList<StockLine> sorted = checked.value();
    for (StockLine &merged : sorted) {
        qint64 costedUnits = 0;
        qint64 costSum = 0;
        QString currency;
        for (const StockLine &line : lines)
            if (line.variantId == merged.variantId && line.unitCost) {
                costedUnits += line.quantity;
                costSum += line.unitCost->minorUnits() * line.quantity;
                currency = line.unitCost->currency();
            }
        if (costedUnits > 0)
            merged.unitCost = Money((costSum + costedUnits / 2) / costedUnits, currency);
    }

    StockLevelWriter writer(connection, actor, scope.value());
    if (Result<Location> place = writer.location(locationId); !place)
        return place.error();
    QList<qint64> variantIds;
    for (const StockLine &line : std::as_const(sorted))
        variantIds.append(line.variantId);
    if (Status ok = writer.preloadVariants(variantIds); !ok)
        return ok.error();
    Result<qint64> receiptId = connection.insert(
        u"INSERT INTO receipts (location_id, supplier, supplier_reference, note, user_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"_s,
        {locationId, clean(supplier), clean(supplierReference), clean(note), nullableId(actor.userId),
         QDateTime::currentDateTimeUtc()});
    if (!receiptId)
        return receiptId.error();
    const StockReference reference{u"receipt"_s, receiptId.value()};
    for (const StockLine &line : std::as_const(sorted)) {
        Result<StockVariant> variant = writer.variant(line.variantId);
        if (!variant)
            return variant.error();
        std::optional<qint64> unitCost;
        if (line.unitCost) {
            unitCost = line.unitCost->minorUnits();
            if (Status ok = updateMovingAverage(connection, variant.value(), line.quantity, *unitCost); !ok)
                return ok.error();
        }
        if (Status ok = writer.put(line.variantId, locationId, line.quantity, MovementReason::Receive, reference,
                                   clean(note), unitCost);
            !ok)
            return ok.error();
        if (Status ok = connection.run(
                u"INSERT INTO receipt_lines (receipt_id, variant_id, quantity, unit_cost_cents) VALUES (?, ?, ?, ?)"_s,
                {receiptId.value(), line.variantId, line.quantity,
                 unitCost ? QVariant(*unitCost) : QVariant(QMetaType::fromType<qint64>(), nullptr)});
            !ok)
            return ok.error();
    }
    if (Status ok = writer.finish(); !ok)
        return ok.error();
    if (Status ok = audit(connection, actor, u"stock.received"_s, u"receipt:%1"_s.arg(receiptId.value()),
                          {{u"location_id"_s, locationId},
                           {u"supplier"_s, clean(supplier)},
                           {u"lines"_s, linesJson(sorted)}});
        !ok)
        return ok.error();
    return receiptId.value();
}

QFuture<Status> InventoryLedger::transfer(const Session &actor, qint64 fromLocationId, qint64 toLocationId,
                                          const QList<StockLine> &lines, const QString &note)
{
    return m_database->write([=](Connection &connection) -> Status {
        Result<qint64> moved = transferInTransaction(connection, actor, fromLocationId, toLocationId, lines, note);
        if (!moved)
            return moved.error();
        return Status::success();
    });
}

Result<qint64> InventoryLedger::transferInTransaction(Connection &connection, const Session &actor,
                                                      qint64 fromLocationId, qint64 toLocationId,
                                                      const QList<StockLine> &lines, const QString &note)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::ManageInventory);
    if (!scope)
        return scope.error();
    if (fromLocationId == toLocationId)
        return invalid(QCoreApplication::translate("InventoryLedger", "Stock can only be transferred to another "
                                                                      "location. Choose a different destination."));
    Result<QList<StockLine>> sorted = StockLevelWriter::normalised(lines);
    if (!sorted)
        return sorted.error();
    StockLevelWriter writer(connection, actor, scope.value());
    if (Result<Location> from = writer.location(fromLocationId); !from)
        return from.error();
    if (Result<Location> to = writer.location(toLocationId); !to)
        return to.error();
    Result<qint64> transferId = connection.insert(
        u"INSERT INTO transfers (from_location_id, to_location_id, note, user_id, created_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id"_s,
        {fromLocationId, toLocationId, clean(note), nullableId(actor.userId), QDateTime::currentDateTimeUtc()});
    if (!transferId)
        return transferId.error();
    const StockReference reference{u"transfer"_s, transferId.value()};
    for (const StockLine &line : sorted.value()) {
        if (Result<StockVariant> variant = writer.variant(line.variantId); !variant)
            return variant.error();
        // Both levels of a line in ascending location order, like every
        // other writer, so a transfer and a sale never wait on each other
        // in a cycle.
        const auto takeOut = [&] {
            return writer.take(line.variantId, fromLocationId, line.quantity, MovementReason::TransferOut, reference,
                               clean(note));
        };
        const auto putIn = [&] {
            return writer.put(line.variantId, toLocationId, line.quantity, MovementReason::TransferIn, reference,
                              clean(note));
        };
        if (fromLocationId < toLocationId) {
            if (Status ok = takeOut(); !ok)
                return ok.error();
            if (Status ok = putIn(); !ok)
                return ok.error();
        } else {
            if (Status ok = putIn(); !ok)
                return ok.error();
            if (Status ok = takeOut(); !ok)
                return ok.error();
        }
    }
    if (Status ok = writer.finish(); !ok)
        return ok.error();
    if (Status ok = audit(connection, actor, u"stock.transferred"_s, u"transfer:%1"_s.arg(transferId.value()),
                          {{u"from"_s, fromLocationId}, {u"to"_s, toLocationId}, {u"lines"_s, linesJson(sorted.value())}});
        !ok)
        return ok.error();
    return transferId.value();
}

QFuture<Status> InventoryLedger::adjust(const Session &actor, qint64 variantId, qint64 locationId,
                                        MovementReason reason, qint64 quantity, const QString &note)
{
    return m_database->write([=](Connection &connection) -> Status {
        return adjustInTransaction(connection, actor, variantId, locationId, reason, quantity, note);
    });
}

Status InventoryLedger::adjustInTransaction(Connection &connection, const Session &actor, qint64 variantId,
                                            qint64 locationId, MovementReason reason, qint64 quantity,
                                            const QString &note, const StockReference &reference)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::ManageInventory);
    if (!scope)
        return scope.error();
    if (!isManualAdjustmentReason(reason))
        return invalid(QCoreApplication::translate("InventoryLedger", "%1 is recorded by its own workflow, not as an "
                                                                      "adjustment. Choose damaged, lost, found, "
                                                                      "return or count correction.")
                           .arg(movementReasonText(reason)));
    if (clean(note).isEmpty())
        return invalid(QCoreApplication::translate("InventoryLedger", "Say why the stock changes: an adjustment "
                                                                      "needs a note."));
    if (quantity == 0)
        return invalid(QCoreApplication::translate("InventoryLedger", "Enter how many units change; zero changes "
                                                                      "nothing."));
    qint64 signedQuantity = quantity;
    switch (reason) {
    case MovementReason::Damaged:
    case MovementReason::Lost:
        // "3 damaged" and "-3 damaged" mean the same: three units out.
        signedQuantity = -std::abs(quantity);
        break;
    case MovementReason::Found:
    case MovementReason::Return:
        if (quantity < 0)
            return invalid(QCoreApplication::translate("InventoryLedger", "%1 adds stock: enter a quantity above "
                                                                          "zero, or choose damaged or lost.")
                               .arg(movementReasonText(reason)));
        break;
    default:
        break;
    }
    StockLevelWriter writer(connection, actor, scope.value());
    if (Result<Location> place = writer.location(locationId); !place)
        return place.error();
    if (Result<StockVariant> variant = writer.variant(variantId); !variant)
        return variant.error();
    const Status changed = signedQuantity < 0
                               ? writer.take(variantId, locationId, -signedQuantity, reason, reference, clean(note))
                               : writer.put(variantId, locationId, signedQuantity, reason, reference, clean(note));
    if (!changed)
        return changed;
    if (Status ok = writer.finish(); !ok)
        return ok;
    return audit(connection, actor, u"stock.adjusted"_s, u"variant:%1"_s.arg(variantId),
                 {{u"location_id"_s, locationId},
                  {u"reason"_s, movementReasonName(reason)},
                  {u"quantity"_s, signedQuantity},
                  {u"note"_s, clean(note)}});
}

QFuture<Status> InventoryLedger::setReorderPoint(const Session &actor, qint64 variantId, qint64 locationId,
                                                 qint64 reorderLevel, qint64 reorderQuantity, const QString &bin)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::ManageInventory);
    if (!scope)
        return QtFuture::makeReadyFuture(Status(scope.error()));
    return m_database->write([=, scope = scope.value()](Connection &connection) -> Status {
        if (reorderLevel < 0 || reorderQuantity < 0)
            return invalid(QCoreApplication::translate("InventoryLedger", "The reorder level and quantity cannot be "
                                                                          "negative."));
        StockLevelWriter writer(connection, actor, scope);
        if (Result<Location> place = writer.location(locationId); !place)
            return place.error();
        if (Result<StockVariant> variant = writer.variant(variantId); !variant)
            return variant.error();
        Result<qint64> levelId = connection.insert(
            u"INSERT INTO stock_levels (variant_id, location_id, reorder_level, reorder_quantity, bin, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (variant_id, location_id) DO UPDATE SET "
            "reorder_level = excluded.reorder_level, reorder_quantity = excluded.reorder_quantity, "
            "bin = excluded.bin, updated_at = excluded.updated_at RETURNING id"_s,
            {variantId, locationId, reorderLevel, reorderQuantity, clean(bin), QDateTime::currentDateTimeUtc()});
        if (!levelId)
            return levelId.error();
        if (Status ok = ChangeLog::recordInTransaction(connection, ChangeTopic::StockLevels, {levelId.value()}); !ok)
            return ok;
        return audit(connection, actor, u"stock.reorder_point_set"_s, u"stock_level:%1"_s.arg(levelId.value()),
                     {{u"reorder_level"_s, reorderLevel}, {u"reorder_quantity"_s, reorderQuantity},
                      {u"bin"_s, clean(bin)}});
    });
}

QFuture<Result<QList<qint64>>> InventoryLedger::reserve(const Session &actor, qint64 locationId,
                                                        const QList<StockLine> &lines, const StockReference &reference,
                                                        const std::optional<QDateTime> &expiresAt)
{
    return m_database->write([=](Connection &connection) -> Result<QList<qint64>> {
        return reserveInTransaction(connection, actor, locationId, lines, reference, expiresAt);
    });
}

Result<QList<qint64>> InventoryLedger::reserveInTransaction(Connection &connection, const Session &actor,
                                                            qint64 locationId, const QList<StockLine> &lines,
                                                            const StockReference &reference,
                                                            const std::optional<QDateTime> &expiresAt)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::UseRegister);
    if (!scope)
        return scope.error();
    if (Status ok = requireReference(reference); !ok)
        return ok.error();
    Result<QList<StockLine>> sorted = StockLevelWriter::normalised(lines);
    if (!sorted)
        return sorted.error();
    StockLevelWriter writer(connection, actor, scope.value());
    if (Result<Location> place = writer.location(locationId); !place)
        return place.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<qint64> ids;
    for (const StockLine &line : sorted.value()) {
        if (Result<qint64> held = writer.reserve(line.variantId, locationId, line.quantity); !held)
            return held.error();
        Result<qint64> id = connection.insert(
            u"INSERT INTO reservations (variant_id, location_id, quantity, reference_type, reference_id, status, "
            "expires_at, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?) RETURNING id"_s,
            {line.variantId, locationId, line.quantity, reference.type.trimmed(), reference.id,
             expiresAt ? QVariant(expiresAt->toUTC()) : QVariant(QMetaType::fromType<QDateTime>(), nullptr),
             nullableId(actor.userId), now, now});
        if (!id)
            return id.error();
        ids.append(id.value());
    }
    if (Status ok = writer.finish(); !ok)
        return ok.error();
    return ids;
}

QFuture<Status> InventoryLedger::release(const Session &actor, const StockReference &reference)
{
    return m_database->write([=](Connection &connection) -> Status {
        return releaseInTransaction(connection, actor, reference);
    });
}

Status InventoryLedger::releaseInTransaction(Connection &connection, const Session &actor,
                                             const StockReference &reference)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::UseRegister);
    if (!scope)
        return scope.error();
    Result<QList<ReservationRow>> active = activeReservations(connection, reference);
    if (!active)
        return active.error();
    if (active->isEmpty())
        return nothingActive(connection, reference, u"released"_s);
    StockLevelWriter writer(connection, actor, scope.value());
    Result<int> closed = closeReservations(connection, active.value(), u"released"_s, QDateTime::currentDateTimeUtc(),
                                           [&writer](const ReservationRow &row) {
                                               return writer.unreserve(row.variantId, row.locationId, row.quantity);
                                           });
    if (!closed)
        return closed.error();
    return writer.finish();
}

Result<int> InventoryLedger::releaseExpiredInTransaction(Connection &connection, const QDateTime &now)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT id, variant_id, location_id, quantity FROM reservations "
        "WHERE status = 'active' AND expires_at IS NOT NULL AND expires_at <= ? "
        "ORDER BY variant_id, location_id, id"_s,
        {now.toUTC()});
    if (!rows)
        return rows.error();
    QList<ReservationRow> expired;
    while (rows.value().next())
        expired.append({rows.value().value(0).toLongLong(), rows.value().value(1).toLongLong(),
                        rows.value().value(2).toLongLong(), rows.value().value(3).toLongLong()});
    rows.value().finish();
    StockLevelWriter writer(connection, Session::system(), InventoryScope{});
    Result<int> released = closeReservations(connection, expired, u"released"_s, now.toUTC(),
                                             [&writer](const ReservationRow &row) {
                                                 return writer.unreserve(row.variantId, row.locationId, row.quantity);
                                             });
    if (!released)
        return released;
    if (Status ok = writer.finish(); !ok)
        return ok.error();
    return released;
}

QFuture<Status> InventoryLedger::commit(const Session &actor, const StockReference &reference)
{
    return m_database->write([=](Connection &connection) -> Status {
        return commitInTransaction(connection, actor, reference);
    });
}

Status InventoryLedger::commitInTransaction(Connection &connection, const Session &actor,
                                            const StockReference &reference)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::UseRegister);
    if (!scope)
        return scope.error();
    Result<QList<ReservationRow>> active = activeReservations(connection, reference);
    if (!active)
        return active.error();
    if (active->isEmpty())
        return nothingActive(connection, reference, u"committed"_s);
    StockLevelWriter writer(connection, actor, scope.value());
    Result<int> closed = closeReservations(
        connection, active.value(), u"committed"_s, QDateTime::currentDateTimeUtc(),
        [&writer, &reference](const ReservationRow &row) {
            return writer.takeReserved(row.variantId, row.locationId, row.quantity, reference);
        });
    if (!closed)
        return closed.error();
    return writer.finish();
}

Status InventoryLedger::sellInTransaction(Connection &connection, const Session &actor, qint64 locationId,
                                          const QList<StockLine> &lines, const StockReference &reference)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::UseRegister);
    if (!scope)
        return scope.error();
    Result<QList<StockLine>> sorted = StockLevelWriter::normalised(lines);
    if (!sorted)
        return sorted.error();
    StockLevelWriter writer(connection, actor, scope.value());
    if (Result<Location> place = writer.location(locationId); !place)
        return place.error();
    for (const StockLine &line : sorted.value())
        if (Status ok = writer.take(line.variantId, locationId, line.quantity, MovementReason::Sale, reference, {});
            !ok)
            return ok;
    return writer.finish();
}

Status InventoryLedger::returnInTransaction(Connection &connection, const Session &actor, qint64 locationId,
                                            const QList<StockLine> &lines, const StockReference &reference)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::UseRegister);
    if (!scope)
        return scope.error();
    Result<QList<StockLine>> sorted = StockLevelWriter::normalised(lines);
    if (!sorted)
        return sorted.error();
    StockLevelWriter writer(connection, actor, scope.value());
    if (Result<Location> place = writer.location(locationId); !place)
        return place.error();
    for (const StockLine &line : sorted.value())
        if (Status ok = writer.put(line.variantId, locationId, line.quantity, MovementReason::Return, reference, {});
            !ok)
            return ok;
    return writer.finish();
}

QFuture<Result<StockLevel>> InventoryLedger::level(const Session &actor, qint64 variantId, qint64 locationId)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::ViewInventory);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<StockLevel>(scope.error()));
    return m_database->read([=, scope = scope.value()](Connection &connection) -> Result<StockLevel> {
        StockLevelWriter lookup(connection, actor, scope);
        Result<StockVariant> variant = lookup.variant(variantId);
        if (!variant)
            return variant.error();
        Result<Location> place = lookup.location(locationId);
        if (!place)
            return place.error();
        Result<QVariant> id = connection.scalar(
            u"SELECT id FROM stock_levels WHERE variant_id = ? AND location_id = ?"_s, {variantId, locationId});
        if (!id)
            return id.error();
        if (!id.value().isNull()) {
            Result<QList<StockLevel>> rows = StockLevelSearch::rowsOn(connection, actor, {id.value().toLongLong()});
            if (!rows)
                return rows.error();
            if (!rows->isEmpty())
                return rows->first();
        }
        // Never stocked here: zero, with the defaults a new level gets.
        StockLevel level;
        level.variantId = variantId;
        level.productId = variant->productId;
        level.locationId = locationId;
        level.locationName = place->name;
        level.productName = variant->productName;
        level.sku = variant->sku;
        level.options = variant->options;
        return level;
    });
}

QFuture<Result<QList<StockMovement>>> InventoryLedger::movements(const Session &actor, qint64 variantId,
                                                                 std::optional<qint64> locationId,
                                                                 std::optional<qint64> beforeId, int limit)
{
    Result<InventoryScope> scope = scopeFor(actor, Permission::ViewInventory);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<QList<StockMovement>>(scope.error()));
    return m_database->read([=, scope = scope.value()](Connection &connection) -> Result<QList<StockMovement>> {
        StockLevelWriter lookup(connection, actor, scope);
        if (Result<StockVariant> variant = lookup.variant(variantId); !variant)
            return variant.error();
        Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
        if (!settings)
            return settings.error();
        QString sql = u"SELECT m.id, m.variant_id, m.location_id, m.reason, m.quantity, m.on_hand_after, "
                      "m.unit_cost_cents, m.reference_type, m.reference_id, m.note, m.user_id, "
                      "COALESCE(u.first_name || ' ' || u.last_name, ''), m.created_at "
                      "FROM stock_movements m LEFT JOIN users u ON u.id = m.user_id WHERE m.variant_id = ?"_s;
        QVariantList values{variantId};
        if (locationId) {
            sql += u" AND m.location_id = ?"_s;
            values.append(*locationId);
        }
        if (beforeId) {
            sql += u" AND m.id < ?"_s;
            values.append(*beforeId);
        }
        sql += u" ORDER BY m.id DESC LIMIT ?"_s;
        values.append(std::clamp(limit, 1, kMaxMovementPage));
        Result<CachedQuery> rows = connection.prepared(sql, values);
        if (!rows)
            return rows.error();
        QList<StockMovement> list;
        const CachedQuery &q = rows.value();
        while (q.next()) {
            StockMovement m;
            m.id = q.value(0).toLongLong();
            m.variantId = q.value(1).toLongLong();
            m.locationId = q.value(2).toLongLong();
            m.reason = movementReasonFromName(q.value(3).toString()).value_or(MovementReason::CountCorrection);
            m.quantity = q.value(4).toLongLong();
            m.onHandAfter = q.value(5).toLongLong();
            if (!q.value(6).isNull())
                m.unitCost = Money(q.value(6).toLongLong(), settings->currency);
            m.reference = {q.value(7).toString(), q.value(8).toLongLong()};
            m.note = q.value(9).toString();
            m.userId = q.value(10).toLongLong();
            m.userName = q.value(11).toString().trimmed();
            if (m.userId == 0)
                m.userName = Session::system().displayName;
            m.createdAt = q.value(12).toDateTime().toUTC();
            list.append(m);
        }
        return list;
    });
}

Result<qint64> InventoryLedger::defaultLocationId(Connection &connection)
{
    Result<QVariant> id = connection.scalar(u"SELECT MIN(id) FROM locations WHERE is_active = 1"_s);
    if (!id)
        return id.error();
    if (id.value().isNull())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("InventoryLedger", "There is no active stock location. Add one "
                                                                          "in Inventory."));
    return id.value().toLongLong();
}

} // namespace sk
