// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "inventory/StockLevelSearch.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

class TestInventoryLedger : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void everyVariantStartsWithALevelAtTheStore();
    void receivingAddsStockWithAMovement();
    void receivingUpdatesTheMovingAverageCost();
    void saleTakesStockAndAShortfallNamesTheItem();
    void aShortLineLeavesTheWholeSaleUnwritten();
    void transferMovesStockInOneTransaction();
    void adjustmentsNeedAReasonAndANote();
    void badInputChangesNothing_data();
    void badInputChangesNothing();
    void crossingTheReorderLevelQueuesOneNotice();
    void vendorsSeeOnlyTheirOwnStock();
    void clerksMayNotReceive();
    void movementsAreNewestFirstAndPaged();
    void concurrentRegistersNeverOversell();
    void stockedVariantsCannotBeRemoved();

private:
    test::InventoryFixture m_f;
};

void TestInventoryLedger::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
}

void TestInventoryLedger::cleanup()
{
    m_f.tearDown();
}

void TestInventoryLedger::everyVariantStartsWithALevelAtTheStore()
{
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM stock_levels WHERE location_id = ?"_s, {m_f.m_store}).toLongLong(), 3);
    QCOMPARE(m_f.count(u"stock_movements"_s), 0);
    Result<StockLevel> level = Database::wait(m_f.m_ledger->level(m_f.m_clerk, m_f.m_shirt, m_f.m_back));
    QVERIFY2(level.ok(), qPrintable(why(level)));
    QCOMPARE(level->onHand, 0);
    QCOMPARE(level->reorderLevel, 10);
    QCOMPARE(level->productName, u"Linen shirt"_s);
    QCOMPARE(level->locationName, u"Back room"_s);
}

void TestInventoryLedger::receivingAddsStockWithAMovement()
{
    const qint64 receipt = m_f.receive(m_f.m_shirt, m_f.m_store, 20, 450);
    QVERIFY(receipt > 0);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 20);
    QCOMPARE(m_f.movementSum(m_f.m_shirt, m_f.m_store), 20);
    QCOMPARE(m_f.scalar(u"SELECT reason FROM stock_movements"_s).toString(), u"receive"_s);
    QCOMPARE(m_f.scalar(u"SELECT on_hand_after FROM stock_movements"_s).toLongLong(), 20);
    QCOMPARE(m_f.scalar(u"SELECT reference_id FROM stock_movements WHERE reference_type = 'receipt'"_s).toLongLong(),
             receipt);
    QCOMPARE(m_f.scalar(u"SELECT quantity FROM receipt_lines WHERE receipt_id = ?"_s, {receipt}).toLongLong(), 20);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'stock.received'"_s).toLongLong(), 1);
}

void TestInventoryLedger::receivingUpdatesTheMovingAverageCost()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 10, 400);
    QCOMPARE(m_f.scalar(u"SELECT cost_cents FROM product_variants WHERE id = ?"_s, {m_f.m_shirt}).toLongLong(), 400);
    m_f.receive(m_f.m_shirt, m_f.m_store, 30, 600);
    // (10 x 4.00 + 30 x 6.00) / 40
    QCOMPARE(m_f.scalar(u"SELECT cost_cents FROM product_variants WHERE id = ?"_s, {m_f.m_shirt}).toLongLong(), 550);
    // Stock at every location counts: (40 x 5.50 + 10 x 10.00) / 50
    m_f.receive(m_f.m_shirt, m_f.m_back, 10, 1000);
    QCOMPARE(m_f.scalar(u"SELECT cost_cents FROM product_variants WHERE id = ?"_s, {m_f.m_shirt}).toLongLong(), 640);
    // Received without a cost: the average stays.
    m_f.receive(m_f.m_shirt, m_f.m_back, 5);
    QCOMPARE(m_f.scalar(u"SELECT cost_cents FROM product_variants WHERE id = ?"_s, {m_f.m_shirt}).toLongLong(), 640);
    // Half up: (1 x 1 + 2 x 2) / 3 = 1.67 -> 2
    m_f.receive(m_f.m_mug, m_f.m_store, 1, 1);
    m_f.receive(m_f.m_mug, m_f.m_store, 2, 2);
    QCOMPARE(m_f.scalar(u"SELECT cost_cents FROM product_variants WHERE id = ?"_s, {m_f.m_mug}).toLongLong(), 2);
}

