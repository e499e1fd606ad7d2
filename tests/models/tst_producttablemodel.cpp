// ProductTableModel: the first screen, then the id list, then windows of rows
// fetched on demand with placeholders meanwhile; answers for an older query
// dropped; a bounded window cache far down a million rows; header clicks
// mapped to ProductSort; rows changed by another register re-read where
// they are loaded. A source that answers by hand lets each test hold
// answers back and release them in the order it wants; one test runs the
// model on a database with a ChangeWatcher.

#include "ProductTableModel.h"
#include "TestDatabase.h"
#include "TestSessions.h"
#include "catalog/ProductService.h"
#include "db/ChangeLog.h"
#include "db/ChangeWatcher.h"
#include "db/Database.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QImage>
#include <QPromise>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

// A catalog in memory that answers like ProductSearch: names "Product
// 000001"..., prices rising with the id, ratings falling.
class FakeCatalog {
public:
    explicit FakeCatalog(int products) : m_products(products) {}

    // While held, answers wait in these lists until release*().
    bool hold = false;
    int pageCalls = 0;
    int idsCalls = 0;
    QList<QList<qint64>> rowRequests;
    std::optional<Error> failure;
    QByteArray thumbnail;

    ProductTableModel::Source source()
    {
        ProductTableModel::Source source;
        source.firstScreen = [this](const Session &, const ProductSearchQuery &query, int limit) {
            ++pageCalls;
            ProductPage page;
            const QList<qint64> ids = orderedIds(query);
            for (qint64 id : ids.first(std::min<qsizetype>(limit, ids.size())))
                page.rows.append(row(id));
            return answer<ProductPage>(m_pages, page);
        };
        source.orderedIds = [this](const Session &, const ProductSearchQuery &query) {
            ++idsCalls;
            ProductIdList list;
            list.ids = orderedIds(query);
            return answer<ProductIdList>(m_idLists, list);
        };
        source.rows = [this](const Session &, const QList<qint64> &ids) {
            rowRequests.append(ids);
            QList<ProductRow> rows;
            for (qint64 id : ids)
                if (id <= m_products && !m_deleted.contains(id))
                    rows.append(row(id));
            return answer<QList<ProductRow>>(m_rows, rows);
        };
        return source;
    }

    ProductRow row(qint64 id) const
    {
        ProductRow row;
        row.id = id;
        row.name = m_renamed.value(id, u"Product %1"_s.arg(id, 6, 10, QLatin1Char('0')));
        row.sku = u"SKU-%1"_s.arg(id);
        row.brand = u"Brand %1"_s.arg(id % 7);
        row.categoryName = u"Kitchen"_s;
        row.status = id % 10 == 0 ? ProductStatus::Discontinued : ProductStatus::Active;
        row.minPrice = Money(id * 150, u"USD");
        row.averageRatingHundredths = id % 2 ? 450 : 0;
        row.reviewCount = id % 2 ? 12 : 0;
        row.variantCount = 1 + int(id % 3);
        row.createdAt = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC).addSecs(id);
        row.thumbnail = thumbnail;
        return row;
    }

    QList<qint64> orderedIds(const ProductSearchQuery &query) const
    {
        QList<qint64> ids;
        ids.reserve(m_products);
        for (qint64 id = 1; id <= m_products; ++id)
            if (query.text.isEmpty() || row(id).name.contains(query.text))
                ids.append(id);
        if (query.sort == ProductSort::PriceHigh || query.sort == ProductSort::Newest)
            std::reverse(ids.begin(), ids.end());
        return ids;
    }

    void deleteProduct(qint64 id) { m_deleted.insert(id); }
    // Another register renames it; the ordering stays by id.
    void rename(qint64 id, const QString &name) { m_renamed.insert(id, name); }

    void releasePages() { release(m_pages); }
    void releaseIds() { release(m_idLists); }
    void releaseRows() { release(m_rows); }
    void releaseLastRows()
    {
        QList<Pending<QList<ProductRow>>> last{m_rows.takeLast()};
        release(last);
    }
    void releaseAll()
    {
        releasePages();
        releaseIds();
        releaseRows();
    }
    int pendingRows() const { return int(m_rows.size()); }

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

    qint64 m_products;
    QSet<qint64> m_deleted;
    QHash<qint64, QString> m_renamed;
    QList<Pending<ProductPage>> m_pages;
    QList<Pending<ProductIdList>> m_idLists;
    QList<Pending<QList<ProductRow>>> m_rows;
};

