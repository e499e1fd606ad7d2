// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "inventory/Stocktake.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

class TestInventoryStocktake : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void startSnapshotsTheExpectedStock();
    void scansAddAndTypingReplaces();
    void postingWritesTheDifferencesAsCorrections();
    void salesDuringTheCountAreNotLosses();
    void oneOpenCountPerLocation();
    void cancelledAndPostedCountsTakeNoCounts();
    void aCountCanBeNarrowedToAVendor();
    void clerksMayNotCount();

private:
    StocktakeLine line(qint64 stocktakeId, qint64 variantId);

    test::InventoryFixture m_f;
    std::unique_ptr<StocktakeService> m_stocktakes;
};

void TestInventoryStocktake::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_stocktakes = std::make_unique<StocktakeService>(m_f.m_db);
    m_f.receive(m_f.m_shirt, m_f.m_store, 10, 500);
    m_f.receive(m_f.m_mug, m_f.m_store, 3, 250);
}

void TestInventoryStocktake::cleanup()
{
    m_stocktakes.reset();
    m_f.tearDown();
}

StocktakeLine TestInventoryStocktake::line(qint64 stocktakeId, qint64 variantId)
{
    Result<QList<StocktakeLine>> lines = Database::wait(m_stocktakes->lines(m_f.m_admin, stocktakeId));
    if (!lines)
        qWarning() << why(lines);
    for (const StocktakeLine &l : lines.value())
        if (l.variantId == variantId)
            return l;
    return {};
}

void TestInventoryStocktake::startSnapshotsTheExpectedStock()
{
    Result<Stocktake> count = Database::wait(m_stocktakes->start(m_f.m_admin, {m_f.m_store, {}, {}}, u"Year end"_s));
    QVERIFY2(count.ok(), qPrintable(why(count)));
    QCOMPARE(count->status, StocktakeStatus::Open);
    QCOMPARE(count->lineCount, 3);
    QCOMPARE(count->countedCount, 0);
    QCOMPARE(count->locationName, u"Store"_s);
    QCOMPARE(line(count->id, m_f.m_shirt).expected, 10);
    QCOMPARE(line(count->id, m_f.m_mug).expected, 3);
    QCOMPARE(line(count->id, m_f.m_tea).expected, 0);
    QVERIFY(!line(count->id, m_f.m_tea).counted);
    Result<QList<Stocktake>> all = Database::wait(m_stocktakes->list(m_f.m_admin, m_f.m_store));
    QCOMPARE(all->size(), 1);
}

void TestInventoryStocktake::scansAddAndTypingReplaces()
{
    Result<Stocktake> count = Database::wait(m_stocktakes->start(m_f.m_admin, {m_f.m_store, {}, {}}));
    QVERIFY(count.ok());
    QVERIFY(Database::wait(m_stocktakes->countCode(m_f.m_admin, count->id, u"4006381333931"_s, 1)).ok());
    Result<StocktakeLine> scanned = Database::wait(m_stocktakes->countCode(m_f.m_admin, count->id, u"SHIRT-1"_s, 1));
    QVERIFY2(scanned.ok(), qPrintable(why(scanned)));
    QCOMPARE(scanned->counted.value_or(-1), 2);
    Result<StocktakeLine> typed
        = Database::wait(m_stocktakes->countVariant(m_f.m_admin, count->id, m_f.m_shirt, 8, CountMode::Replace));
    QCOMPARE(typed->counted.value_or(-1), 8);
    QCOMPARE(typed->difference(), -2);
    QCOMPARE(typed->differenceValue()->minorUnits(), -1000);

    Result<StocktakeLine> unknown
        = Database::wait(m_stocktakes->countCode(m_f.m_admin, count->id, u"4006381333948"_s, 1));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, ErrorCode::NotFound);
    Result<StocktakeLine> negative
        = Database::wait(m_stocktakes->countVariant(m_f.m_admin, count->id, m_f.m_mug, -1, CountMode::Replace));
    QVERIFY(!negative.ok());
    QCOMPARE(negative.error().code, ErrorCode::InvalidInput);
    QVERIFY2(negative.error().message.contains(u"below zero"_s), qPrintable(negative.error().message));
    QVERIFY(!line(count->id, m_f.m_mug).counted);
    Result<StocktakeLine> cleared = Database::wait(m_stocktakes->clearCount(m_f.m_admin, count->id, m_f.m_shirt));
    QVERIFY(cleared.ok());
    QVERIFY(!cleared->counted);
}

