#include "CheckoutShop.h"

#include "CatalogGenerator.h"
#include "OversellShop.h"

#include "catalog/ProductService.h"
#include "db/Connection.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "sales/ShiftService.h"
#include "shop/SettingsService.h"

#include <QUuid>

#include <random>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr int kVendors = 5;
constexpr int kProductsPerTransaction = 250;
// Opening float of a bench shift, in minor units.
constexpr qint64 kOpeningFloatMinor = 20000;
// CatalogGenerator numbers SKUs and barcodes from the product index; a
// random start per run keeps a second run on the same database from
// meeting the first one's SKUs and barcodes (EAN-13 leaves 9 digits).
constexpr qint64 kFirstIndexStep = 10'000;
constexpr qint64 kFirstIndexSlots = 20'000;

QString runTag()
{
    return QUuid::createUuid().toString(QUuid::Id128).left(8).toUpper();
}

} // namespace

Result<Session> CheckoutShop::addClerk()
{
    return OversellShop(*m_database).addClerk();
}

Result<QList<qint64>> CheckoutShop::addStockedVariants(int count, qint64 unitsEach)
{
    const QString tag = runTag();
    std::random_device entropy;
    const qint64 firstIndex = kFirstIndexStep * (1 + qint64(entropy() % kFirstIndexSlots));
    CatalogGenerator generator(CatalogGenerator::kDefaultSeed + quint64(firstIndex), firstIndex);

    Result<QList<qint64>> vendorIds = Database::wait(m_database->write([tag](Connection &connection) {
        QList<qint64> ids;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 1; i <= kVendors; ++i) {
            Result<qint64> id = connection.insert(u"INSERT INTO vendors (name, created_at) VALUES (?, ?) RETURNING id"_s,
                                                  {u"Checkout Supplier %1 %2"_s.arg(tag).arg(i), now});
            if (!id)
                return Result<QList<qint64>>(id.error());
            ids.append(id.value());
        }
        return Result<QList<qint64>>(ids);
    }));
    if (!vendorIds)
        return vendorIds.error();

    QList<qint64> variantIds;
    qint64 index = firstIndex;
    while (variantIds.size() < count) {
        QList<ProductDraft> drafts;
        qsizetype planned = variantIds.size();
        while (drafts.size() < kProductsPerTransaction && planned < count) {
            ProductDraft draft = generator.product(index++, {}, vendorIds.value());
            // Every item on the shelf can be sold.
            draft.status = ProductStatus::Active;
            draft.variants = draft.variants.mid(0, count - planned);
            planned += draft.variants.size();
            drafts.append(draft);
        }
        auto job = [drafts, unitsEach](Connection &connection) -> Result<QList<qint64>> {
            Result<qint64> location = InventoryLedger::defaultLocationId(connection);
            if (!location)
                return location.error();
            QList<qint64> created;
            QList<StockLine> lines;
            for (const ProductDraft &draft : drafts) {
                Result<Product> product = ProductService::createInTransaction(connection, Session::system(), draft);
                if (!product)
                    return product.error();
                Result<QSqlQuery> variants = connection.exec(
                    u"SELECT id FROM product_variants WHERE product_id = ? ORDER BY position, id"_s, {product->id});
                if (!variants)
                    return variants.error();
                while (variants.value().next()) {
                    const qint64 id = variants.value().value(0).toLongLong();
                    created.append(id);
                    lines.append(StockLine{id, unitsEach, std::nullopt});
                }
            }
            Result<qint64> receipt = InventoryLedger::receiveInTransaction(
                connection, Session::system(), location.value(), u"Checkout benchmark"_s, {}, lines, {});
            if (!receipt)
                return receipt.error();
            return created;
        };
        Result<QList<qint64>> created = Database::wait(m_database->write(std::move(job)));
        if (!created)
            return created.error();
        variantIds += created.value();
    }
    return variantIds;
}

Result<Till> CheckoutShop::openTill(const Session &clerk, const QString &code)
{
    auto job = [code](Connection &connection) -> Result<Till> {
        Till till;
        till.code = code;
        Result<QSqlQuery> existing =
            connection.exec(u"SELECT id, location_id FROM registers WHERE upper(code) = upper(?)"_s, {code});
        if (!existing)
            return existing.error();
        if (existing.value().next()) {
            till.registerId = existing.value().value(0).toLongLong();
            till.locationId = existing.value().value(1).toLongLong();
            return till;
        }
        Result<qint64> location = InventoryLedger::defaultLocationId(connection);
        if (!location)
            return location.error();
        Result<qint64> id = connection.insert(
            u"INSERT INTO registers (code, name, location_id, created_at) VALUES (?, ?, ?, ?) RETURNING id"_s,
            {code, u"Register %1"_s.arg(code), location.value(), QDateTime::currentDateTimeUtc()});
        if (!id)
            return id.error();
        till.registerId = id.value();
        till.locationId = location.value();
        return till;
    };
    Result<Till> till = Database::wait(m_database->write(std::move(job)));
    if (!till)
        return till;
    Result<QString> currency = Database::wait(m_database->read([](Connection &connection) -> Result<QString> {
        Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
        if (!settings)
            return settings.error();
        return settings->currency;
    }));
    if (!currency)
        return currency.error();

    ShiftService shifts(m_database);
    Result<Shift> shift = Database::wait(shifts.current(clerk, till->registerId));
    if (!shift && shift.error().code == ErrorCode::NotFound)
        shift = Database::wait(shifts.open(clerk, till->registerId, Money(kOpeningFloatMinor, currency.value())));
    if (!shift)
        return shift.error();
    Till opened = till.value();
    opened.shiftId = shift->id;
    return opened;
}

Result<CatalogStock> CheckoutShop::stockOf(const QList<qint64> &variantIds, qint64 locationId)
{
    return Database::wait(m_database->read([variantIds, locationId](Connection &connection) -> Result<CatalogStock> {
        CatalogStock stock;
        for (qint64 variantId : variantIds) {
            Result<QSqlQuery> level = connection.exec(
                u"SELECT on_hand, reserved FROM stock_levels WHERE variant_id = ? AND location_id = ?"_s,
                {variantId, locationId});
            if (!level)
                return level.error();
            if (level.value().next()) {
                const qint64 onHand = level.value().value(0).toLongLong();
                stock.onHand += onHand;
                stock.reserved += level.value().value(1).toLongLong();
                // The schema's CHECKs forbid negatives; counted anyway,
                // because the proof must not rest on the thing it proves.
                if (onHand < 0)
                    stock.negativeUnits -= onHand;
            }
            Result<QSqlQuery> ledger = connection.exec(
                u"SELECT COALESCE(SUM(quantity), 0), "
                "COALESCE(SUM(CASE WHEN reason = 'sale' THEN -quantity ELSE 0 END), 0), "
                "COALESCE(SUM(CASE WHEN on_hand_after < 0 THEN -on_hand_after ELSE 0 END), 0) "
                "FROM stock_movements WHERE variant_id = ? AND location_id = ?"_s,
                {variantId, locationId});
            if (!ledger)
                return ledger.error();
            if (ledger.value().next()) {
                stock.movementSum += ledger.value().value(0).toLongLong();
                stock.unitsSold += ledger.value().value(1).toLongLong();
                stock.negativeUnits += ledger.value().value(2).toLongLong();
            }
        }
        return stock;
    }));
}

} // namespace sk::bench
