#pragma once

// Shared set-up of the inventory tests: a fresh database with two products of
// the shop, one of a vendor, and helpers that read the stock tables directly.

#include "TestDatabase.h"
#include "TestSessions.h"
#include "catalog/ProductService.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"

#include <QTest>
#include <memory>

namespace sk::test {

template<typename R>
QString why(const R &result)
{
    return result.ok() ? QString() : result.error().message + QStringLiteral(" | ") + result.error().details;
}

class InventoryFixture {
public:
    bool setUp()
    {
        m_testDb = std::make_unique<TestDatabase>();
        m_db = m_testDb->open();
        if (!m_testDb->problem().isEmpty() || !m_db)
            return false;
        m_ledger = std::make_unique<InventoryLedger>(m_db);
        m_vendorId = insert(QStringLiteral("INSERT INTO vendors (name, email, created_at) VALUES ('Acme', "
                                           "'acme@vendor.test', ?) RETURNING id"),
                            {QDateTime::currentDateTimeUtc()});
        m_adminUser = addUser(QStringLiteral("boss@shop.test"), QStringLiteral("admin"), {});
        m_vendorUser = addUser(QStringLiteral("acme@shop.test"), QStringLiteral("vendor"), m_vendorId);
        m_admin = sessionFor(m_adminUser, Role::Admin);
        m_clerk = sessionFor(addUser(QStringLiteral("clerk@shop.test"), QStringLiteral("clerk"), {}), Role::Clerk);
        m_vendor = sessionFor(m_vendorUser, Role::Vendor, m_vendorId);
        m_store = scalar(QStringLiteral("SELECT id FROM locations WHERE code = 'STORE'")).toLongLong();
        Result<Location> back = Database::wait(m_ledger->addLocation(m_admin, QStringLiteral("back"),
                                                                     QStringLiteral("Back room")));
        m_back = back.ok() ? back->id : 0;
        m_shirt = addProduct(QStringLiteral("Linen shirt"), QStringLiteral("SHIRT-1"), QStringLiteral("4006381333931"),
                             {});
        m_mug = addProduct(QStringLiteral("Tea mug"), QStringLiteral("MUG-1"), {}, {});
        m_tea = addProduct(QStringLiteral("Sencha tea"), QStringLiteral("TEA-1"), {}, m_vendorId);
        return m_store > 0 && m_back > 0 && m_shirt > 0 && m_mug > 0 && m_tea > 0;
    }

    void tearDown()
    {
        m_ledger.reset();
        m_db.reset();
        m_testDb.reset();
    }

    qint64 addUser(const QString &email, const QString &role, std::optional<qint64> vendorId)
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        return insert(QStringLiteral("INSERT INTO users (email, password_hash, first_name, last_name, role, vendor_id, "
                                     "created_at, updated_at) VALUES (?, 'x', 'Test', 'User', ?, ?, ?, ?) "
                                     "RETURNING id"),
                      {email, role, vendorId ? QVariant(*vendorId) : QVariant(QMetaType::fromType<qint64>(), nullptr),
                       now, now});
    }

    qint64 addProduct(const QString &name, const QString &sku, const QString &barcode, std::optional<qint64> vendorId)
    {
        ProductDraft draft;
        draft.name = name;
        draft.vendorId = vendorId;
        VariantDraft variant;
        variant.sku = sku;
        variant.barcode = barcode;
        variant.price = QStringLiteral("10.00");
        draft.variants.append(variant);
        Result<Product> created = Database::wait(ProductService(m_db).create(m_admin, draft));
        if (!created) {
            qWarning() << why(created);
            return 0;
        }
        return created->variants.first().id;
    }

    qint64 insert(const QString &sql, const QVariantList &values)
    {
        Result<qint64> id = Database::wait(m_db->write([sql, values](Connection &c) { return c.insert(sql, values); }));
        if (!id)
            qWarning() << why(id);
        return id.ok() ? id.value() : 0;
    }

    Status run(const QString &sql, const QVariantList &values = {})
    {
        return Database::wait(m_db->write([sql, values](Connection &c) { return c.run(sql, values); }));
    }

    QVariant scalar(const QString &sql, const QVariantList &values = {})
    {
        Result<QVariant> value = Database::wait(m_db->read([sql, values](Connection &c) { return c.scalar(sql, values); }));
        if (!value)
            qWarning() << why(value);
        return value.ok() ? value.value() : QVariant();
    }

    qint64 onHand(qint64 variantId, qint64 locationId)
    {
        return scalar(QStringLiteral("SELECT COALESCE(MAX(on_hand), 0) FROM stock_levels WHERE variant_id = ? AND "
                                     "location_id = ?"),
                      {variantId, locationId})
            .toLongLong();
    }

    qint64 reserved(qint64 variantId, qint64 locationId)
    {
        return scalar(QStringLiteral("SELECT COALESCE(MAX(reserved), 0) FROM stock_levels WHERE variant_id = ? AND "
                                     "location_id = ?"),
                      {variantId, locationId})
            .toLongLong();
    }

    qint64 movementSum(qint64 variantId, qint64 locationId)
    {
        return scalar(QStringLiteral("SELECT COALESCE(SUM(quantity), 0) FROM stock_movements WHERE variant_id = ? AND "
                                     "location_id = ?"),
                      {variantId, locationId})
            .toLongLong();
    }

    qint64 count(const QString &table)
    {
        return scalar(QStringLiteral("SELECT COUNT(*) FROM ") + table).toLongLong();
    }

    // Receives quantity at location as the administrator; the test fails
    // later on the numbers if it did not work.
    qint64 receive(qint64 variantId, qint64 locationId, qint64 quantity, std::optional<qint64> unitCostCents = {})
    {
        StockLine line{variantId, quantity, {}};
        if (unitCostCents)
            line.unitCost = Money(*unitCostCents, u"USD");
        Result<qint64> receipt = Database::wait(
            m_ledger->receive(m_admin, locationId, QStringLiteral("Supplier"), QStringLiteral("PO-1"), {line}));
        if (!receipt)
            qWarning() << why(receipt);
        return receipt.ok() ? receipt.value() : 0;
    }

    Status sell(qint64 locationId, const QList<StockLine> &lines, qint64 orderId = 1, const Session *actor = nullptr)
    {
        const Session who = actor ? *actor : m_clerk;
        return Database::wait(m_db->write([who, locationId, lines, orderId](Connection &c) {
            return InventoryLedger::sellInTransaction(c, who, locationId, lines,
                                                      StockReference{QStringLiteral("order"), orderId});
        }));
    }

    std::unique_ptr<TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<InventoryLedger> m_ledger;
    Session m_admin;
    Session m_clerk;
    Session m_vendor;
    qint64 m_adminUser = 0;
    qint64 m_vendorUser = 0;
    qint64 m_vendorId = 0;
    qint64 m_store = 0;
    qint64 m_back = 0;
    qint64 m_shirt = 0;
    qint64 m_mug = 0;
    qint64 m_tea = 0;
};

} // namespace sk::test
