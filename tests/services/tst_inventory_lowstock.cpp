// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "catalog/CsvReader.h"
#include "inventory/LowStock.h"
#include "inventory/StockLevelSearch.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

class TestInventoryLowStock : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void suggestedQuantity_data();
    void suggestedQuantity();
    void listsLevelsAtOrBelowTheirReorderLevelEmptiestFirst();
    void pagesWithAKeyset();
    void vendorsSeeTheirOwn();
    void exportsCsv();
    void stockLevelSearchFiltersAndValues();
    void discontinuedItemsAreNotLow();

private:
    test::InventoryFixture m_f;
    std::unique_ptr<LowStock> m_low;
};

void TestInventoryLowStock::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_low = std::make_unique<LowStock>(m_f.m_db);
    // Shirt 25 (above 10), mug 4 (low), tea 0 (out), shirt at the back 10 (at the level).
    m_f.receive(m_f.m_shirt, m_f.m_store, 25, 500);
    m_f.receive(m_f.m_mug, m_f.m_store, 4, 300);
    m_f.receive(m_f.m_shirt, m_f.m_back, 10, 500);
}

void TestInventoryLowStock::cleanup()
{
    m_low.reset();
    m_f.tearDown();
}

void TestInventoryLowStock::suggestedQuantity_data()
{
    QTest::addColumn<qint64>("available");
    QTest::addColumn<qint64>("level");
    QTest::addColumn<qint64>("quantity");
    QTest::addColumn<qint64>("suggested");
    QTest::newRow("up to twice the level") << qint64(4) << qint64(10) << qint64(0) << qint64(16);
    QTest::newRow("empty") << qint64(0) << qint64(10) << qint64(0) << qint64(20);
    QTest::newRow("the reorder quantity") << qint64(4) << qint64(10) << qint64(50) << qint64(50);
    QTest::newRow("never less than the gap") << qint64(0) << qint64(10) << qint64(5) << qint64(20);
    QTest::newRow("level zero") << qint64(0) << qint64(0) << qint64(0) << qint64(1);
}

void TestInventoryLowStock::suggestedQuantity()
{
    QFETCH(qint64, available);
    QFETCH(qint64, level);
    QFETCH(qint64, quantity);
    QFETCH(qint64, suggested);
    QCOMPARE(LowStock::suggestedQuantity(available, level, quantity), suggested);
}

void TestInventoryLowStock::listsLevelsAtOrBelowTheirReorderLevelEmptiestFirst()
{
    Result<LowStockPage> page = Database::wait(m_low->page(m_f.m_clerk, {}, {}, 50));
    QVERIFY2(page.ok(), qPrintable(why(page)));
    QCOMPARE(page->lines.size(), 3);
    QCOMPARE(page->lines.at(0).sku, u"TEA-1"_s);
    QCOMPARE(page->lines.at(0).available, 0);
    QCOMPARE(page->lines.at(0).suggestedQuantity, 20);
    QCOMPARE(page->lines.at(1).sku, u"MUG-1"_s);
    QCOMPARE(page->lines.at(1).suggestedQuantity, 16);
    QCOMPARE(page->lines.at(1).suggestedValue->minorUnits(), 16 * 300);
    QCOMPARE(page->lines.at(2).sku, u"SHIRT-1"_s);
    QCOMPARE(page->lines.at(2).locationName, u"Back room"_s);
    QVERIFY(!page->next);
    QCOMPARE(Database::wait(m_low->count(m_f.m_clerk)).value(), 3);
    LowStockQuery out;
    out.outOfStockOnly = true;
    QCOMPARE(Database::wait(m_low->count(m_f.m_clerk, out)).value(), 1);
    LowStockQuery store;
    store.locationId = m_f.m_store;
    QCOMPARE(Database::wait(m_low->count(m_f.m_clerk, store)).value(), 2);
    // A reorder level of zero takes the mug off the list.
    QVERIFY(Database::wait(m_f.m_ledger->setReorderPoint(m_f.m_admin, m_f.m_mug, m_f.m_store, 0, 0, {})).ok());
    QCOMPARE(Database::wait(m_low->count(m_f.m_clerk)).value(), 2);
}

void TestInventoryLowStock::pagesWithAKeyset()
{
    Result<LowStockPage> first = Database::wait(m_low->page(m_f.m_admin, {}, {}, 2));
    QVERIFY(first.ok());
    QCOMPARE(first->lines.size(), 2);
    QVERIFY(first->next);
    Result<LowStockPage> second = Database::wait(m_low->page(m_f.m_admin, {}, first->next, 2));
    QCOMPARE(second->lines.size(), 1);
    QCOMPARE(second->lines.first().sku, u"SHIRT-1"_s);
    QVERIFY(!second->next);
}