void TestInventoryLedger::saleTakesStockAndAShortfallNamesTheItem()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    Status sold = m_f.sell(m_f.m_store, {{m_f.m_shirt, 3, {}}});
    QVERIFY2(sold.ok(), qPrintable(why(sold)));
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 2);
    QCOMPARE(m_f.scalar(u"SELECT on_hand_after FROM stock_movements WHERE reason = 'sale'"_s).toLongLong(), 2);

    Status tooMany = m_f.sell(m_f.m_store, {{m_f.m_shirt, 3, {}}});
    QVERIFY(!tooMany.ok());
    QCOMPARE(tooMany.error().code, ErrorCode::Conflict);
    QVERIFY2(tooMany.error().message.contains(u"Linen shirt"_s), qPrintable(tooMany.error().message));
    QVERIFY2(tooMany.error().message.contains(u"SHIRT-1"_s), qPrintable(tooMany.error().message));
    QVERIFY2(tooMany.error().message.contains(u"2 available"_s), qPrintable(tooMany.error().message));
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 2);
    QCOMPARE(m_f.count(u"stock_movements"_s), 2);
}

void TestInventoryLedger::aShortLineLeavesTheWholeSaleUnwritten()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    m_f.receive(m_f.m_mug, m_f.m_store, 1);
    const qint64 movements = m_f.count(u"stock_movements"_s);
    // The shirt line is taken first (lower id), then the mug line fails.
    Status sold = m_f.sell(m_f.m_store, {{m_f.m_mug, 2, {}}, {m_f.m_shirt, 1, {}}});
    QVERIFY(!sold.ok());
    QVERIFY2(sold.error().message.contains(u"Tea mug"_s), qPrintable(sold.error().message));
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 5);
    QCOMPARE(m_f.onHand(m_f.m_mug, m_f.m_store), 1);
    QCOMPARE(m_f.count(u"stock_movements"_s), movements);
    // The same line twice counts as one line of the sum.
    QVERIFY(!m_f.sell(m_f.m_store, {{m_f.m_mug, 1, {}}, {m_f.m_mug, 1, {}}}).ok());
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 2, {}}, {m_f.m_shirt, 3, {}}}).ok());
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 0);
}

void TestInventoryLedger::transferMovesStockInOneTransaction()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 10);
    Status moved = Database::wait(m_f.m_ledger->transfer(m_f.m_admin, m_f.m_store, m_f.m_back, {{m_f.m_shirt, 4, {}}},
                                                         u"Restock the back room"_s));
    QVERIFY2(moved.ok(), qPrintable(why(moved)));
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 6);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_back), 4);
    QCOMPARE(m_f.movementSum(m_f.m_shirt, m_f.m_back), 4);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(DISTINCT reference_id) FROM stock_movements WHERE reference_type = 'transfer'"_s)
                 .toLongLong(),
             1);
    QCOMPARE(m_f.scalar(u"SELECT quantity FROM stock_movements WHERE reason = 'transfer_out'"_s).toLongLong(), -4);

    // Back the other way (destination first in lock order) works too.
    QVERIFY(Database::wait(m_f.m_ledger->transfer(m_f.m_admin, m_f.m_back, m_f.m_store, {{m_f.m_shirt, 4, {}}})).ok());
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 10);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_back), 0);

    Status tooMuch = Database::wait(
        m_f.m_ledger->transfer(m_f.m_admin, m_f.m_store, m_f.m_back, {{m_f.m_mug, 1, {}}, {m_f.m_shirt, 11, {}}}));
    QVERIFY(!tooMuch.ok());
    QCOMPARE(tooMuch.error().code, ErrorCode::Conflict);
    QVERIFY2(tooMuch.error().message.contains(u"10 available"_s), qPrintable(tooMuch.error().message));
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 10);
    QCOMPARE(m_f.count(u"transfers"_s), 2);
}

