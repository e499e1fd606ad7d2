// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "inventory/ReservationExpiry.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

class TestInventoryReservations : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void reserveHoldsStockFromSales();
    void reservingMoreThanAvailableIsRefused();
    void releaseGivesTheStockBack();
    void commitSellsTheReservedStock();
    void releaseAndCommitAreIdempotent();
    void aReservationNeedsAReference();
    void correctionsCannotTakeReservedStock();
    void expiredReservationsAreReleased();
    void expiryRunsByItself();

private:
    Result<QList<qint64>> reserve(qint64 variant, qint64 quantity, qint64 orderId)
    {
        return Database::wait(
            m_f.m_ledger->reserve(m_f.m_clerk, m_f.m_store, {{variant, quantity, {}}}, {u"order"_s, orderId}));
    }

    test::InventoryFixture m_f;
};

void TestInventoryReservations::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_f.receive(m_f.m_shirt, m_f.m_store, 10);
    m_f.receive(m_f.m_mug, m_f.m_store, 3);
}

void TestInventoryReservations::cleanup()
{
    m_f.tearDown();
}

void TestInventoryReservations::reserveHoldsStockFromSales()
{
    Result<QList<qint64>> ids = reserve(m_f.m_shirt, 7, 1);
    QVERIFY2(ids.ok(), qPrintable(why(ids)));
    QCOMPARE(ids->size(), 1);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 10);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 7);
    // Reserving moves no stock: no movement.
    QCOMPARE(m_f.count(u"stock_movements"_s), 2);
    Status sale = m_f.sell(m_f.m_store, {{m_f.m_shirt, 4, {}}});
    QVERIFY(!sale.ok());
    QVERIFY2(sale.error().message.contains(u"3 available"_s), qPrintable(sale.error().message));
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 3, {}}}).ok());
    Result<StockLevel> level = Database::wait(m_f.m_ledger->level(m_f.m_clerk, m_f.m_shirt, m_f.m_store));
    QCOMPARE(level->onHand, 7);
    QCOMPARE(level->reserved, 7);
    QCOMPARE(level->available(), 0);
}

void TestInventoryReservations::reservingMoreThanAvailableIsRefused()
{
    QVERIFY(reserve(m_f.m_shirt, 6, 1).ok());
    Result<QList<qint64>> more = reserve(m_f.m_shirt, 5, 2);
    QVERIFY(!more.ok());
    QCOMPARE(more.error().code, ErrorCode::Conflict);
    QVERIFY2(more.error().message.contains(u"4 available"_s), qPrintable(more.error().message));
    // Two lines, the second short: neither is held.
    Result<QList<qint64>> both = Database::wait(m_f.m_ledger->reserve(
        m_f.m_clerk, m_f.m_store, {{m_f.m_shirt, 1, {}}, {m_f.m_mug, 4, {}}}, {u"cart"_s, 9}));
    QVERIFY(!both.ok());
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 6);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 0);
    QCOMPARE(m_f.count(u"reservations"_s), 1);
    QVERIFY(!reserve(m_f.m_shirt, 0, 3).ok());
    QVERIFY(!reserve(m_f.m_shirt, -1, 3).ok());
}

void TestInventoryReservations::releaseGivesTheStockBack()
{
    QVERIFY(Database::wait(m_f.m_ledger->reserve(m_f.m_clerk, m_f.m_store, {{m_f.m_shirt, 2, {}}, {m_f.m_mug, 3, {}}},
                                                 {u"order"_s, 5}))
                .ok());
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 3);
    Status released = Database::wait(m_f.m_ledger->release(m_f.m_clerk, {u"order"_s, 5}));
    QVERIFY2(released.ok(), qPrintable(why(released)));
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 0);
    QCOMPARE(m_f.onHand(m_f.m_mug, m_f.m_store), 3);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM reservations WHERE status = 'released'"_s).toLongLong(), 2);
}

void TestInventoryReservations::commitSellsTheReservedStock()
{
    QVERIFY(reserve(m_f.m_shirt, 4, 7).ok());
    Status committed = Database::wait(m_f.m_ledger->commit(m_f.m_clerk, {u"order"_s, 7}));
    QVERIFY2(committed.ok(), qPrintable(why(committed)));
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 6);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(m_f.movementSum(m_f.m_shirt, m_f.m_store), 6);
    QCOMPARE(m_f.scalar(u"SELECT reference_id FROM stock_movements WHERE reason = 'sale'"_s).toLongLong(), 7);
    QCOMPARE(m_f.scalar(u"SELECT on_hand_after FROM stock_movements WHERE reason = 'sale'"_s).toLongLong(), 6);
}

