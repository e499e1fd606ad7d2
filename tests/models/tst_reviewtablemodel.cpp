// ReviewTableModel against a temporary database: the model tester, keyset
// pages as a view scrolls, answers for an older query dropped, rows replaced
// in place, stars.

#include "ReviewTableModel.h"
#include "TestDatabase.h"
#include "TestSessions.h"
#include "catalog/ProductService.h"
#include "db/Database.h"
#include "reviews/ReviewService.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestReviewTableModel : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void passesTheModelTester();
    void pagesByKeyAsTheViewAsks();
    void olderAnswersAreDropped();
    void replacedRowsKeepTheirPlace();
    void starsAndColumns();

private:
    bool waitIdle(ReviewTableModel &model);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::shared_ptr<ReviewService> m_reviews;
    Session m_admin;
    QList<qint64> m_ids; // oldest first
};

void TestReviewTableModel::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    SK_REQUIRE_DATABASE(*m_testDb);
    m_db = m_testDb->open();
    QVERIFY(m_db);
    m_reviews = std::make_shared<ReviewService>(m_db);
    m_ids.clear();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Result<qint64> admin = Database::wait(m_db->write([now](Connection &c) {
        return c.insert(u"INSERT INTO users (email, password_hash, first_name, last_name, role, created_at, updated_at) "
                        "VALUES ('boss@shop.test', 'x', 'Olivia', 'Owner', 'admin', ?, ?) RETURNING id"_s,
                        {now, now});
    }));
    QVERIFY(admin.ok());
    m_admin = test::sessionFor(admin.value(), Role::Admin);
    ProductDraft draft;
    draft.name = u"Espresso Cup"_s;
    VariantDraft variant;
    variant.sku = u"CUP-1"_s;
    variant.price = u"4.50"_s;
    draft.variants = {variant};
    const Result<Product> product = Database::wait(ProductService(m_db).create(m_admin, draft));
    QVERIFY(product.ok());
    const qint64 productId = product->id;
    const qint64 variantId = product->variants.constFirst().id;
    for (int i = 0; i < 7; ++i) {
        const Result<QPair<qint64, qint64>> ids =
            Database::wait(m_db->write([&, i](Connection &c) -> Result<QPair<qint64, qint64>> {
                Result<qint64> customer = c.insert(
                    u"INSERT INTO users (email, password_hash, first_name, last_name, role, created_at, updated_at) "
                    "VALUES (?, 'x', ?, 'Tester', 'customer', ?, ?) RETURNING id"_s,
                    {u"c%1@example.test"_s.arg(i), u"Customer%1"_s.arg(i), now, now});
                if (!customer)
                    return customer.error();
                Result<QVariant> location = c.scalar(u"SELECT MIN(id) FROM locations"_s);
                if (!location)
                    return location.error();
                Result<qint64> order = c.insert(
                    u"INSERT INTO orders (order_number, channel, status, customer_id, location_id, currency, "
                    "subtotal_cents, tax_cents, total_cents, created_at, updated_at) VALUES (?, 'online', "
                    "'delivered', ?, ?, 'USD', 450, 0, 450, ?, ?) RETURNING id"_s,
                    {u"W-%1"_s.arg(i), customer.value(), location.value(), now, now});
                if (!order)
                    return order.error();
                Result<qint64> line = c.insert(
                    u"INSERT INTO order_items (order_id, product_id, variant_id, sku, name, quantity, "
                    "list_price_cents, unit_price_cents, subtotal_cents, tax_rate_bp, tax_cents, total_cents) "
                    "VALUES (?, ?, ?, 'CUP-1', 'Espresso Cup', 1, 450, 450, 450, 0, 0, 450) RETURNING id"_s,
                    {order.value(), productId, variantId});
                if (!line)
                    return line.error();
                return qMakePair(customer.value(), order.value());
            }));
        QVERIFY(ids.ok());
        NewReview review;
        review.productId = productId;
        review.orderId = ids->second;
        review.customerId = ids->first;
        review.rating = 1 + i % 5;
        review.title = u"Review %1"_s.arg(i);
        review.createdAt = now.addSecs(-3600 * (7 - i));
        const Result<Review> imported = Database::wait(m_reviews->import(m_admin, review));
        QVERIFY2(imported.ok(), imported.ok() ? "" : qPrintable(imported.error().message));
        m_ids.append(imported->id);
    }
}

void TestReviewTableModel::cleanup()
{
    m_reviews.reset();
    m_db.reset();
    m_testDb.reset();
}

bool TestReviewTableModel::waitIdle(ReviewTableModel &model)
{
    return QTest::qWaitFor([&model] { return model.hasLoadedFirstPage() && !model.isLoading(); }, 5000);
}

