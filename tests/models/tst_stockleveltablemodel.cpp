// StockLevelTableModel: the id list, then windows of rows fetched on demand
// with placeholders meanwhile; answers for an older query dropped; live
// refreshes of single rows; a reload that keeps the rows on screen; header
// clicks mapped to StockSort. A source that answers by hand lets each test
// hold answers back and release them in the order it wants.

#include "StockLevelTableModel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QPromise>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

// Stock levels in memory: level id n is variant n at location 1 ("Store"),
// on hand n, reorder level 10, unit cost 1.50 EUR.
class FakeStock {
public:
    explicit FakeStock(int levels) : m_levels(levels) {}

    bool hold = false;
    int idsCalls = 0;
    QList<QList<qint64>> rowRequests;
    std::optional<Error> failure;
    QHash<qint64, qint64> onHandOverride;
    QSet<qint64> vanished;

    StockLevelTableModel::Source source()
    {
        StockLevelTableModel::Source source;
        source.orderedIds = [this](const Session &, const StockLevelQuery &query) {
            ++idsCalls;
            return answer<QList<qint64>>(m_idLists, orderedIds(query));
        };
        source.rows = [this](const Session &, const QList<qint64> &ids) {
            rowRequests.append(ids);
            QList<StockLevel> rows;
            for (qint64 id : ids)
                if (id <= m_levels && !vanished.contains(id))
                    rows.append(level(id));
            return answer<QList<StockLevel>>(m_rows, rows);
        };
        return source;
    }

    StockLevel level(qint64 id) const
    {
        StockLevel level;
        level.id = id;
        level.variantId = id;
        level.productId = id;
        level.locationId = 1;
        level.locationName = u"Store"_s;
        level.productName = u"Item %1"_s.arg(id, 4, 10, QLatin1Char('0'));
        level.sku = u"SKU-%1"_s.arg(id);
        level.onHand = onHandOverride.value(id, id);
        level.reserved = id % 5 == 0 ? 1 : 0;
        level.reorderLevel = 10;
        level.unitCost = Money(150, u"EUR");
        return level;
    }

    QList<qint64> orderedIds(const StockLevelQuery &query) const
    {
        QList<qint64> ids;
        for (qint64 id = 1; id <= m_levels; ++id)
            if (query.text.isEmpty() || level(id).productName.contains(query.text))
                if (query.state != StockState::Low || level(id).available() <= level(id).reorderLevel)
                    ids.append(id);
        if (query.descending)
            std::reverse(ids.begin(), ids.end());
        return ids;
    }

    void releaseIds() { release(m_idLists); }
    void releaseRows() { release(m_rows); }
    void releaseAll()
    {
        releaseIds();
        releaseRows();
    }

private:
    template<typename T>
    struct Pending {
        std::shared_ptr<QPromise<Result<T>>> promise;
        Result<T> value;
    };

    template<typename T>
    QFuture<Result<T>> answer(QList<Pending<T>> &queue, T value)
    {
        Result<T> result = failure ? Result<T>(*failure) : Result<T>(std::move(value));
        if (!hold)
            return QtFuture::makeReadyFuture(result);
        auto promise = std::make_shared<QPromise<Result<T>>>();
        promise->start();
        queue.append({promise, result});
        return promise->future();
    }

    template<typename T>
    static void release(QList<Pending<T>> &queue)
    {
        const QList<Pending<T>> pending = std::exchange(queue, {});
        for (const Pending<T> &item : pending) {
            item.promise->addResult(item.value);
            item.promise->finish();
        }
    }

    qint64 m_levels;
    QList<Pending<QList<qint64>>> m_idLists;
    QList<Pending<QList<StockLevel>>> m_rows;
};

Session clerk()
{
    Session session;
    session.userId = 7;
    session.email = u"clerk@example.com"_s;
    session.role = Role::Clerk;
    return session;
}