void TestInventoryReservations::releaseAndCommitAreIdempotent()
{
    QVERIFY(reserve(m_f.m_shirt, 4, 7).ok());
    QVERIFY(Database::wait(m_f.m_ledger->commit(m_f.m_clerk, {u"order"_s, 7})).ok());
    // A second commit succeeds and sells nothing more.
    QVERIFY(Database::wait(m_f.m_ledger->commit(m_f.m_clerk, {u"order"_s, 7})).ok());
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 6);
    // Releasing a sold reservation is a conflict.
    Status release = Database::wait(m_f.m_ledger->release(m_f.m_clerk, {u"order"_s, 7}));
    QVERIFY(!release.ok());
    QCOMPARE(release.error().code, ErrorCode::Conflict);

    QVERIFY(reserve(m_f.m_shirt, 2, 8).ok());
    QVERIFY(Database::wait(m_f.m_ledger->release(m_f.m_clerk, {u"order"_s, 8})).ok());
    QVERIFY(Database::wait(m_f.m_ledger->release(m_f.m_clerk, {u"order"_s, 8})).ok());
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    Status commit = Database::wait(m_f.m_ledger->commit(m_f.m_clerk, {u"order"_s, 8}));
    QVERIFY(!commit.ok());
    QCOMPARE(commit.error().code, ErrorCode::Conflict);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 6);

    Status unknown = Database::wait(m_f.m_ledger->release(m_f.m_clerk, {u"order"_s, 99}));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, ErrorCode::NotFound);
}

void TestInventoryReservations::aReservationNeedsAReference()
{
    Result<QList<qint64>> none = Database::wait(
        m_f.m_ledger->reserve(m_f.m_clerk, m_f.m_store, {{m_f.m_shirt, 1, {}}}, StockReference{}));
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, ErrorCode::InvalidInput);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    Result<QList<qint64>> vendor = Database::wait(
        m_f.m_ledger->reserve(m_f.m_vendor, m_f.m_store, {{m_f.m_tea, 1, {}}}, {u"order"_s, 1}));
    QCOMPARE(vendor.error().code, ErrorCode::PermissionDenied);
}

void TestInventoryReservations::correctionsCannotTakeReservedStock()
{
    QVERIFY(reserve(m_f.m_shirt, 8, 1).ok());
    Status lost = Database::wait(m_f.m_ledger->adjust(m_f.m_admin, m_f.m_shirt, m_f.m_store, MovementReason::Lost, 3,
                                                      u"Stolen"_s));
    QVERIFY(!lost.ok());
    QVERIFY2(lost.error().message.contains(u"2 available"_s), qPrintable(lost.error().message));
    Status moved = Database::wait(
        m_f.m_ledger->transfer(m_f.m_admin, m_f.m_store, m_f.m_back, {{m_f.m_shirt, 3, {}}}));
    QVERIFY(!moved.ok());
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 10);
}

void TestInventoryReservations::expiredReservationsAreReleased()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(Database::wait(m_f.m_ledger->reserve(m_f.m_clerk, m_f.m_store, {{m_f.m_shirt, 2, {}}}, {u"cart"_s, 1},
                                                 now.addSecs(-60)))
                .ok());
    QVERIFY(Database::wait(m_f.m_ledger->reserve(m_f.m_clerk, m_f.m_store, {{m_f.m_shirt, 3, {}}}, {u"cart"_s, 2},
                                                 now.addSecs(3600)))
                .ok());
    QVERIFY(reserve(m_f.m_shirt, 1, 3).ok()); // no expiry
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 6);
    Result<int> released = Database::wait(m_f.m_db->write(
        [now](Connection &c) { return InventoryLedger::releaseExpiredInTransaction(c, now); }));
    QVERIFY2(released.ok(), qPrintable(why(released)));
    QCOMPARE(released.value(), 1);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 4);
    QCOMPARE(m_f.scalar(u"SELECT status FROM reservations WHERE reference_id = 1"_s).toString(), u"released"_s);
    QCOMPARE(Database::wait(m_f.m_db->write(
                 [now](Connection &c) { return InventoryLedger::releaseExpiredInTransaction(c, now); }))
                 .value(),
             0);
}

void TestInventoryReservations::expiryRunsByItself()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(Database::wait(m_f.m_ledger->reserve(m_f.m_clerk, m_f.m_store, {{m_f.m_shirt, 2, {}}}, {u"cart"_s, 1},
                                                 now.addSecs(1)))
                .ok());
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);
    ReservationExpiry expiry(m_f.m_db);
    QSignalSpy released(&expiry, &ReservationExpiry::released);
    expiry.start(200);
    QVERIFY(released.wait(5000));
    QCOMPARE(released.first().first().toInt(), 1);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    expiry.stop();
}

QTEST_GUILESS_MAIN(TestInventoryReservations)
#include "tst_inventory_reservations.moc"