void TestInventoryStocktake::postingWritesTheDifferencesAsCorrections()
{
    Result<Stocktake> count = Database::wait(m_stocktakes->start(m_f.m_admin, {m_f.m_store, {}, {}}));
    QVERIFY(count.ok());
    QVERIFY(Database::wait(m_stocktakes->countVariant(m_f.m_admin, count->id, m_f.m_shirt, 8, CountMode::Replace)).ok());
    QVERIFY(Database::wait(m_stocktakes->countVariant(m_f.m_admin, count->id, m_f.m_mug, 5, CountMode::Replace)).ok());
    const qint64 audit = m_f.count(u"audit_log"_s);
    Result<StocktakePosting> posted = Database::wait(m_stocktakes->post(m_f.m_admin, count->id));
    QVERIFY2(posted.ok(), qPrintable(why(posted)));
    QCOMPARE(posted->linesCorrected, 2);
    QCOMPARE(posted->unitsLost, 2);
    QCOMPARE(posted->unitsGained, 2);
    QCOMPARE(posted->value.minorUnits(), -2 * 500 + 2 * 250);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 8);
    QCOMPARE(m_f.onHand(m_f.m_mug, m_f.m_store), 5);
    QCOMPARE(m_f.onHand(m_f.m_tea, m_f.m_store), 0); // not counted: left alone
    QCOMPARE(m_f.movementSum(m_f.m_shirt, m_f.m_store), 8);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM stock_movements WHERE reason = 'count_correction' AND "
                        "reference_type = 'stocktake' AND reference_id = ?"_s,
                        {count->id})
                 .toLongLong(),
             2);
    QCOMPARE(m_f.count(u"audit_log"_s), audit + 1);
    QCOMPARE(Database::wait(m_stocktakes->get(m_f.m_admin, count->id))->status, StocktakeStatus::Posted);

    Result<StocktakePosting> again = Database::wait(m_stocktakes->post(m_f.m_admin, count->id));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 8);
}

void TestInventoryStocktake::salesDuringTheCountAreNotLosses()
{
    Result<Stocktake> count = Database::wait(m_stocktakes->start(m_f.m_admin, {m_f.m_store, {}, {}}));
    QVERIFY(count.ok());
    // Sold before the shelf was counted: the count sees 9 of the 9 left.
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 1, {}}}, 1).ok());
    QVERIFY(Database::wait(m_stocktakes->countVariant(m_f.m_admin, count->id, m_f.m_shirt, 9, CountMode::Replace)).ok());
    // One mug is missing from the shelf (2 of 3), then one is sold.
    QVERIFY(Database::wait(m_stocktakes->countVariant(m_f.m_admin, count->id, m_f.m_mug, 2, CountMode::Replace)).ok());
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 3, {}}, {m_f.m_mug, 1, {}}}, 2).ok());
    QCOMPARE(line(count->id, m_f.m_shirt).expected, 10);
    QCOMPARE(line(count->id, m_f.m_shirt).difference(), 0);
    QCOMPARE(line(count->id, m_f.m_mug).difference(), -1);

    Result<StocktakePosting> posted = Database::wait(m_stocktakes->post(m_f.m_admin, count->id));
    QVERIFY2(posted.ok(), qPrintable(why(posted)));
    QCOMPARE(posted->linesCorrected, 1);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 6);   // 10 - 1 - 3 sold, nothing lost
    QCOMPARE(m_f.onHand(m_f.m_mug, m_f.m_store), 1);     // 3 - 1 missing - 1 sold
    QCOMPARE(m_f.movementSum(m_f.m_mug, m_f.m_store), 1);
}