void TestInventoryLedger::adjustmentsNeedAReasonAndANote()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 10);
    QVERIFY(Database::wait(m_f.m_ledger->adjust(m_f.m_admin, m_f.m_shirt, m_f.m_store, MovementReason::Damaged, 2,
                                                u"Torn seam"_s))
                .ok());
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 8);
    QVERIFY(Database::wait(m_f.m_ledger->adjust(m_f.m_admin, m_f.m_shirt, m_f.m_store, MovementReason::Lost, -1,
                                                u"Missing after the fair"_s))
                .ok());
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 7);
    QVERIFY(Database::wait(m_f.m_ledger->adjust(m_f.m_admin, m_f.m_shirt, m_f.m_store, MovementReason::Found, 3,
                                                u"Behind the counter"_s))
                .ok());
    QVERIFY(Database::wait(m_f.m_ledger->adjust(m_f.m_admin, m_f.m_shirt, m_f.m_store,
                                                MovementReason::CountCorrection, -5, u"Recounted"_s))
                .ok());
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 5);
    QCOMPARE(m_f.movementSum(m_f.m_shirt, m_f.m_store), 5);
    QCOMPARE(m_f.scalar(u"SELECT note FROM stock_movements WHERE reason = 'damaged'"_s).toString(), u"Torn seam"_s);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'stock.adjusted'"_s).toLongLong(), 4);

    Status belowZero = Database::wait(m_f.m_ledger->adjust(m_f.m_admin, m_f.m_shirt, m_f.m_store,
                                                           MovementReason::Damaged, 6, u"Flood"_s));
    QVERIFY(!belowZero.ok());
    QCOMPARE(belowZero.error().code, ErrorCode::Conflict);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 5);
}

void TestInventoryLedger::badInputChangesNothing_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("saying");

    QTest::newRow("sale of zero") << u"sell 0"_s << int(ErrorCode::InvalidInput) << u"above zero"_s;
    QTest::newRow("negative sale") << u"sell -2"_s << int(ErrorCode::InvalidInput) << u"above zero"_s;
    QTest::newRow("negative receipt") << u"receive -2"_s << int(ErrorCode::InvalidInput) << u"above zero"_s;
    QTest::newRow("negative cost") << u"receive cost -1"_s << int(ErrorCode::InvalidInput) << u"negative"_s;
    QTest::newRow("unknown variant") << u"sell unknown"_s << int(ErrorCode::NotFound) << u"no product variant"_s;
    QTest::newRow("receive unknown") << u"receive unknown"_s << int(ErrorCode::NotFound) << u"no product variant"_s;
    QTest::newRow("unknown location") << u"receive nowhere"_s << int(ErrorCode::NotFound) << u"no stock location"_s;
    QTest::newRow("transfer to itself") << u"transfer same"_s << int(ErrorCode::InvalidInput) << u"another location"_s;
    QTest::newRow("transfer too much") << u"transfer 11"_s << int(ErrorCode::Conflict) << u"10 available"_s;
    QTest::newRow("adjust without a note") << u"adjust no note"_s << int(ErrorCode::InvalidInput) << u"needs a note"_s;
    QTest::newRow("adjust as a sale") << u"adjust sale"_s << int(ErrorCode::InvalidInput) << u"own workflow"_s;
    QTest::newRow("adjust as a receipt") << u"adjust receive"_s << int(ErrorCode::InvalidInput) << u"own workflow"_s;
    QTest::newRow("adjust as a transfer") << u"adjust transfer"_s << int(ErrorCode::InvalidInput) << u"own workflow"_s;
    QTest::newRow("adjust by zero") << u"adjust 0"_s << int(ErrorCode::InvalidInput) << u"zero"_s;
    QTest::newRow("negative found") << u"adjust found -1"_s << int(ErrorCode::InvalidInput) << u"above zero"_s;
    QTest::newRow("no lines") << u"receive nothing"_s << int(ErrorCode::InvalidInput) << u"at least one"_s;
    QTest::newRow("negative reorder level") << u"reorder -1"_s << int(ErrorCode::InvalidInput) << u"negative"_s;
    QTest::newRow("duplicate location") << u"location STORE"_s << int(ErrorCode::Conflict) << u"exists"_s;
}

