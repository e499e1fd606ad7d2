#include "OversellShop.h"

#include "auth/PasswordHasher.h"
#include "auth/UserService.h"
#include "catalog/ProductService.h"
#include "db/Connection.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

// Nobody signs in as the clerk, so its hash need not be slow.
constexpr int kCheapScryptLogN = 10;

// Unique within and across runs on one database.
QString runTag()
{
    return QUuid::createUuid().toString(QUuid::Id128).left(12).toUpper();
}

Result<qint64> integerOf(Connection &connection, const QString &sql, const QVariantList &values)
{
    Result<QVariant> value = connection.scalar(sql, values);
    if (!value)
        return value.error();
    return value->toLongLong();
}

} // namespace

Result<Session> OversellShop::addClerk()
{
    const QString tag = runTag();
    NewUser clerk;
    clerk.email = u"register-%1@oversell.bench"_s.arg(tag.toLower());
    clerk.password = u"Oversell-%1-Register-9"_s.arg(runTag());
    clerk.firstName = u"Register"_s;
    clerk.lastName = tag;
    clerk.role = Role::Clerk;
    const PasswordHasher hasher(PasswordHasher::ScryptParameters{kCheapScryptLogN, 8, 1});
    return Database::wait(m_database.write([clerk, hasher](Connection &connection) -> Result<Session> {
        Result<User> user = UserService::createInTransaction(connection, hasher, Session::system(), clerk);
        if (!user)
            return user.error();
        return user->toSession();
    }));
}

Result<StockedVariant> OversellShop::addStockedVariant(const Session &receiver, const QString &name, qint64 units)
{
    const QString tag = runTag();
    ProductDraft product;
    product.name = u"%1 %2"_s.arg(name, tag);
    product.description = u"Sold by every register at once until it is gone."_s;
    VariantDraft variant;
    variant.sku = u"OVERSELL-%1"_s.arg(tag);
    variant.price = u"9.99"_s;
    product.variants.append(variant);
    auto job = [product, receiver, units](Connection &connection) -> Result<StockedVariant> {
        Result<Product> created = ProductService::createInTransaction(connection, Session::system(), product);
        if (!created)
            return created.error();
        Result<qint64> location = InventoryLedger::defaultLocationId(connection);
        if (!location)
            return location.error();
        Result<qint64> variantId = integerOf(
            connection, u"SELECT id FROM product_variants WHERE product_id = ? ORDER BY position, id LIMIT 1"_s,
            {created->id});
        if (!variantId)
            return variantId.error();
        Result<qint64> receipt = InventoryLedger::receiveInTransaction(
            connection, receiver, location.value(), u"Oversell benchmark"_s, {},
            {StockLine{variantId.value(), units, std::nullopt}}, {});
        if (!receipt)
            return receipt.error();
        return StockedVariant{variantId.value(), location.value(), units};
    };
    return Database::wait(m_database.write(std::move(job)));
}

Result<VariantStock> OversellShop::stockOf(const StockedVariant &variant)
{
    return Database::wait(m_database.read([variant](Connection &connection) -> Result<VariantStock> {
        VariantStock stock;
        Result<QSqlQuery> level = connection.exec(
            u"SELECT on_hand, reserved FROM stock_levels WHERE variant_id = ? AND location_id = ?"_s,
            {variant.variantId, variant.locationId});
        if (!level)
            return level.error();
        if (level.value().next()) {
            stock.onHand = level.value().value(0).toLongLong();
            stock.reserved = level.value().value(1).toLongLong();
        }
        // The schema's CHECKs forbid negatives; counted anyway, because the
        // proof must not rest on the thing it proves.
        Result<qint64> negative = integerOf(
            connection,
            u"SELECT COALESCE(SUM(-on_hand), 0) FROM stock_levels WHERE variant_id = ? AND on_hand < 0"_s,
            {variant.variantId});
        Result<qint64> negativeAfter = integerOf(
            connection,
            u"SELECT COALESCE(SUM(-on_hand_after), 0) FROM stock_movements "
            "WHERE variant_id = ? AND on_hand_after < 0"_s,
            {variant.variantId});
        Result<QSqlQuery> ledger = connection.exec(
            u"SELECT COUNT(*), COALESCE(SUM(quantity), 0), "
            "COALESCE(SUM(CASE WHEN reason = 'sale' THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN reason = 'sale' THEN -quantity ELSE 0 END), 0) "
            "FROM stock_movements WHERE variant_id = ? AND location_id = ?"_s,
            {variant.variantId, variant.locationId});
        if (!negative)
            return negative.error();
        if (!negativeAfter)
            return negativeAfter.error();
        if (!ledger)
            return ledger.error();
        stock.negativeUnits = negative.value() + negativeAfter.value();
        if (ledger.value().next()) {
            stock.movements = ledger.value().value(0).toLongLong();
            stock.movementSum = ledger.value().value(1).toLongLong();
            stock.saleMovements = ledger.value().value(2).toLongLong();
            stock.unitsSold = ledger.value().value(3).toLongLong();
        }
        return stock;
    }));
}

} // namespace sk::bench