Session clerk()
{
    Session session;
    session.userId = 7;
    session.email = u"clara@corner.shop"_s;
    session.role = Role::Clerk;
    return session;
}

QString name(const ProductTableModel &model, int row)
{
    return model.index(row, ProductTableModel::NameColumn).data().toString();
}

} // namespace

class TestProductTableModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void passesTheModelTester();
    void showsTheFirstScreenThenTheCount();
    void showsPlaceholdersUntilAWindowLands();
    void doesNotAskForAWindowTwice();
    void dropsAnswersForAnOlderQuery();
    void loadsWindowsAtFarPositions();
    void keepsTheWindowCacheBounded();
    void mapsHeaderClicksToSorts_data();
    void mapsHeaderClicksToSorts();
    void sortsInTheQuery();
    void showsColumnsOfAProduct();
    void decodesThumbnailsOnce();
    void reloadKeepsRowsOnScreen();
    void marksProductsThatVanished();
    void reportsAFailureOnce();
    void refreshRereadsOnlyLoadedRows();
    void refreshMarksProductsThatVanished();
    void refreshDropsAnswersForAnOlderQuery();
    void refreshAppliesOnlyTheLatestAnswer();
    void refreshRereadsAWindowThatWasOnItsWay();
    void showsChangesFromAnotherConnection();
};