QString text(const StockLevelTableModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

bool waitForAllRows(StockLevelTableModel &model)
{
    return QTest::qWaitFor([&model] {
        if (model.isLoading() || !model.hasIds())
            return false;
        for (int row = 0; row < model.rowCount(); ++row)
            if (!model.isRowLoaded(row))
                return false;
        return true;
    });
}

} // namespace

class TestStockLevelTableModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void placeholdersThenRows();
    void columnsShowQuantitiesAndValue();
    void staleAnswersAreDropped();
    void refreshRowsRereadsOnlyLoadedRows();
    void reloadKeepsRowsOnScreen();
    void vanishedLevelsSaySo();
    void failureIsReportedOnce();
    void headerClicksMapToStockSort();
    void findsTheRowOfAVariant();
};

void TestStockLevelTableModel::placeholdersThenRows()
{
    FakeStock stock(250);
    stock.hold = true;
    StockLevelTableModel model(stock.source());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loading(&model, &StockLevelTableModel::loadingChanged);
    model.setSession(clerk());
    QVERIFY(model.isLoading());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), -1);

    stock.releaseIds();
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(model.rowCount(), 250);
    QCOMPARE(model.totalCount(), 250);
    QVERIFY(!model.isLoading());
    // Not loaded yet: a placeholder, and asking for it wants its window.
    QCOMPARE(text(model, 0, StockLevelTableModel::ProductColumn), u"Loading…"_s);
    QCOMPARE(text(model, 0, StockLevelTableModel::OnHandColumn), QString());
    QCOMPARE(text(model, 120, StockLevelTableModel::ProductColumn), u"Loading…"_s);
    QTRY_COMPARE(stock.rowRequests.size(), 2);
    // Asking again while in flight does not ask the database twice.
    QCOMPARE(text(model, 1, StockLevelTableModel::ProductColumn), u"Loading…"_s);
    QTest::qWait(20);
    QCOMPARE(stock.rowRequests.size(), 2);

    stock.releaseRows();
    QTRY_VERIFY(model.isRowLoaded(0));
    QVERIFY(model.isRowLoaded(120));
    QVERIFY(!model.isRowLoaded(220));
    QCOMPARE(text(model, 0, StockLevelTableModel::ProductColumn), u"Item 0001"_s);
    QCOMPARE(model.levelIdAt(120), 121);
    QCOMPARE(model.index(120, 0).data(StockLevelTableModel::LevelIdRole).toLongLong(), 121);
    QCOMPARE(model.index(120, 0).data(StockLevelTableModel::VariantIdRole).toLongLong(), 121);
    QCOMPARE(model.windowRequests(), 2);
}

void TestStockLevelTableModel::columnsShowQuantitiesAndValue()
{
    FakeStock stock(20);
    StockLevelTableModel model(stock.source());
    model.setSession(clerk());
    QVERIFY(waitForAllRows(model));
    // Level 15: on hand 15, one reserved, 14 available, above reorder level 10.
    const int row = model.rowOfLevel(15);
    QCOMPARE(row, 14);
    QCOMPARE(text(model, row, StockLevelTableModel::SkuColumn), u"SKU-15"_s);
    QCOMPARE(text(model, row, StockLevelTableModel::LocationColumn), u"Store"_s);
    QCOMPARE(text(model, row, StockLevelTableModel::OnHandColumn), u"15"_s);
    QCOMPARE(text(model, row, StockLevelTableModel::ReservedColumn), u"1"_s);
    QCOMPARE(text(model, row, StockLevelTableModel::AvailableColumn), u"14"_s);
    QCOMPARE(text(model, row, StockLevelTableModel::ReorderLevelColumn), u"10"_s);
    QCOMPARE(text(model, row, StockLevelTableModel::UnitCostColumn), Money(150, u"EUR").toString(QLocale()));
    QCOMPARE(text(model, row, StockLevelTableModel::ValueColumn), Money(15 * 150, u"EUR").toString(QLocale()));
    QVERIFY(!model.index(row, 0).data(StockLevelTableModel::IsLowRole).toBool());
    // Level 4: low (4 available, reorder at 10); nothing reserved shows empty.
    QVERIFY(model.index(3, 0).data(StockLevelTableModel::IsLowRole).toBool());
    QCOMPARE(text(model, 3, StockLevelTableModel::ReservedColumn), QString());
    QCOMPARE(model.index(3, StockLevelTableModel::OnHandColumn).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);
    QCOMPARE(model.headerData(StockLevelTableModel::AvailableColumn, Qt::Horizontal).toString(), u"Available"_s);
}