void TestInventoryLedger::badInputChangesNothing()
{
    QFETCH(QString, what);
    QFETCH(int, code);
    QFETCH(QString, saying);

    m_f.receive(m_f.m_shirt, m_f.m_store, 10);
    const qint64 movements = m_f.count(u"stock_movements"_s);
    const qint64 audit = m_f.count(u"audit_log"_s);
    const qint64 receipts = m_f.count(u"receipts"_s);
    const qint64 transfers = m_f.count(u"transfers"_s);
    InventoryLedger &ledger = *m_f.m_ledger;
    const Session &admin = m_f.m_admin;
    const auto adjust = [&](MovementReason reason, qint64 quantity, const QString &note) {
        return Database::wait(ledger.adjust(admin, m_f.m_shirt, m_f.m_store, reason, quantity, note));
    };
    const auto receive = [&](qint64 variant, qint64 location, qint64 quantity, std::optional<Money> cost = {}) {
        Result<qint64> r = Database::wait(ledger.receive(admin, location, u"S"_s, u"R"_s, {{variant, quantity, cost}}));
        return r.ok() ? Status::success() : Status(r.error());
    };

    Status result;
    if (what == u"sell 0"_s)
        result = m_f.sell(m_f.m_store, {{m_f.m_shirt, 0, {}}});
    else if (what == u"sell -2"_s)
        result = m_f.sell(m_f.m_store, {{m_f.m_shirt, -2, {}}});
    else if (what == u"receive -2"_s)
        result = receive(m_f.m_shirt, m_f.m_store, -2);
    else if (what == u"receive cost -1"_s)
        result = receive(m_f.m_shirt, m_f.m_store, 2, Money(-1, u"USD"));
    else if (what == u"sell unknown"_s)
        result = m_f.sell(m_f.m_store, {{987654, 1, {}}});
    else if (what == u"receive unknown"_s)
        result = receive(987654, m_f.m_store, 1);
    else if (what == u"receive nowhere"_s)
        result = receive(m_f.m_shirt, 987654, 1);
    else if (what == u"transfer same"_s)
        result = Database::wait(ledger.transfer(admin, m_f.m_store, m_f.m_store, {{m_f.m_shirt, 1, {}}}));
    else if (what == u"transfer 11"_s)
        result = Database::wait(ledger.transfer(admin, m_f.m_store, m_f.m_back, {{m_f.m_shirt, 11, {}}}));
    else if (what == u"adjust no note"_s)
        result = adjust(MovementReason::Damaged, 1, u"   "_s);
    else if (what == u"adjust sale"_s)
        result = adjust(MovementReason::Sale, -1, u"note"_s);
    else if (what == u"adjust receive"_s)
        result = adjust(MovementReason::Receive, 1, u"note"_s);
    else if (what == u"adjust transfer"_s)
        result = adjust(MovementReason::TransferIn, 1, u"note"_s);
    else if (what == u"adjust 0"_s)
        result = adjust(MovementReason::CountCorrection, 0, u"note"_s);
    else if (what == u"adjust found -1"_s)
        result = adjust(MovementReason::Found, -1, u"note"_s);
    else if (what == u"receive nothing"_s) {
        Result<qint64> r = Database::wait(ledger.receive(admin, m_f.m_store, u"S"_s, u"R"_s, {}));
        result = r.ok() ? Status::success() : Status(r.error());
    } else if (what == u"reorder -1"_s)
        result = Database::wait(ledger.setReorderPoint(admin, m_f.m_shirt, m_f.m_store, -1, 0, {}));
    else if (what == u"location STORE"_s) {
        Result<Location> r = Database::wait(ledger.addLocation(admin, u"store"_s, u"Another store"_s));
        result = r.ok() ? Status::success() : Status(r.error());
    } else
        QFAIL("unknown case");

    QVERIFY2(!result.ok(), qPrintable(what));
    QCOMPARE(int(result.error().code), code);
    QVERIFY2(result.error().message.contains(saying, Qt::CaseInsensitive), qPrintable(result.error().message));
    QVERIFY2(result.error().message.endsWith(u'.'), qPrintable(result.error().message));
    QCOMPARE(m_f.count(u"stock_movements"_s), movements);
    QCOMPARE(m_f.count(u"audit_log"_s), audit);
    QCOMPARE(m_f.count(u"receipts"_s), receipts);
    QCOMPARE(m_f.count(u"transfers"_s), transfers);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 10);
    QCOMPARE(m_f.count(u"locations"_s), 2);
}