void TestInventoryLowStock::vendorsSeeTheirOwn()
{
    Result<LowStockPage> page = Database::wait(m_low->page(m_f.m_vendor, {}, {}, 50));
    QVERIFY2(page.ok(), qPrintable(why(page)));
    QCOMPARE(page->lines.size(), 1);
    QCOMPARE(page->lines.first().vendorName, u"Acme"_s);
    QCOMPARE(Database::wait(m_low->count(m_f.m_vendor)).value(), 1);
}

void TestInventoryLowStock::exportsCsv()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"reorder.csv"_s);
    Result<qint64> written = Database::wait(m_low->exportCsv(m_f.m_admin, {}, path));
    QVERIFY2(written.ok(), qPrintable(why(written)));
    QCOMPARE(written.value(), 3);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    const QStringList lines = text.split(u"\r\n"_s, Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines.at(0).startsWith(u"location,product,options,sku,barcode,vendor,on_hand"_s), qPrintable(lines.at(0)));
    QCOMPARE(lines.at(2), u"Store,Tea mug,,MUG-1,,,4,0,4,10,16,3.00,48.00"_s);

    Result<qint64> nowhere = Database::wait(m_low->exportCsv(m_f.m_admin, {}, dir.filePath(u"no/such/dir/x.csv"_s)));
    QVERIFY(!nowhere.ok());
    QCOMPARE(nowhere.error().code, ErrorCode::InvalidInput);
}

void TestInventoryLowStock::stockLevelSearchFiltersAndValues()
{
    StockLevelSearch search(m_f.m_db);
    StockLevelQuery query;
    query.text = u"shirt"_s;
    Result<QList<qint64>> ids = Database::wait(search.orderedIds(m_f.m_clerk, query));
    QVERIFY2(ids.ok(), qPrintable(why(ids)));
    QCOMPARE(ids->size(), 2);
    query = {};
    query.state = StockState::OutOfStock;
    QCOMPARE(Database::wait(search.orderedIds(m_f.m_clerk, query))->size(), 1);
    query.state = StockState::InStock;
    QCOMPARE(Database::wait(search.orderedIds(m_f.m_clerk, query))->size(), 3);
    query = {};
    query.text = u"4006381333931"_s;
    query.sort = StockSort::Available;
    query.descending = true;
    Result<QList<qint64>> byCode = Database::wait(search.orderedIds(m_f.m_clerk, query));
    QCOMPARE(byCode->size(), 2);
    Result<QList<StockLevel>> rows = Database::wait(search.rows(m_f.m_clerk, byCode.value()));
    QCOMPARE(rows->first().onHand, 25);
    QCOMPARE(rows->first().unitCost->minorUnits(), 500);

    Result<StockValuation> value = Database::wait(search.valuation(m_f.m_clerk, {}));
    QVERIFY2(value.ok(), qPrintable(why(value)));
    QCOMPARE(value->units, 39);
    QCOMPARE(value->value.minorUnits(), 35 * 500 + 4 * 300);
    QCOMPARE(value->lowCount, 3);
    QCOMPARE(value->outOfStockCount, 1);
}

// The badge (LowStock::count), the low-stock list, the page's Low filter and
// its totals line agree: a discontinued product is not reordered.
void TestInventoryLowStock::discontinuedItemsAreNotLow()
{
    QVERIFY(m_f.run(u"UPDATE products SET status = 'discontinued' WHERE id = "
                    "(SELECT product_id FROM product_variants WHERE id = ?)"_s,
                    {m_f.m_mug})
                .ok());
    Result<qint64> count = Database::wait(m_low->count(m_f.m_clerk, {}));
    QVERIFY2(count.ok(), qPrintable(why(count)));
    QCOMPARE(count.value(), 2);
    StockLevelSearch search(m_f.m_db);
    StockLevelQuery query;
    query.state = StockState::Low;
    QCOMPARE(Database::wait(search.orderedIds(m_f.m_clerk, query))->size(), 2);
    Result<StockValuation> value = Database::wait(search.valuation(m_f.m_clerk, {}));
    QVERIFY2(value.ok(), qPrintable(why(value)));
    QCOMPARE(value->lowCount, 2);
}

QTEST_GUILESS_MAIN(TestInventoryLowStock)
#include "tst_inventory_lowstock.moc"