void TestStockLevelTableModel::staleAnswersAreDropped()
{
    FakeStock stock(300);
    stock.hold = true;
    StockLevelTableModel model(stock.source());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(clerk());
    StockLevelQuery query;
    query.text = u"Item 01"_s;
    model.setQuery(query);
    query.text = u"Item 002"_s;
    model.setQuery(query);
    QCOMPARE(stock.idsCalls, 3);
    stock.releaseIds();
    QTRY_VERIFY(model.hasIds());
    QTRY_COMPARE(model.droppedStaleResults(), 2);
    QCOMPARE(model.rowCount(), 10); // Item 0020 … Item 0029
    model.index(0, 0).data();
    QTRY_COMPARE(stock.rowRequests.size(), 1);
    stock.releaseRows();
    QVERIFY(waitForAllRows(model));
    QCOMPARE(text(model, 0, StockLevelTableModel::ProductColumn), u"Item 0020"_s);
    // Setting the same query again changes nothing.
    model.setQuery(query);
    QCOMPARE(stock.idsCalls, 3);
}

void TestStockLevelTableModel::refreshRowsRereadsOnlyLoadedRows()
{
    // No model tester here: it reads every row, and this test needs rows
    // that were never asked for.
    FakeStock stock(250);
    StockLevelTableModel model(stock.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    model.index(0, 0).data();
    QTRY_VERIFY(model.isRowLoaded(0));
    QTest::qWait(20);
    QCOMPARE(stock.rowRequests.size(), 1);
    const qsizetype requestsBefore = stock.rowRequests.size();

    // Another register sold two of level 3; level 201 is not loaded and
    // level 9999 is not among the rows.
    stock.onHandOverride.insert(3, 1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy refreshed(&model, &StockLevelTableModel::rowsRefreshed);
    model.refreshRows({3, 201, 9999});
    QTRY_COMPARE(refreshed.size(), 1);
    QCOMPARE(stock.rowRequests.size(), requestsBefore + 1);
    QCOMPARE(stock.rowRequests.constLast(), QList<qint64>{3});
    QCOMPARE(refreshed.constFirst().constFirst().value<QList<qint64>>(), QList<qint64>{3});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().at(0).toModelIndex().row(), 2);
    QCOMPARE(text(model, 2, StockLevelTableModel::OnHandColumn), u"1"_s);
    // No row count change, no reset: the view keeps its place.
    QCOMPARE(model.rowCount(), 250);

    // Nothing loaded among the ids: nothing asked.
    model.refreshRows({201});
    QTest::qWait(20);
    QCOMPARE(stock.rowRequests.size(), requestsBefore + 1);
}

void TestStockLevelTableModel::reloadKeepsRowsOnScreen()
{
    FakeStock stock(30);
    StockLevelTableModel model(stock.source());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(clerk());
    QVERIFY(waitForAllRows(model));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    stock.hold = true;
    stock.onHandOverride.insert(1, 42);
    model.reload();
    QVERIFY(model.isLoading());
    // The old rows stay while the fresh ones are on their way.
    QVERIFY(model.isRowLoaded(0));
    QCOMPARE(text(model, 0, StockLevelTableModel::OnHandColumn), u"1"_s);
    stock.releaseIds();
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(text(model, 0, StockLevelTableModel::ProductColumn), u"Item 0001"_s);
    QTRY_VERIFY(!stock.rowRequests.isEmpty());
    stock.releaseRows();
    QTRY_COMPARE(text(model, 0, StockLevelTableModel::OnHandColumn), u"42"_s);
    QCOMPARE(reset.size(), 0);
}

void TestStockLevelTableModel::vanishedLevelsSaySo()
{
    FakeStock stock(5);
    stock.vanished.insert(2);
    StockLevelTableModel model(stock.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    model.index(0, 0).data();
    QTRY_VERIFY(model.isRowLoaded(0));
    QVERIFY(!model.isRowLoaded(1));
    QCOMPARE(text(model, 1, StockLevelTableModel::ProductColumn), u"No longer available"_s);
    QVERIFY(!model.levelAt(1));
}

void TestStockLevelTableModel::failureIsReportedOnce()
{
    FakeStock stock(300);
    StockLevelTableModel model(stock.source());
    QSignalSpy failed(&model, &StockLevelTableModel::loadFailed);
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    stock.failure = Error::make(ErrorCode::Unavailable, u"The database cannot be reached."_s, u"driver"_s);
    model.index(0, 0).data();
    model.index(150, 0).data();
    QTRY_COMPARE(stock.rowRequests.size(), 2);
    QTRY_COMPARE(failed.size(), 1);
    QTest::qWait(20);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.constFirst().at(0).toString(), u"The database cannot be reached."_s);
    // A failed window is not asked again for this query.
    model.index(0, 0).data();
    QTest::qWait(20);
    QCOMPARE(stock.rowRequests.size(), 2);
}

void TestStockLevelTableModel::headerClicksMapToStockSort()
{
    QCOMPARE(StockLevelTableModel::sortFor(StockLevelTableModel::ProductColumn), StockSort::Name);
    QCOMPARE(StockLevelTableModel::sortFor(StockLevelTableModel::SkuColumn), StockSort::Sku);
    QCOMPARE(StockLevelTableModel::sortFor(StockLevelTableModel::OnHandColumn), StockSort::OnHand);
    QCOMPARE(StockLevelTableModel::sortFor(StockLevelTableModel::AvailableColumn), StockSort::Available);
    QCOMPARE(StockLevelTableModel::sortFor(StockLevelTableModel::ValueColumn), StockSort::Value);
    QVERIFY(!StockLevelTableModel::sortFor(StockLevelTableModel::BinColumn));
    QCOMPARE(StockLevelTableModel::columnFor(StockSort::Available), int(StockLevelTableModel::AvailableColumn));

    FakeStock stock(10);
    StockLevelTableModel model(stock.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    model.sort(StockLevelTableModel::OnHandColumn, Qt::DescendingOrder);
    QCOMPARE(model.query().sort, StockSort::OnHand);
    QVERIFY(model.query().descending);
    QVERIFY(waitForAllRows(model));
    QCOMPARE(text(model, 0, StockLevelTableModel::ProductColumn), u"Item 0010"_s);
    // A column the database does not order by keeps the order.
    model.sort(StockLevelTableModel::BinColumn, Qt::AscendingOrder);
    QCOMPARE(model.query().sort, StockSort::OnHand);
    QCOMPARE(model.headerData(StockLevelTableModel::ValueColumn, Qt::Horizontal, Qt::InitialSortOrderRole).toInt(),
             int(Qt::DescendingOrder));
}

void TestStockLevelTableModel::findsTheRowOfAVariant()
{
    FakeStock stock(250);
    StockLevelTableModel model(stock.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(model.firstLoadedRowOfVariant(7), -1); // not loaded yet
    model.index(0, 0).data();
    QTRY_VERIFY(model.isRowLoaded(0));
    QCOMPARE(model.firstLoadedRowOfVariant(7), 6);
    QCOMPARE(model.firstLoadedRowOfVariant(240), -1);
    QCOMPARE(model.rowOfLevel(240), 239);
}

QTEST_GUILESS_MAIN(TestStockLevelTableModel)

#include "tst_stockleveltablemodel.moc"