void TestProductTableModel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestProductTableModel::passesTheModelTester()
{
    FakeCatalog catalog(1'000);
    ProductTableModel model(catalog.source());
    model.setWindowRows(50);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(model.rowCount(), 1'000);
    for (int row : {0, 120, 999, 500}) {
        QVERIFY(model.index(row, ProductTableModel::NameColumn).data().isValid());
        QTRY_VERIFY(model.isRowLoaded(row));
    }
    ProductSearchQuery query;
    query.text = u"00012"_s;
    model.setQuery(query);
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(model.rowCount(), 11); // 120..129 and 12
    model.sort(ProductTableModel::PriceColumn, Qt::DescendingOrder);
    QTRY_VERIFY(model.hasIds());
    QTRY_VERIFY(model.isRowLoaded(10));
    model.reload();
    QTRY_VERIFY(!model.isLoading());
    model.setQuery({});
    QTRY_COMPARE(model.rowCount(), 1'000);
}

void TestProductTableModel::showsTheFirstScreenThenTheCount()
{
    FakeCatalog catalog(1'000);
    catalog.hold = true;
    ProductTableModel model(catalog.source());
    QSignalSpy loading(&model, &ProductTableModel::loadingChanged);
    QSignalSpy total(&model, &ProductTableModel::totalCountChanged);
    model.setSession(clerk());
    QVERIFY(model.isLoading());
    QCOMPARE(loading.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), -1);

    catalog.releasePages();
    QTRY_VERIFY(model.hasFirstScreen());
    QCOMPARE(model.rowCount(), ProductTableModel::DefaultFirstScreenRows);
    QCOMPARE(name(model, 0), u"Product 000001"_s);
    QVERIFY(model.isRowLoaded(59));
    QCOMPARE(model.totalCount(), -1);
    QVERIFY(model.isLoading());

    catalog.releaseIds();
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(model.rowCount(), 1'000);
    QCOMPARE(model.totalCount(), 1'000);
    QVERIFY(!model.isTruncated());
    QVERIFY(!model.isLoading());
    QCOMPARE(loading.size(), 2);
    QCOMPARE(total.size(), 1);
    QCOMPARE(total.constLast().constFirst().toLongLong(), 1'000);
    // The first screen's rows need no window.
    QCOMPARE(name(model, 59), u"Product 000060"_s);
    QTest::qWait(20);
    QCOMPARE(catalog.rowRequests.size(), 0);
}

void TestProductTableModel::showsPlaceholdersUntilAWindowLands()
{
    FakeCatalog catalog(1'000);
    catalog.hold = true;
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    catalog.releasePages();
    catalog.releaseIds();
    QTRY_VERIFY(model.hasIds());

    const QModelIndex far = model.index(530, ProductTableModel::NameColumn);
    QCOMPARE(far.data().toString(), u"Loading…"_s);
    QCOMPARE(model.index(530, ProductTableModel::PriceColumn).data(), QVariant());
    QCOMPARE(far.data(ProductTableModel::IsLoadedRole).toBool(), false);
    // The id is known before the row is.
    QCOMPARE(far.data(ProductTableModel::ProductIdRole).toLongLong(), 531);
    QTRY_COMPARE(catalog.rowRequests.size(), 1);
    QList<qint64> expected;
    for (qint64 id = 501; id <= 600; ++id)
        expected.append(id);
    QCOMPARE(catalog.rowRequests.constFirst(), expected);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy landed(&model, &ProductTableModel::windowLoaded);
    catalog.releaseRows();
    QVERIFY(landed.wait());
    QCOMPARE(landed.constFirst().at(0).toInt(), 500);
    QCOMPARE(landed.constFirst().at(1).toInt(), 599);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().at(0).value<QModelIndex>().row(), 500);
    QCOMPARE(changed.constFirst().at(1).value<QModelIndex>().row(), 599);
    QCOMPARE(far.data().toString(), u"Product 000531"_s);
    QVERIFY(far.data(ProductTableModel::IsLoadedRole).toBool());
}

void TestProductTableModel::doesNotAskForAWindowTwice()
{
    FakeCatalog catalog(1'000);
    catalog.hold = true;
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    catalog.releasePages();
    catalog.releaseIds();
    QTRY_VERIFY(model.hasIds());

    // A paint asks for every cell of every visible row.
    for (int row = 300; row < 340; ++row)
        for (int column = 0; column < model.columnCount(); ++column)
            model.index(row, column).data();
    QTRY_COMPARE(model.windowsInFlight(), 1);
    for (int row = 300; row < 340; ++row)
        model.index(row, ProductTableModel::NameColumn).data();
    QTest::qWait(20);
    QCOMPARE(catalog.rowRequests.size(), 1);
    QCOMPARE(model.windowRequests(), 1);

    catalog.releaseRows();
    QTRY_VERIFY(model.isRowLoaded(339));
    model.index(310, ProductTableModel::NameColumn).data();
    QTest::qWait(20);
    QCOMPARE(catalog.rowRequests.size(), 1);
}

void TestProductTableModel::dropsAnswersForAnOlderQuery()
{
    FakeCatalog catalog(1'000);
    catalog.hold = true;
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    // A clerk types "0", "00", "000" quickly: each keystroke is a query.
    for (const QString &text : {u"0"_s, u"00"_s, u"000"_s}) {
        ProductSearchQuery query;
        query.text = text;
        model.setQuery(query);
    }
    QCOMPARE(catalog.pageCalls, 4);
    QCOMPARE(catalog.idsCalls, 4);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    catalog.releasePages();
    catalog.releaseIds();
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(model.droppedStaleResults(), 6);
    QCOMPARE(reset.size(), 0);
    // Only "000" counts.
    ProductSearchQuery last;
    last.text = u"000"_s;
    QCOMPARE(model.rowCount(), catalog.orderedIds(last).size());
    QCOMPARE(model.query().text, u"000"_s);
    QCOMPARE(inserted.size(), 2); // its first screen, then the rest

    // A window asked for under one query and answered after the next is dropped too.
    model.index(700, ProductTableModel::NameColumn).data();
    QTRY_COMPARE(catalog.pendingRows(), 1);
    ProductSearchQuery narrower;
    narrower.text = u"0009"_s;
    model.setQuery(narrower);
    catalog.releaseAll();
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(model.rowCount(), catalog.orderedIds(narrower).size());
    QCOMPARE(model.droppedStaleResults(), 7);
    QCOMPARE(model.cachedWindows(), 0);
}

void TestProductTableModel::loadsWindowsAtFarPositions()
{
    FakeCatalog catalog(1'000'000);
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(model.rowCount(), 1'000'000);
    QCOMPARE(model.totalCount(), 1'000'000);

    for (int row : {999'999, 500'000, 123'456, 100}) {
        QCOMPARE(name(model, row), u"Loading…"_s);
        QTRY_VERIFY(model.isRowLoaded(row));
        QCOMPARE(name(model, row), u"Product %1"_s.arg(row + 1, 6, 10, QLatin1Char('0')));
    }
    // The last window is short: 999,900..999,999.
    const auto last = std::find_if(catalog.rowRequests.cbegin(), catalog.rowRequests.cend(),
                                   [](const QList<qint64> &ids) { return ids.constFirst() == 999'901; });
    QVERIFY(last != catalog.rowRequests.cend());
    QCOMPARE(last->size(), 100);
    QCOMPARE(catalog.rowRequests.size(), 4);
}

void TestProductTableModel::keepsTheWindowCacheBounded()
{
    FakeCatalog catalog(1'000'000);
    ProductTableModel model(catalog.source());
    model.setMaxCachedWindows(5);
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());

    // A scroll through twenty far-apart screens keeps only the last five.
    for (int step = 0; step < 20; ++step) {
        const int row = step * 40'000 + 70;
        model.index(row, ProductTableModel::NameColumn).data();
        QTRY_VERIFY(model.isRowLoaded(row));
        QVERIFY(model.cachedWindows() <= 5);
    }
    QCOMPARE(model.cachedWindows(), 5);
    QCOMPARE(model.windowRequests(), 20);
    QVERIFY(model.isRowLoaded(19 * 40'000 + 70));
    // The first screen is kept apart from the windows.
    QVERIFY(model.isRowLoaded(7));
    // A window that left the cache long ago is fetched again.
    QVERIFY(!model.isRowLoaded(40'000 + 70));
    QTRY_COMPARE(model.windowRequests(), 21);
    QTRY_VERIFY(model.isRowLoaded(40'000 + 70));
}

void TestProductTableModel::mapsHeaderClicksToSorts_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<std::optional<ProductSort>>("sort");
    QTest::addColumn<int>("indicatorColumn");
    QTest::addColumn<Qt::SortOrder>("indicatorOrder");

    const auto none = std::optional<ProductSort>();
    QTest::newRow("name") << int(ProductTableModel::NameColumn) << Qt::AscendingOrder
                          << std::optional(ProductSort::Name) << int(ProductTableModel::NameColumn)
                          << Qt::AscendingOrder;
    QTest::newRow("name, second click") << int(ProductTableModel::NameColumn) << Qt::DescendingOrder
                                        << std::optional(ProductSort::Name) << int(ProductTableModel::NameColumn)
                                        << Qt::AscendingOrder;
    QTest::newRow("price low") << int(ProductTableModel::PriceColumn) << Qt::AscendingOrder
                               << std::optional(ProductSort::PriceLow) << int(ProductTableModel::PriceColumn)
                               << Qt::AscendingOrder;
    QTest::newRow("price high") << int(ProductTableModel::PriceColumn) << Qt::DescendingOrder
                                << std::optional(ProductSort::PriceHigh) << int(ProductTableModel::PriceColumn)
                                << Qt::DescendingOrder;
    QTest::newRow("rating") << int(ProductTableModel::RatingColumn) << Qt::AscendingOrder
                            << std::optional(ProductSort::Rating) << int(ProductTableModel::RatingColumn)
                            << Qt::DescendingOrder;
    QTest::newRow("created") << int(ProductTableModel::CreatedColumn) << Qt::DescendingOrder
                             << std::optional(ProductSort::Newest) << int(ProductTableModel::CreatedColumn)
                             << Qt::DescendingOrder;
    QTest::newRow("sku") << int(ProductTableModel::SkuColumn) << Qt::AscendingOrder << none << -1 << Qt::AscendingOrder;
    QTest::newRow("status") << int(ProductTableModel::StatusColumn) << Qt::AscendingOrder << none << -1
                            << Qt::AscendingOrder;
    QTest::newRow("thumbnail") << int(ProductTableModel::ThumbnailColumn) << Qt::AscendingOrder << none << -1
                               << Qt::AscendingOrder;
}

void TestProductTableModel::mapsHeaderClicksToSorts()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(std::optional<ProductSort>, sort);
    QFETCH(int, indicatorColumn);
    QFETCH(Qt::SortOrder, indicatorOrder);

    QCOMPARE(ProductTableModel::sortFor(column, order), sort);
    if (sort) {
        const auto indicator = ProductTableModel::sortIndicatorFor(*sort, false);
        QCOMPARE(indicator.first, indicatorColumn);
        QCOMPARE(indicator.second, indicatorOrder);
    }
}

void TestProductTableModel::sortsInTheQuery()
{
    // Relevance: no column while searching, by name otherwise.
    QCOMPARE(ProductTableModel::sortIndicatorFor(ProductSort::Relevance, true).first, -1);
    QCOMPARE(ProductTableModel::sortIndicatorFor(ProductSort::Relevance, false).first,
             int(ProductTableModel::NameColumn));

    FakeCatalog catalog(500);
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(name(model, 0), u"Product 000001"_s);

    model.sort(ProductTableModel::PriceColumn, Qt::DescendingOrder);
    QCOMPARE(model.query().sort, ProductSort::PriceHigh);
    QTRY_VERIFY(model.hasIds() && model.isRowLoaded(0));
    QCOMPARE(name(model, 0), u"Product 000500"_s);
    QCOMPARE(catalog.idsCalls, 2);

    // A column the database cannot order by changes nothing.
    model.sort(ProductTableModel::BrandColumn, Qt::AscendingOrder);
    QCOMPARE(model.query().sort, ProductSort::PriceHigh);
    QCOMPARE(catalog.idsCalls, 2);
    // Nor does the same sort again.
    model.sort(ProductTableModel::PriceColumn, Qt::DescendingOrder);
    QCOMPARE(catalog.idsCalls, 2);
}

void TestProductTableModel::showsColumnsOfAProduct()
{
    FakeCatalog catalog(50);
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(model.columnCount(), int(ProductTableModel::ColumnCount));
    QCOMPARE(model.headerData(ProductTableModel::PriceColumn, Qt::Horizontal).toString(), u"Price"_s);
    QCOMPARE(model.headerData(ProductTableModel::SkuColumn, Qt::Horizontal).toString(), u"SKU"_s);
    QCOMPARE(model.headerData(ProductTableModel::CreatedColumn, Qt::Horizontal, Qt::InitialSortOrderRole).toInt(),
             int(Qt::DescendingOrder));

    const int row = model.rowOfProduct(10);
    QCOMPARE(row, 9);
    auto cell = [&](int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(cell(ProductTableModel::NameColumn), u"Product 000010"_s);
    QCOMPARE(cell(ProductTableModel::SkuColumn), u"SKU-10"_s);
    QCOMPARE(cell(ProductTableModel::BrandColumn), u"Brand 3"_s);
    QCOMPARE(cell(ProductTableModel::CategoryColumn), u"Kitchen"_s);
    QCOMPARE(cell(ProductTableModel::StatusColumn), productStatusDisplayName(ProductStatus::Discontinued));
    QCOMPARE(cell(ProductTableModel::PriceColumn), u"$15.00"_s);
    QCOMPARE(cell(ProductTableModel::RatingColumn), QString()); // no reviews
    QCOMPARE(cell(ProductTableModel::VariantsColumn), u"2"_s);
    QCOMPARE(cell(ProductTableModel::CreatedColumn), QLocale().toString(QDate(2026, 1, 1), QLocale::ShortFormat));
    QCOMPARE(model.index(row, 0).data(ProductTableModel::StatusNameRole).toString(), u"discontinued"_s);
    QCOMPARE(model.index(row, 0).data(ProductTableModel::PriceMinorUnitsRole).toLongLong(), 1500);
    QCOMPARE(model.index(row, ProductTableModel::PriceColumn).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);

    const int rated = model.rowOfProduct(11);
    QCOMPARE(model.index(rated, ProductTableModel::RatingColumn).data().toString(), u"4.5 (12)"_s);
    QCOMPARE(model.index(rated, ProductTableModel::RatingColumn).data(Qt::ToolTipRole).toString(),
             u"4.50 out of 5 from 12 review(s)"_s);
    QCOMPARE(model.productAt(rated)->sku, u"SKU-11"_s);
    QCOMPARE(model.productIdAt(rated), 11);
}

void TestProductTableModel::decodesThumbnailsOnce()
{
    QImage picture(96, 64, QImage::Format_RGB32);
    picture.fill(Qt::darkCyan);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(picture.save(&buffer, "PNG"));

    FakeCatalog catalog(3);
    catalog.thumbnail = png;
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    const QVariant decoration = model.index(0, ProductTableModel::ThumbnailColumn).data(Qt::DecorationRole);
    QCOMPARE(decoration.typeId(), QMetaType::QImage);
    const QImage image = decoration.value<QImage>();
    QCOMPARE(image.size(), QSize(32, 21)); // scaled to the extent, aspect kept
    QCOMPARE(image.pixelColor(10, 10), QColor(Qt::darkCyan));
    // The same decoded picture the second time, not a new one.
    QCOMPARE(model.index(0, ProductTableModel::ThumbnailColumn).data(Qt::DecorationRole).value<QImage>().cacheKey(),
             image.cacheKey());
    QCOMPARE(model.index(0, ProductTableModel::NameColumn).data(Qt::DecorationRole), QVariant());
}

void TestProductTableModel::reloadKeepsRowsOnScreen()
{
    FakeCatalog catalog(1'000);
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    model.index(400, ProductTableModel::NameColumn).data();
    QTRY_VERIFY(model.isRowLoaded(400));
    const int requestsBefore = model.windowRequests();

    catalog.hold = true;
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.reload();
    QVERIFY(model.isLoading());
    QCOMPARE(reset.size(), 0);
    // The old rows stay visible while the new list is on its way, and no
    // window is asked for before the list says which products it holds.
    QCOMPARE(name(model, 400), u"Product 000401"_s);
    QCOMPARE(name(model, 3), u"Product 000004"_s);
    QTest::qWait(20);
    QCOMPARE(model.windowRequests(), requestsBefore);

    catalog.releaseIds();
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(name(model, 400), u"Product 000401"_s);
    QTRY_COMPARE(model.windowRequests(), requestsBefore + 1);
    catalog.releaseRows();
    QTRY_COMPARE(model.windowsInFlight(), 0);
    QCOMPARE(name(model, 400), u"Product 000401"_s);
    QCOMPARE(reset.size(), 0);
}

void TestProductTableModel::marksProductsThatVanished()
{
    FakeCatalog catalog(300);
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    catalog.deleteProduct(250);
    model.index(249, ProductTableModel::NameColumn).data();
    QTRY_VERIFY(model.isRowLoaded(248));
    QCOMPARE(name(model, 249), u"No longer available"_s);
    QVERIFY(!model.isRowLoaded(249));
    QVERIFY(!model.productAt(249));
    QCOMPARE(name(model, 250), u"Product 000251"_s);
}

void TestProductTableModel::reportsAFailureOnce()
{
    FakeCatalog catalog(100);
    catalog.failure = Error::make(ErrorCode::Unavailable, u"The database cannot be reached. Try again."_s, u"driver"_s);
    ProductTableModel model(catalog.source());
    QSignalSpy failed(&model, &ProductTableModel::loadFailed);
    model.setSession(clerk());
    QTRY_VERIFY(!model.isLoading());
    QTest::qWait(20);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.constFirst().at(0).toString(), u"The database cannot be reached. Try again."_s);
    QCOMPARE(failed.constFirst().at(1).toString(), u"driver"_s);
    QCOMPARE(model.rowCount(), 0);

    catalog.failure.reset();
    model.reload();
    QTRY_VERIFY(model.hasIds());
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(failed.size(), 1);
}

void TestProductTableModel::refreshRereadsOnlyLoadedRows()
{
    FakeCatalog catalog(1'000);
    ProductTableModel model(catalog.source());
    model.setWindowRows(50);
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    model.index(120, ProductTableModel::NameColumn).data();
    QTRY_VERIFY(model.isRowLoaded(120));
    const qsizetype requestsBefore = catalog.rowRequests.size();

    catalog.rename(2, u"Renamed cup"_s);
    catalog.rename(121, u"Renamed mug"_s);
    catalog.rename(900, u"Renamed plate"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.refreshRows({900, 121, 2});
    QTRY_COMPARE(name(model, 1), u"Renamed cup"_s);
    QCOMPARE(name(model, 120), u"Renamed mug"_s);
    // One request, for the two loaded products only; row 899 is read when
    // the view gets there.
    QCOMPARE(catalog.rowRequests.size(), requestsBefore + 1);
    QCOMPARE(catalog.rowRequests.constLast(), (QList<qint64>{2, 121}));
    QCOMPARE(model.refreshRequests(), 1);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 120);
    QVERIFY(!model.isRowLoaded(899));

    // Nothing loaded among them: nothing asked.
    model.refreshRows({950, 951});
    QCOMPARE(model.refreshRequests(), 1);
    model.index(899, ProductTableModel::NameColumn).data();
    QTRY_VERIFY(model.isRowLoaded(899));
    QCOMPARE(name(model, 899), u"Renamed plate"_s);
}

void TestProductTableModel::refreshMarksProductsThatVanished()
{
    FakeCatalog catalog(100);
    ProductTableModel model(catalog.source());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    QTRY_VERIFY(model.isRowLoaded(3));
    catalog.deleteProduct(4);
    model.refreshRows({4});
    QTRY_COMPARE(name(model, 3), u"No longer available"_s);
    QVERIFY(!model.isRowLoaded(3));
    // The row keeps its place until the next query.
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(name(model, 4), u"Product 000005"_s);
}

void TestProductTableModel::refreshDropsAnswersForAnOlderQuery()
{
    FakeCatalog catalog(100);
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    QTRY_VERIFY(model.isRowLoaded(0));
    catalog.hold = true;
    catalog.rename(1, u"Renamed cup"_s);
    model.refreshRows({1});
    QCOMPARE(catalog.pendingRows(), 1);
    ProductSearchQuery query;
    query.sort = ProductSort::PriceHigh;
    model.setQuery(query);
    const int droppedBefore = model.droppedStaleResults();
    catalog.releaseRows();
    QTRY_COMPARE(model.droppedStaleResults(), droppedBefore + 1);
    catalog.hold = false;
    catalog.releaseAll();
    QTRY_VERIFY(model.hasIds());
    QTRY_VERIFY(model.isRowLoaded(99));
    QCOMPARE(name(model, 99), u"Renamed cup"_s);
}

void TestProductTableModel::refreshAppliesOnlyTheLatestAnswer()
{
    FakeCatalog catalog(100);
    ProductTableModel model(catalog.source());
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    QTRY_VERIFY(model.isRowLoaded(0));
    catalog.hold = true;
    catalog.rename(1, u"First name"_s);
    model.refreshRows({1});
    catalog.rename(1, u"Second name"_s);
    model.refreshRows({1});
    QCOMPARE(catalog.pendingRows(), 2);
    // The later answer lands first (another reader was quicker); the older
    // one, landing after it, must not put the first name back.
    catalog.releaseLastRows();
    QTRY_COMPARE(name(model, 0), u"Second name"_s);
    catalog.releaseRows();
    QTest::qWait(20);
    QCOMPARE(name(model, 0), u"Second name"_s);
}

void TestProductTableModel::refreshRereadsAWindowThatWasOnItsWay()
{
    FakeCatalog catalog(1'000);
    ProductTableModel model(catalog.source());
    model.setWindowRows(50);
    model.setSession(clerk());
    QTRY_VERIFY(model.hasIds());
    catalog.hold = true;
    model.index(500, ProductTableModel::NameColumn).data();
    QTRY_COMPARE(model.windowsInFlight(), 1);
    // The window was read before the change committed.
    catalog.rename(501, u"Renamed bowl"_s);
    model.refreshRows({501});
    QCOMPARE(model.refreshRequests(), 0);
    catalog.releaseRows();
    QTRY_COMPARE(model.refreshRequests(), 1);
    QCOMPARE(name(model, 500), u"Product 000501"_s);
    catalog.releaseRows();
    QTRY_COMPARE(name(model, 500), u"Renamed bowl"_s);
}

void TestProductTableModel::showsChangesFromAnotherConnection()
{
    test::TestDatabase testDatabase;
    std::shared_ptr<Database> database = testDatabase.open();
    SK_REQUIRE_DATABASE(testDatabase);
    QVERIFY(database);
    ProductService products(database);
    const Session admin = test::sessionFor(1, Role::Admin);
    QList<qint64> ids;
    for (int i = 1; i <= 3; ++i) {
        ProductDraft draft;
        draft.name = u"Cup %1"_s.arg(i);
        draft.variants = {VariantDraft{}};
        draft.variants[0].sku = u"CUP-%1"_s.arg(i);
        draft.variants[0].price = u"10.00"_s;
        const Result<Product> created = Database::wait(products.create(admin, draft));
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        ids.append(created->id);
    }

    ProductTableModel model(std::make_shared<ProductSearch>(database));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ChangeWatcher watcher(testDatabase.url());
    connect(&watcher, &ChangeWatcher::changed, &model, [&model](const QString &topic, const QList<qint64> &changed) {
        if (topic == ChangeTopic::Products)
            model.refreshRows(changed);
    });
    connect(&watcher, &ChangeWatcher::resynchronise, &model, &ProductTableModel::reload);
    QSignalSpy ready(&watcher, &ChangeWatcher::ready);
    watcher.start();
    QVERIFY(ready.wait(5000));
    model.setSession(admin);
    QTRY_VERIFY(model.hasIds());
    QTRY_VERIFY(model.isRowLoaded(1));
    const int row = model.rowOfProduct(ids.at(1));
    QCOMPARE(name(model, row), u"Cup 2"_s);

    // Another register, on connections of its own.
    Result<std::shared_ptr<Database>> other = Database::open(testDatabase.url(), Database::Options{1, false});
    QVERIFY(other);
    const qint64 productId = ids.at(1);
    QVERIFY(Database::wait(other.value()->write([productId](Connection &connection) -> Status {
        if (Status ok = connection.run(u"UPDATE products SET name = ? WHERE id = ?"_s, {u"Cup two"_s, productId}); !ok)
            return ok;
        return ChangeLog::recordInTransaction(connection, ChangeTopic::Products, {productId});
    })));
    QTRY_COMPARE_WITH_TIMEOUT(name(model, row), u"Cup two"_s, 5000);

    BulkEdit edit;
    edit.productIds = {productId};
    edit.kind = BulkEdit::Kind::PricePercent;
    edit.percentBasisPoints = 1000;
    ProductService otherProducts(other.value());
    QVERIFY(Database::wait(otherProducts.bulkEdit(admin, edit)));
    QTRY_COMPARE_WITH_TIMEOUT(model.index(row, ProductTableModel::PriceColumn).data(ProductTableModel::PriceMinorUnitsRole)
                                  .toLongLong(),
                              qint64(1100), 5000);
    QCOMPARE(name(model, row), u"Cup two"_s);
    watcher.stop();
}

QTEST_GUILESS_MAIN(TestProductTableModel)
#include "tst_producttablemodel.moc"