void TestInventoryLedger::crossingTheReorderLevelQueuesOneNotice()
{
    QVERIFY(Database::wait(m_f.m_ledger->setReorderPoint(m_f.m_admin, m_f.m_shirt, m_f.m_store, 5, 20, u"A-3"_s)).ok());
    m_f.receive(m_f.m_shirt, m_f.m_store, 10);
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 4, {}}}).ok()); // 6 left: above the level
    QCOMPARE(m_f.count(u"outbox"_s), 0);
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 1, {}}}).ok()); // 5: at the level
    // The shop's own product: the administrators only.
    QCOMPARE(m_f.count(u"outbox"_s), 1);
    QCOMPARE(m_f.scalar(u"SELECT recipient_user_id FROM outbox"_s).toLongLong(), m_f.m_adminUser);
    QCOMPARE(m_f.scalar(u"SELECT kind FROM outbox"_s).toString(), u"low_stock"_s);
    QCOMPARE(m_f.scalar(u"SELECT status FROM outbox"_s).toString(), u"pending"_s);
    QVERIFY(m_f.scalar(u"SELECT subject FROM outbox"_s).toString().contains(u"SHIRT-1"_s));
    QVERIFY(m_f.scalar(u"SELECT payload FROM outbox"_s).toString().contains(u"\"available\":5"_s));
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 1, {}}}).ok()); // still below: no new notice
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 1, {}}}).ok());
    QCOMPARE(m_f.count(u"outbox"_s), 1);
    // Up again and down again the same day: deduplicated.
    m_f.receive(m_f.m_shirt, m_f.m_store, 10);
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 10, {}}}).ok());
    QCOMPARE(m_f.count(u"outbox"_s), 1);

    // A vendor's product: the vendor's account too.
    m_f.receive(m_f.m_tea, m_f.m_store, 11);
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_tea, 1, {}}}).ok()); // 10 = default level
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM outbox WHERE payload LIKE '%TEA-1%'"_s).toLongLong(), 2);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM outbox WHERE recipient_user_id = ?"_s, {m_f.m_vendorUser}).toLongLong(),
             1);

    // A sale that fails writes no notice either.
    m_f.receive(m_f.m_mug, m_f.m_store, 11);
    const qint64 before = m_f.count(u"outbox"_s);
    QVERIFY(!m_f.sell(m_f.m_store, {{m_f.m_mug, 1, {}}, {m_f.m_tea, 100, {}}}).ok());
    QCOMPARE(m_f.count(u"outbox"_s), before);
}

void TestInventoryLedger::vendorsSeeOnlyTheirOwnStock()
{
    m_f.receive(m_f.m_tea, m_f.m_store, 4);
    m_f.receive(m_f.m_shirt, m_f.m_store, 4);
    Result<StockLevel> own = Database::wait(m_f.m_ledger->level(m_f.m_vendor, m_f.m_tea, m_f.m_store));
    QVERIFY2(own.ok(), qPrintable(why(own)));
    QCOMPARE(own->onHand, 4);
    Result<StockLevel> other = Database::wait(m_f.m_ledger->level(m_f.m_vendor, m_f.m_shirt, m_f.m_store));
    QVERIFY(!other.ok());
    QCOMPARE(other.error().code, ErrorCode::NotFound);
    QVERIFY(!Database::wait(m_f.m_ledger->movements(m_f.m_vendor, m_f.m_shirt, {}, {}, 10)).ok());

    StockLevelSearch search(m_f.m_db);
    Result<QList<qint64>> ids = Database::wait(search.orderedIds(m_f.m_vendor, {}));
    QVERIFY2(ids.ok(), qPrintable(why(ids)));
    Result<QList<StockLevel>> rows = Database::wait(search.rows(m_f.m_vendor, ids.value()));
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().sku, u"TEA-1"_s);
    QCOMPARE(rows->first().vendorName, u"Acme"_s);
    // Asking for everything by id still shows only their own.
    Result<QList<qint64>> all = Database::wait(search.orderedIds(m_f.m_admin, {}));
    QCOMPARE(all->size(), 3); // the three variants at the store
    QCOMPARE(Database::wait(search.rows(m_f.m_vendor, all.value()))->size(), 1);
    Result<qint64> scanned = Database::wait(search.variantForCode(m_f.m_vendor, u"SHIRT-1"_s));
    QVERIFY(!scanned.ok());
    QCOMPARE(scanned.error().code, ErrorCode::NotFound);

    // Vendors may not change stock at all.
    Result<qint64> receipt = Database::wait(
        m_f.m_ledger->receive(m_f.m_vendor, m_f.m_store, u"S"_s, u"R"_s, {{m_f.m_tea, 1, {}}}));
    QVERIFY(!receipt.ok());
    QCOMPARE(receipt.error().code, ErrorCode::PermissionDenied);
}