void TestReviewTableModel::passesTheModelTester()
{
    ReviewTableModel model(m_reviews);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(3);
    model.setSession(m_admin);
    QVERIFY(waitIdle(model));
    while (model.canFetchMore({})) {
        model.fetchMore({});
        QVERIFY(waitIdle(model));
    }
    QCOMPARE(model.rowCount(), 7);
    ReviewQuery pending;
    pending.status = ReviewStatus::Pending;
    pending.rating = 1;
    model.setQuery(pending);
    QVERIFY(waitIdle(model));
    QCOMPARE(model.rowCount(), 2);
}

void TestReviewTableModel::pagesByKeyAsTheViewAsks()
{
    ReviewTableModel model(m_reviews);
    model.setPageSize(3);
    QSignalSpy counted(&model, &ReviewTableModel::totalCountChanged);
    model.setSession(m_admin);
    QVERIFY(waitIdle(model));
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(counted.count() == 1 || counted.wait(5000));
    QCOMPARE(model.totalCount(), 7);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QVERIFY(waitIdle(model));
    model.fetchMore({});
    QVERIFY(waitIdle(model));
    QCOMPARE(model.rowCount(), 7);
    QVERIFY(!model.canFetchMore({}));
    // Newest first, each once.
    QList<qint64> shown;
    for (int row = 0; row < model.rowCount(); ++row)
        shown.append(model.reviewAt(row).id);
    QList<qint64> expected = m_ids;
    std::reverse(expected.begin(), expected.end());
    QCOMPARE(shown, expected);

    // A reload keeps as many rows as were shown.
    model.reload();
    QVERIFY(waitIdle(model));
    QCOMPARE(model.rowCount(), 7);
}

void TestReviewTableModel::olderAnswersAreDropped()
{
    ReviewTableModel model(m_reviews);
    model.setSession(m_admin);
    // Three queries at once: only the last one's answers land.
    for (int rating = 1; rating <= 3; ++rating) {
        ReviewQuery query;
        query.rating = rating;
        model.setQuery(query);
    }
    QVERIFY(waitIdle(model));
    QTRY_VERIFY(model.droppedStaleResults() >= 2);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.reviewAt(row).rating, 3);
    QTRY_COMPARE(model.totalCount(), model.rowCount());
}

void TestReviewTableModel::replacedRowsKeepTheirPlace()
{
    ReviewTableModel model(m_reviews);
    ReviewQuery pending;
    pending.status = ReviewStatus::Pending;
    model.setQuery(pending);
    model.setSession(m_admin);
    QVERIFY(waitIdle(model));
    const qint64 id = model.reviewAt(2).id;
    const Result<Review> approved = Database::wait(m_reviews->moderate(m_admin, id, ReviewStatus::Approved, {}));
    QVERIFY(approved.ok());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.replaceReview(approved.value());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.rowOfReview(id), 2);
    QCOMPARE(model.index(2, ReviewTableModel::StatusColumn).data().toString(), u"Approved"_s);
    QCOMPARE(model.index(2, ReviewTableModel::StatusColumn).data(ReviewTableModel::StatusNameRole).toString(),
             u"approved"_s);
    // Not among the rows: nothing happens.
    Review stranger = approved.value();
    stranger.id = -1;
    model.replaceReview(stranger);
    QCOMPARE(changed.count(), 1);
}

void TestReviewTableModel::starsAndColumns()
{
    QCOMPARE(ReviewTableModel::stars(0), u"☆☆☆☆☆"_s);
    QCOMPARE(ReviewTableModel::stars(3), u"★★★☆☆"_s);
    QCOMPARE(ReviewTableModel::stars(5), u"★★★★★"_s);
    QCOMPARE(ReviewTableModel::stars(9), u"★★★★★"_s);
    ReviewTableModel model(m_reviews);
    model.setSession(m_admin);
    QVERIFY(waitIdle(model));
    QCOMPARE(model.columnCount(), int(ReviewTableModel::ColumnCount));
    QCOMPARE(model.headerData(ReviewTableModel::RatingColumn, Qt::Horizontal).toString(), u"Rating"_s);
    const QModelIndex rating = model.index(0, ReviewTableModel::RatingColumn);
    QCOMPARE(rating.data(Qt::ToolTipRole).toString(), u"2 of 5 stars"_s); // review 6: 1 + 6 % 5
    QCOMPARE(rating.data(ReviewTableModel::RatingRole).toInt(), 2);
    QCOMPARE(model.index(0, ReviewTableModel::VerifiedColumn).data().toString(), u"Verified"_s);
    QCOMPARE(model.index(0, ReviewTableModel::CustomerColumn).data().toString(), u"Customer6 Tester"_s);
    QCOMPARE(model.index(0, ReviewTableModel::TitleColumn).data().toString(), u"Review 6"_s);
}

QTEST_GUILESS_MAIN(TestReviewTableModel)
#include "tst_reviewtablemodel.moc"