void TestInventoryStocktake::oneOpenCountPerLocation()
{
    QVERIFY(Database::wait(m_stocktakes->start(m_f.m_admin, {m_f.m_store, {}, {}})).ok());
    Result<Stocktake> second = Database::wait(m_stocktakes->start(m_f.m_admin, {m_f.m_store, {}, {}}));
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, ErrorCode::Conflict);
    QVERIFY(Database::wait(m_stocktakes->start(m_f.m_admin, {m_f.m_back, {}, {}})).ok());
    Result<Stocktake> nowhere = Database::wait(m_stocktakes->start(m_f.m_admin, {987654, {}, {}}));
    QCOMPARE(nowhere.error().code, ErrorCode::NotFound);
    QCOMPARE(m_f.count(u"stocktakes"_s), 2);
}

void TestInventoryStocktake::cancelledAndPostedCountsTakeNoCounts()
{
    Result<Stocktake> count = Database::wait(m_stocktakes->start(m_f.m_admin, {m_f.m_store, {}, {}}));
    QVERIFY(Database::wait(m_stocktakes->countVariant(m_f.m_admin, count->id, m_f.m_shirt, 1, CountMode::Replace)).ok());
    QVERIFY(Database::wait(m_stocktakes->cancel(m_f.m_admin, count->id)).ok());
    QVERIFY(Database::wait(m_stocktakes->cancel(m_f.m_admin, count->id)).ok());
    Result<StocktakeLine> late
        = Database::wait(m_stocktakes->countVariant(m_f.m_admin, count->id, m_f.m_shirt, 1, CountMode::Add));
    QCOMPARE(late.error().code, ErrorCode::Conflict);
    QCOMPARE(Database::wait(m_stocktakes->post(m_f.m_admin, count->id)).error().code, ErrorCode::Conflict);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 10);
    // After a cancel the location may be counted again.
    Result<Stocktake> next = Database::wait(m_stocktakes->start(m_f.m_admin, {m_f.m_store, {}, {}}));
    QVERIFY2(next.ok(), qPrintable(why(next)));
    QVERIFY(Database::wait(m_stocktakes->post(m_f.m_admin, next->id)).ok());
    QCOMPARE(Database::wait(m_stocktakes->cancel(m_f.m_admin, next->id)).error().code, ErrorCode::Conflict);
}

void TestInventoryStocktake::aCountCanBeNarrowedToAVendor()
{
    Result<Stocktake> count
        = Database::wait(m_stocktakes->start(m_f.m_admin, {m_f.m_store, {}, m_f.m_vendorId}));
    QVERIFY2(count.ok(), qPrintable(why(count)));
    QCOMPARE(count->lineCount, 1);
    // A scanned item outside the scope joins the count.
    Result<StocktakeLine> extra
        = Database::wait(m_stocktakes->countCode(m_f.m_admin, count->id, u"MUG-1"_s, 3, CountMode::Replace));
    QVERIFY2(extra.ok(), qPrintable(why(extra)));
    QCOMPARE(extra->expected, 3);
    QCOMPARE(Database::wait(m_stocktakes->get(m_f.m_admin, count->id))->lineCount, 2);
}

void TestInventoryStocktake::clerksMayNotCount()
{
    Result<Stocktake> count = Database::wait(m_stocktakes->start(m_f.m_clerk, {m_f.m_store, {}, {}}));
    QVERIFY(!count.ok());
    QCOMPARE(count.error().code, ErrorCode::PermissionDenied);
    QCOMPARE(m_f.count(u"stocktakes"_s), 0);
}

QTEST_GUILESS_MAIN(TestInventoryStocktake)
#include "tst_inventory_stocktake.moc"