void TestInventoryLedger::clerksMayNotReceive()
{
    Result<qint64> receipt = Database::wait(
        m_f.m_ledger->receive(m_f.m_clerk, m_f.m_store, u"S"_s, u"R"_s, {{m_f.m_shirt, 1, {}}}));
    QVERIFY(!receipt.ok());
    QCOMPARE(receipt.error().code, ErrorCode::PermissionDenied);
    Status adjusted = Database::wait(
        m_f.m_ledger->adjust(m_f.m_clerk, m_f.m_shirt, m_f.m_store, MovementReason::Found, 1, u"n"_s));
    QCOMPARE(adjusted.error().code, ErrorCode::PermissionDenied);
    QCOMPARE(m_f.count(u"stock_movements"_s), 0);
    // ... but sell, and find by code.
    m_f.receive(m_f.m_shirt, m_f.m_store, 2);
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 1, {}}}).ok());
    StockLevelSearch search(m_f.m_db);
    QCOMPARE(Database::wait(search.variantForCode(m_f.m_clerk, u"4006381333931"_s)).value(), m_f.m_shirt);
    QCOMPARE(Database::wait(search.variantForCode(m_f.m_clerk, u"shirt-1"_s)).value(), m_f.m_shirt);
    Result<qint64> unknown = Database::wait(search.variantForCode(m_f.m_clerk, u"4006381333948"_s));
    QVERIFY(!unknown.ok());
    QVERIFY2(unknown.error().message.contains(u"4006381333948"_s), qPrintable(unknown.error().message));
}

void TestInventoryLedger::movementsAreNewestFirstAndPaged()
{
    for (int i = 1; i <= 5; ++i)
        m_f.receive(m_f.m_shirt, m_f.m_store, i);
    Result<QList<StockMovement>> first = Database::wait(m_f.m_ledger->movements(m_f.m_admin, m_f.m_shirt, {}, {}, 3));
    QVERIFY2(first.ok(), qPrintable(why(first)));
    QCOMPARE(first->size(), 3);
    QCOMPARE(first->at(0).quantity, 5);
    QCOMPARE(first->at(0).onHandAfter, 15);
    QCOMPARE(first->at(0).reason, MovementReason::Receive);
    QCOMPARE(first->at(0).userId, m_f.m_adminUser);
    QCOMPARE(first->at(0).userName, u"Test User"_s);
    Result<QList<StockMovement>> rest
        = Database::wait(m_f.m_ledger->movements(m_f.m_admin, m_f.m_shirt, m_f.m_store, first->last().id, 3));
    QCOMPARE(rest->size(), 2);
    QCOMPARE(rest->at(1).quantity, 1);
}

void TestInventoryLedger::concurrentRegistersNeverOversell()
{
    constexpr qint64 initial = 60;
    m_f.receive(m_f.m_shirt, m_f.m_store, initial);
    m_f.receive(m_f.m_mug, m_f.m_store, initial);
    // Four registers, each with its own connections, selling both items in
    // opposite line orders until they are gone.
    std::vector<std::shared_ptr<Database>> registers;
    for (int i = 0; i < 4; ++i) {
        Result<std::shared_ptr<Database>> opened = Database::open(m_f.m_testDb->url(), {1, false});
        QVERIFY2(opened.ok(), qPrintable(why(opened)));
        registers.push_back(opened.value());
    }
    QList<QFuture<Status>> sales;
    const Session clerk = m_f.m_clerk;
    const qint64 store = m_f.m_store;
    for (int round = 0; round < 25; ++round)
        for (size_t r = 0; r < registers.size(); ++r) {
            const qint64 units = 1 + (round + qint64(r)) % 3;
            const QList<StockLine> lines = r % 2 ? QList<StockLine>{{m_f.m_shirt, units, {}}, {m_f.m_mug, units, {}}}
                                                 : QList<StockLine>{{m_f.m_mug, units, {}}, {m_f.m_shirt, units, {}}};
            sales.append(registers[r]->write([clerk, store, lines, round](Connection &c) {
                return InventoryLedger::sellInTransaction(c, clerk, store, lines, {u"order"_s, round + 1});
            }));
        }
    qint64 soldUnits = 0;
    int refused = 0;
    for (QFuture<Status> &sale : sales) {
        Status result = Database::wait(sale);
        if (result.ok())
            continue;
        QCOMPARE(result.error().code, ErrorCode::Conflict);
        ++refused;
    }
    registers.clear();
    soldUnits = -m_f.scalar(u"SELECT COALESCE(SUM(quantity), 0) FROM stock_movements WHERE reason = 'sale' AND "
                              "variant_id = ?"_s,
                              {m_f.m_shirt})
                     .toLongLong();
    QVERIFY(refused > 0);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), initial - soldUnits);
    QCOMPARE(m_f.onHand(m_f.m_mug, m_f.m_store), m_f.onHand(m_f.m_shirt, m_f.m_store));
    QVERIFY(m_f.onHand(m_f.m_shirt, m_f.m_store) >= 0);
    QCOMPARE(m_f.movementSum(m_f.m_shirt, m_f.m_store), m_f.onHand(m_f.m_shirt, m_f.m_store));
    QCOMPARE(m_f.movementSum(m_f.m_mug, m_f.m_store), m_f.onHand(m_f.m_mug, m_f.m_store));
}

void TestInventoryLedger::stockedVariantsCannotBeRemoved()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 1);
    ProductService products(m_f.m_db);
    const qint64 shirtProduct
        = m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {m_f.m_shirt}).toLongLong();
    Status removed = Database::wait(products.remove(m_f.m_admin, shirtProduct));
    QVERIFY(!removed.ok());
    QCOMPARE(removed.error().code, ErrorCode::Conflict);
    QVERIFY2(removed.error().message.contains(u"SHIRT-1"_s) && removed.error().message.contains(u"stock movements"_s),
             qPrintable(removed.error().message));
    QCOMPARE(m_f.count(u"products"_s), 3);

    // A variant dropped from a product in an edit: refused the same way.
    Result<Product> shirt = Database::wait(products.get(m_f.m_admin, shirtProduct));
    QVERIFY(shirt.ok());
    ProductDraft draft;
    draft.name = shirt->name;
    VariantDraft small;
    small.sku = u"SHIRT-S"_s;
    small.price = u"10.00"_s;
    small.options = {{u"size"_s, u"S"_s}};
    VariantDraft large = small;
    large.sku = u"SHIRT-L"_s;
    large.options = {{u"size"_s, u"L"_s}};
    draft.variants = {small, large};
    Result<Product> edited = Database::wait(products.update(m_f.m_admin, shirtProduct, shirt->version, draft));
    QVERIFY(!edited.ok());
    QCOMPARE(edited.error().code, ErrorCode::Conflict);
    QVERIFY2(edited.error().message.contains(u"SHIRT-1"_s), qPrintable(edited.error().message));
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM product_variants WHERE product_id = ?"_s, {shirtProduct}).toLongLong(),
             1);

    // Never stocked: goes, with its zero level.
    const qint64 mugProduct
        = m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {m_f.m_mug}).toLongLong();
    Status mugRemoved = Database::wait(products.remove(m_f.m_admin, mugProduct));
    QVERIFY2(mugRemoved.ok(), qPrintable(why(mugRemoved)));
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM stock_levels WHERE variant_id = ?"_s, {m_f.m_mug}).toLongLong(), 0);
}

QTEST_GUILESS_MAIN(TestInventoryLedger)
#include "tst_inventory_ledger.moc"
