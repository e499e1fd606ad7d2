// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "catalog/ProductSearch.h"
#include "reviews/ReviewService.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

Q_DECLARE_METATYPE(sk::ReviewStatus)

// Orders are written as rows (an online order of a customer, delivered, with
// its lines), so these tests pin the review rules on their own.
class TestReviewService : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void aCustomerReviewsAProductOfTheirOrder();
    void verifiedOnlyWhenTheOrderHoldsTheProduct();
    void oneReviewPerProductCustomerAndOrder();
    void onlyTheCustomersOwnOrder();
    void badInputWritesNothing_data();
    void badInputWritesNothing();
    void boundsAreInclusive();
    void statusMoves_data();
    void statusMoves();
    void aggregatesFollowApprovedReviewsOnly();
    void averageRoundsHalfUp_data();
    void averageRoundsHalfUp();
    void theCatalogSortsByTheKeptRating();
    void importByAnAdministrator();
    void moderatingManyReportsEachReview();
    void vendorsReplyToTheirOwnProductsOnly();
    void vendorsSeeTheirOwnProductsReviewsOnly();
    void pagesNewestFirstByKey();
    void filters();
    void everyChangeIsAudited();

private:
    qint64 productOf(qint64 variantId);
    qint64 addCustomer(const QString &email);
    qint64 addOrder(qint64 customerId, const QList<qint64> &variantIds);
    Session customer(qint64 id) { return test::sessionFor(id, Role::Customer); }
    Result<Review> write(const Session &who, qint64 productId, qint64 orderId, int rating,
                         const QString &title = u"Nice"_s, const QString &text = u"Does what it says."_s);
    Review approvedReview(qint64 productId, int rating);
    Result<Review> moderate(qint64 reviewId, ReviewStatus to, const QString &note = {});
    QPair<qint64, qint64> aggregates(qint64 productId);
    QString statusOf(qint64 reviewId)
    {
        return m_f.scalar(u"SELECT status FROM reviews WHERE id = ?"_s, {reviewId}).toString();
    }
    qint64 count(const QString &table) { return m_f.count(table); }
    QList<Review> allPages(const Session &who, ReviewQuery query);

    test::InventoryFixture m_f;
    std::unique_ptr<ReviewService> m_reviews;
    qint64 m_shirtProduct = 0;
    qint64 m_mugProduct = 0;
    qint64 m_teaProduct = 0;
    qint64 m_ada = 0;
    qint64 m_bob = 0;
    int m_orders = 0;
};

void TestReviewService::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_reviews = std::make_unique<ReviewService>(m_f.m_db);
    m_shirtProduct = productOf(m_f.m_shirt);
    m_mugProduct = productOf(m_f.m_mug);
    m_teaProduct = productOf(m_f.m_tea);
    m_ada = addCustomer(u"ada@example.test"_s);
    m_bob = addCustomer(u"bob@example.test"_s);
    m_orders = 0;
    QVERIFY(m_shirtProduct > 0 && m_mugProduct > 0 && m_teaProduct > 0 && m_ada > 0 && m_bob > 0);
}

void TestReviewService::cleanup()
{
    m_reviews.reset();
    m_f.tearDown();
}

qint64 TestReviewService::productOf(qint64 variantId)
{
    return m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {variantId}).toLongLong();
}

qint64 TestReviewService::addCustomer(const QString &email)
{
    return m_f.addUser(email, u"customer"_s, {});
}

qint64 TestReviewService::addOrder(qint64 customerId, const QList<qint64> &variantIds)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 lineCents = 1000;
    const qint64 subtotal = lineCents * variantIds.size();
    const qint64 orderId = m_f.insert(
        u"INSERT INTO orders (order_number, channel, status, customer_id, location_id, currency, subtotal_cents, "
        "tax_cents, total_cents, created_at, updated_at) VALUES (?, 'online', 'delivered', ?, ?, 'USD', ?, 0, ?, ?, ?) "
        "RETURNING id"_s,
        {u"W-%1"_s.arg(++m_orders, 6, 10, QLatin1Char('0')), customerId, m_f.m_store, subtotal, subtotal, now, now});
    for (qint64 variantId : variantIds)
        m_f.insert(u"INSERT INTO order_items (order_id, product_id, variant_id, sku, name, quantity, list_price_cents, "
                   "unit_price_cents, subtotal_cents, tax_rate_bp, tax_cents, total_cents) "
                   "SELECT ?, p.id, v.id, v.sku, p.name, 1, ?, ?, ?, 0, 0, ? FROM product_variants v "
                   "JOIN products p ON p.id = v.product_id WHERE v.id = ? RETURNING id"_s,
                   {orderId, lineCents, lineCents, lineCents, lineCents, variantId});
    return orderId;
}

Result<Review> TestReviewService::write(const Session &who, qint64 productId, qint64 orderId, int rating,
                                        const QString &title, const QString &text)
{
    NewReview review;
    review.productId = productId;
    review.orderId = orderId;
    review.rating = rating;
    review.title = title;
    review.text = text;
    return Database::wait(m_reviews->create(who, review));
}

Result<Review> TestReviewService::moderate(qint64 reviewId, ReviewStatus to, const QString &note)
{
    return Database::wait(m_reviews->moderate(m_f.m_admin, reviewId, to, note));
}

// A fresh customer's review of the product on an order holding it, approved.
Review TestReviewService::approvedReview(qint64 productId, int rating)
{
    const qint64 variantId =
        m_f.scalar(u"SELECT MIN(id) FROM product_variants WHERE product_id = ?"_s, {productId}).toLongLong();
    const qint64 someone = addCustomer(u"reviewer%1@example.test"_s.arg(m_orders + 1));
    const qint64 order = addOrder(someone, {variantId});
    const Result<Review> written = write(customer(someone), productId, order, rating);
    if (!written) {
        qWarning() << why(written);
        return {};
    }
    const Result<Review> approved = moderate(written->id, ReviewStatus::Approved);
    if (!approved)
        qWarning() << why(approved);
    return approved.ok() ? approved.value() : Review{};
}

QPair<qint64, qint64> TestReviewService::aggregates(qint64 productId)
{
    const Result<QPair<qint64, qint64>> row = Database::wait(
        m_f.m_db->read([productId](Connection &c) -> Result<QPair<qint64, qint64>> {
            Result<QSqlQuery> q =
                c.exec(u"SELECT review_count, average_rating FROM products WHERE id = ?"_s, {productId});
            if (!q)
                return q.error();
            if (!q.value().next())
                return Error::make(ErrorCode::NotFound, u"no product"_s);
            return qMakePair(q.value().value(0).toLongLong(), q.value().value(1).toLongLong());
        }));
    return row.ok() ? row.value() : qMakePair(qint64(-1), qint64(-1));
}

QList<Review> TestReviewService::allPages(const Session &who, ReviewQuery query)
{
    QList<Review> all;
    for (int guard = 0; guard < 100; ++guard) {
        const Result<QList<Review>> page = Database::wait(m_reviews->page(who, query));
        if (!page) {
            qWarning() << why(page);
            break;
        }
        all += page.value();
        if (page->size() < query.limit)
            break;
        query.continueAfter(page->constLast());
    }
    return all;
}

void TestReviewService::aCustomerReviewsAProductOfTheirOrder()
{
    const qint64 order = addOrder(m_ada, {m_f.m_shirt});
    const Result<Review> review = write(customer(m_ada), m_shirtProduct, order, 4, u"  Good   linen  "_s,
                                        u"\n Soft after two washes.\nRuns a little large. \n"_s);
    QVERIFY2(review.ok(), qPrintable(why(review)));
    QCOMPARE(review->status, ReviewStatus::Pending);
    QCOMPARE(review->rating, 4);
    QCOMPARE(review->title, u"Good linen"_s);
    QCOMPARE(review->text, u"Soft after two washes.\nRuns a little large."_s);
    QCOMPARE(review->customerId, m_ada);
    QCOMPARE(review->orderId, order);
    QCOMPARE(review->orderNumber, u"W-000001"_s);
    QCOMPARE(review->productName, u"Linen shirt"_s);
    QVERIFY(review->verified);
    QVERIFY(review->createdAt.isValid());
    // Pending reviews do not count.
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(0), qint64(0)));

    // Staff do not write reviews as customers.
    const Result<Review> byAdmin = write(m_f.m_admin, m_shirtProduct, order, 5);
    QVERIFY(!byAdmin.ok());
    QCOMPARE(byAdmin.error().code, ErrorCode::PermissionDenied);
    QCOMPARE(count(u"reviews"_s), 1);
}

void TestReviewService::verifiedOnlyWhenTheOrderHoldsTheProduct()
{
    const qint64 order = addOrder(m_ada, {m_f.m_shirt});
    const Result<Review> held = write(customer(m_ada), m_shirtProduct, order, 5);
    const Result<Review> notHeld = write(customer(m_ada), m_mugProduct, order, 2);
    QVERIFY2(held.ok(), qPrintable(why(held)));
    QVERIFY2(notHeld.ok(), qPrintable(why(notHeld)));
    QVERIFY(held->verified);
    QVERIFY(!notHeld->verified);
    QCOMPARE(m_f.scalar(u"SELECT is_verified FROM reviews WHERE id = ?"_s, {notHeld->id}).toInt(), 0);
}

void TestReviewService::oneReviewPerProductCustomerAndOrder()
{
    const qint64 first = addOrder(m_ada, {m_f.m_shirt});
    const qint64 second = addOrder(m_ada, {m_f.m_shirt});
    QVERIFY(write(customer(m_ada), m_shirtProduct, first, 5).ok());
    const qint64 audited = count(u"audit_log"_s);
    const Result<Review> again = write(customer(m_ada), m_shirtProduct, first, 1, u"Changed my mind"_s);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    QVERIFY2(again.error().message.contains(u"W-000001"_s), qPrintable(again.error().message));
    QCOMPARE(count(u"reviews"_s), 1);
    QCOMPARE(count(u"audit_log"_s), audited);
    // Another order of the same product is another review.
    const Result<Review> other = write(customer(m_ada), m_shirtProduct, second, 3);
    QVERIFY2(other.ok(), qPrintable(why(other)));
    QCOMPARE(count(u"reviews"_s), 2);
}

void TestReviewService::onlyTheCustomersOwnOrder()
{
    const qint64 adasOrder = addOrder(m_ada, {m_f.m_shirt});
    const Result<Review> bobs = write(customer(m_bob), m_shirtProduct, adasOrder, 1);
    QVERIFY(!bobs.ok());
    QCOMPARE(bobs.error().code, ErrorCode::NotFound);
    const Result<Review> noOrder = write(customer(m_bob), m_shirtProduct, adasOrder + 1000, 1);
    QVERIFY(!noOrder.ok());
    QCOMPARE(noOrder.error().code, ErrorCode::NotFound);
    const Result<Review> noProduct = write(customer(m_ada), m_shirtProduct + 1000, adasOrder, 1);
    QVERIFY(!noProduct.ok());
    QCOMPARE(noProduct.error().code, ErrorCode::NotFound);
    QCOMPARE(count(u"reviews"_s), 0);
}

void TestReviewService::badInputWritesNothing_data()
{
    QTest::addColumn<int>("rating");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("rating 0") << 0 << u"t"_s << u"x"_s << u"1 to 5"_s;
    QTest::newRow("rating 6") << 6 << u"t"_s << u"x"_s << u"1 to 5"_s;
    QTest::newRow("rating -1") << -1 << u"t"_s << u"x"_s << u"1 to 5"_s;
    QTest::newRow("title 201") << 3 << QString(201, u'a') << u"x"_s << u"201"_s;
    QTest::newRow("text 5001") << 3 << u"t"_s << QString(5001, u'b') << u"5001"_s;
}

void TestReviewService::badInputWritesNothing()
{
    QFETCH(int, rating);
    QFETCH(QString, title);
    QFETCH(QString, text);
    QFETCH(QString, says);
    const qint64 order = addOrder(m_ada, {m_f.m_shirt});
    const qint64 audited = count(u"audit_log"_s);
    const Result<Review> review = write(customer(m_ada), m_shirtProduct, order, rating, title, text);
    QVERIFY(!review.ok());
    QCOMPARE(review.error().code, ErrorCode::InvalidInput);
    QVERIFY2(review.error().message.contains(says), qPrintable(review.error().message));
    // The same refusal inside a write the caller owns.
    NewReview draft;
    draft.productId = m_shirtProduct;
    draft.orderId = order;
    draft.rating = rating;
    draft.title = title;
    draft.text = text;
    const Session ada = customer(m_ada);
    const Result<Review> inTransaction = Database::wait(m_f.m_db->write(
        [ada, draft](Connection &c) { return ReviewService::createInTransaction(c, ada, draft); }));
    QVERIFY(!inTransaction.ok());
    QCOMPARE(count(u"reviews"_s), 0);
    QCOMPARE(count(u"audit_log"_s), audited);
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(0), qint64(0)));
}

void TestReviewService::boundsAreInclusive()
{
    const qint64 order = addOrder(m_ada, {m_f.m_shirt, m_f.m_mug});
    const Result<Review> longest = write(customer(m_ada), m_shirtProduct, order, 1, QString(200, u'a'),
                                         QString(5000, u'b'));
    QVERIFY2(longest.ok(), qPrintable(why(longest)));
    QCOMPARE(longest->title.size(), 200);
    QCOMPARE(longest->text.size(), 5000);
    // A rating without words is a review too.
    const Result<Review> starsOnly = write(customer(m_ada), m_mugProduct, order, 5, {}, {});
    QVERIFY2(starsOnly.ok(), qPrintable(why(starsOnly)));
    // A long note or reply is refused and changes nothing.
    const Result<Review> noted = moderate(longest->id, ReviewStatus::Approved, QString(1001, u'n'));
    QVERIFY(!noted.ok());
    QCOMPARE(noted.error().code, ErrorCode::InvalidInput);
    const Result<Review> replied =
        Database::wait(m_reviews->reply(m_f.m_admin, longest->id, QString(2001, u'r')));
    QVERIFY(!replied.ok());
    QCOMPARE(replied.error().code, ErrorCode::InvalidInput);
    const Result<Review> after = Database::wait(m_reviews->get(m_f.m_admin, longest->id));
    QVERIFY(after.ok());
    QCOMPARE(after->status, ReviewStatus::Pending);
    QVERIFY(after->vendorReply.isEmpty());
}

void TestReviewService::statusMoves_data()
{
    QTest::addColumn<ReviewStatus>("from");
    QTest::addColumn<ReviewStatus>("to");
    QTest::addColumn<bool>("allowed");
    const QList<ReviewStatus> all = allReviewStatuses();
    const auto allowedMove = [](ReviewStatus from, ReviewStatus to) {
        using S = ReviewStatus;
        return (from == S::Pending && (to == S::Approved || to == S::Rejected || to == S::Hidden))
               || (from == S::Approved && to == S::Hidden) || (from == S::Hidden && to == S::Approved)
               || (from == S::Rejected && to == S::Approved);
    };
    for (ReviewStatus from : all)
        for (ReviewStatus to : all)
            QTest::addRow("%s -> %s", qPrintable(reviewStatusName(from)), qPrintable(reviewStatusName(to)))
                << from << to << allowedMove(from, to);
}

void TestReviewService::statusMoves()
{
    QFETCH(ReviewStatus, from);
    QFETCH(ReviewStatus, to);
    QFETCH(bool, allowed);
    QCOMPARE(canMoveReview(from, to), allowed);

    const qint64 order = addOrder(m_ada, {m_f.m_shirt});
    const Result<Review> written = write(customer(m_ada), m_shirtProduct, order, 4);
    QVERIFY2(written.ok(), qPrintable(why(written)));
    // The starting state, reached by allowed moves.
    if (from == ReviewStatus::Approved || from == ReviewStatus::Hidden)
        QVERIFY(moderate(written->id, ReviewStatus::Approved).ok());
    if (from == ReviewStatus::Hidden)
        QVERIFY(moderate(written->id, ReviewStatus::Hidden).ok());
    if (from == ReviewStatus::Rejected)
        QVERIFY(moderate(written->id, ReviewStatus::Rejected).ok());
    const QPair<qint64, qint64> before = aggregates(m_shirtProduct);
    const qint64 audited = count(u"audit_log"_s);

    const Result<Review> moved = moderate(written->id, to, u"Checked by hand"_s);
    QCOMPARE(moved.ok(), allowed);
    const Result<Review> after = Database::wait(m_reviews->get(m_f.m_admin, written->id));
    QVERIFY(after.ok());
    if (allowed) {
        QCOMPARE(after->status, to);
        QCOMPARE(after->moderationNote, u"Checked by hand"_s);
        QCOMPARE(after->moderatedBy, m_f.m_adminUser);
        QVERIFY(after->moderatedAt.isValid());
        QCOMPARE(count(u"audit_log"_s), audited + 1);
        const bool counts = to == ReviewStatus::Approved;
        QCOMPARE(aggregates(m_shirtProduct), counts ? qMakePair(qint64(1), qint64(400)) : qMakePair(qint64(0), qint64(0)));
    } else {
        QCOMPARE(moved.error().code, ErrorCode::Conflict);
        // The sentence names what is possible (or that nothing changes).
        QVERIFY(!moved.error().message.isEmpty());
        QCOMPARE(after->status, from);
        QCOMPARE(count(u"audit_log"_s), audited);
        QCOMPARE(aggregates(m_shirtProduct), before);
    }
    // Vendors and clerks do not moderate.
    const Result<Review> byVendor = Database::wait(m_reviews->moderate(m_f.m_vendor, written->id, to, {}));
    QVERIFY(!byVendor.ok());
    QCOMPARE(byVendor.error().code, ErrorCode::PermissionDenied);
}

void TestReviewService::aggregatesFollowApprovedReviewsOnly()
{
    const Review five = approvedReview(m_shirtProduct, 5);
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(1), qint64(500)));
    const Review fourA = approvedReview(m_shirtProduct, 4);
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(2), qint64(450)));
    const Review fourB = approvedReview(m_shirtProduct, 4);
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(3), qint64(433)));
    QVERIFY(five.id > 0 && fourA.id > 0 && fourB.id > 0);

    // A pending review, then rejected: nothing moves.
    const qint64 order = addOrder(m_ada, {m_f.m_shirt});
    const Result<Review> one = write(customer(m_ada), m_shirtProduct, order, 1);
    QVERIFY(one.ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(3), qint64(433)));
    QVERIFY(moderate(one->id, ReviewStatus::Rejected).ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(3), qint64(433)));

    // Hidden leaves the figures, approved again comes back.
    QVERIFY(moderate(fourA.id, ReviewStatus::Hidden).ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(2), qint64(450)));
    QVERIFY(moderate(fourA.id, ReviewStatus::Approved).ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(3), qint64(433)));
    // A rejected review approved after all: (5 + 4 + 4 + 1) / 4.
    QVERIFY(moderate(one->id, ReviewStatus::Approved).ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(4), qint64(350)));

    // Other products keep theirs.
    approvedReview(m_mugProduct, 2);
    QCOMPARE(aggregates(m_mugProduct), qMakePair(qint64(1), qint64(200)));
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(4), qint64(350)));

    // Deleting reviews: (4 + 4 + 1) / 3 = 3.00, then the rest.
    QVERIFY(Database::wait(m_reviews->remove(m_f.m_admin, five.id)).ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(3), qint64(300)));
    QVERIFY(Database::wait(m_reviews->remove(m_f.m_admin, one->id)).ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(2), qint64(400)));
    QVERIFY(moderate(fourB.id, ReviewStatus::Hidden).ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(1), qint64(400)));
    QVERIFY(Database::wait(m_reviews->remove(m_f.m_admin, fourB.id)).ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(1), qint64(400)));
    QVERIFY(Database::wait(m_reviews->remove(m_f.m_admin, fourA.id)).ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(0), qint64(0)));
    QCOMPARE(aggregates(m_mugProduct), qMakePair(qint64(1), qint64(200)));

    // Deleting is for moderators, and a deleted review is gone.
    const Status byVendor = Database::wait(m_reviews->remove(m_f.m_vendor, fourA.id));
    QVERIFY(!byVendor.ok());
    const Status again = Database::wait(m_reviews->remove(m_f.m_admin, fourA.id));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::NotFound);

    // The kept figures are exactly what the approved rows say, for every product.
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM products p WHERE review_count <> (SELECT COUNT(*) FROM reviews r "
                        "WHERE r.product_id = p.id AND r.status = 'approved')"_s)
                 .toLongLong(),
             0);
}

void TestReviewService::averageRoundsHalfUp_data()
{
    QTest::addColumn<qint64>("sum");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<qint64>("hundredths");
    QTest::newRow("none") << qint64(0) << qint64(0) << qint64(0);
    QTest::newRow("one star") << qint64(1) << qint64(1) << qint64(100);
    QTest::newRow("4.5") << qint64(9) << qint64(2) << qint64(450);
    QTest::newRow("4.333") << qint64(13) << qint64(3) << qint64(433);
    QTest::newRow("4.667") << qint64(14) << qint64(3) << qint64(467);
    QTest::newRow("4.125 half up") << qint64(33) << qint64(8) << qint64(413);
    QTest::newRow("1.005 half up") << qint64(201) << qint64(200) << qint64(101);
    QTest::newRow("4.99499") << qint64(998998) << qint64(200000) << qint64(499);
}

void TestReviewService::averageRoundsHalfUp()
{
    QFETCH(qint64, sum);
    QFETCH(qint64, count);
    QFETCH(qint64, hundredths);
    QCOMPARE(ReviewService::averageHundredths(sum, count), hundredths);
}

void TestReviewService::theCatalogSortsByTheKeptRating()
{
    approvedReview(m_mugProduct, 5);
    approvedReview(m_mugProduct, 4);   // 4.50 of 2
    approvedReview(m_teaProduct, 5);   // 5.00 of 1
    approvedReview(m_shirtProduct, 5);
    approvedReview(m_shirtProduct, 4); // 4.50 of 2: ties with the mug
    ProductSearchQuery query;
    query.sort = ProductSort::Rating;
    const Result<ProductPage> page =
        Database::wait(ProductSearch(m_f.m_db).page(m_f.m_admin, query, std::nullopt, 10));
    QVERIFY2(page.ok(), qPrintable(why(page)));
    QList<qint64> ids;
    for (const ProductRow &row : page->rows)
        ids.append(row.id);
    // Highest average first, then most reviews, then the newer id.
    const qint64 firstOfTie = std::max(m_mugProduct, m_shirtProduct);
    const qint64 secondOfTie = std::min(m_mugProduct, m_shirtProduct);
    QCOMPARE(ids, (QList<qint64>{m_teaProduct, firstOfTie, secondOfTie}));
    QCOMPARE(page->rows.at(0).averageRatingHundredths, 500);
    QCOMPARE(page->rows.at(1).reviewCount, 2);
}

void TestReviewService::importByAnAdministrator()
{
    const qint64 order = addOrder(m_ada, {m_f.m_tea});
    NewReview review;
    review.productId = m_teaProduct;
    review.orderId = order;
    review.customerId = m_ada;
    review.rating = 3;
    review.title = u"From the old shop"_s;
    review.status = ReviewStatus::Approved;
    review.createdAt = QDateTime(QDate(2025, 3, 1), QTime(9, 30), Qt::UTC);
    const Result<Review> imported = Database::wait(m_reviews->import(m_f.m_admin, review));
    QVERIFY2(imported.ok(), qPrintable(why(imported)));
    QCOMPARE(imported->status, ReviewStatus::Approved);
    QCOMPARE(imported->createdAt, review.createdAt);
    QVERIFY(imported->verified);
    QCOMPARE(aggregates(m_teaProduct), qMakePair(qint64(1), qint64(300)));

    // Someone else's order, a staff account, a vendor importing: refused.
    NewReview wrongCustomer = review;
    wrongCustomer.customerId = m_bob;
    const Result<Review> notTheirs = Database::wait(m_reviews->import(m_f.m_admin, wrongCustomer));
    QVERIFY(!notTheirs.ok());
    QCOMPARE(notTheirs.error().code, ErrorCode::InvalidInput);
    NewReview staff = review;
    staff.customerId = m_f.m_adminUser;
    const Result<Review> byStaff = Database::wait(m_reviews->import(m_f.m_admin, staff));
    QVERIFY(!byStaff.ok());
    QCOMPARE(byStaff.error().code, ErrorCode::InvalidInput);
    const Result<Review> byVendor = Database::wait(m_reviews->import(m_f.m_vendor, review));
    QVERIFY(!byVendor.ok());
    QCOMPARE(byVendor.error().code, ErrorCode::PermissionDenied);
    const Result<Review> twice = Database::wait(m_reviews->import(m_f.m_admin, review));
    QVERIFY(!twice.ok());
    QCOMPARE(twice.error().code, ErrorCode::Conflict);
    QCOMPARE(count(u"reviews"_s), 1);
    QCOMPARE(aggregates(m_teaProduct), qMakePair(qint64(1), qint64(300)));

    // Storekeeper itself (the demo shop) imports inside its own write.
    NewReview seeded = review;
    seeded.orderId = addOrder(m_bob, {m_f.m_tea});
    seeded.customerId = m_bob;
    seeded.rating = 5;
    const Result<Review> bySystem = Database::wait(m_f.m_db->write([seeded](Connection &c) {
        return ReviewService::importInTransaction(c, Session::system(), seeded);
    }));
    QVERIFY2(bySystem.ok(), qPrintable(why(bySystem)));
    QCOMPARE(bySystem->moderatedBy, 0);
    QCOMPARE(aggregates(m_teaProduct), qMakePair(qint64(2), qint64(400)));
}

void TestReviewService::moderatingManyReportsEachReview()
{
    const qint64 order = addOrder(m_ada, {m_f.m_shirt, m_f.m_mug, m_f.m_tea});
    const Result<Review> a = write(customer(m_ada), m_shirtProduct, order, 5);
    const Result<Review> b = write(customer(m_ada), m_mugProduct, order, 3);
    const Result<Review> c = write(customer(m_ada), m_teaProduct, order, 1);
    QVERIFY(a.ok() && b.ok() && c.ok());
    QVERIFY(moderate(b->id, ReviewStatus::Rejected).ok());
    const Result<QList<ReviewOutcome>> rejected = Database::wait(m_reviews->moderateMany(
        m_f.m_admin, {a->id, b->id, c->id, c->id + 100}, ReviewStatus::Rejected, u"Spam"_s));
    QVERIFY2(rejected.ok(), qPrintable(why(rejected)));
    const QList<ReviewOutcome> &outcomes = rejected.value();
    QCOMPARE(outcomes.size(), 4);
    QCOMPARE(outcomes.at(2).reviewId, c->id);
    QVERIFY(outcomes.at(0).result.ok());
    QVERIFY(!outcomes.at(1).result.ok()); // already rejected
    QCOMPARE(outcomes.at(1).result.error().code, ErrorCode::Conflict);
    QVERIFY(outcomes.at(2).result.ok());
    QVERIFY(!outcomes.at(3).result.ok());
    QCOMPARE(outcomes.at(3).result.error().code, ErrorCode::NotFound);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM reviews WHERE status = 'rejected'"_s).toLongLong(), 3);

    const Result<QList<ReviewOutcome>> approved =
        Database::wait(m_reviews->moderateMany(m_f.m_admin, {a->id, c->id}, ReviewStatus::Approved, {}));
    QVERIFY(approved.ok());
    QVERIFY(approved->at(0).result.ok() && approved->at(1).result.ok());
    QCOMPARE(aggregates(m_shirtProduct), qMakePair(qint64(1), qint64(500)));
    QCOMPARE(aggregates(m_teaProduct), qMakePair(qint64(1), qint64(100)));

    const Result<QList<ReviewOutcome>> byClerk =
        Database::wait(m_reviews->moderateMany(m_f.m_clerk, {b->id}, ReviewStatus::Approved, {}));
    QVERIFY(!byClerk.ok());
    QCOMPARE(byClerk.error().code, ErrorCode::PermissionDenied);
    QCOMPARE(statusOf(b->id), u"rejected"_s);
}

void TestReviewService::vendorsReplyToTheirOwnProductsOnly()
{
    const qint64 order = addOrder(m_ada, {m_f.m_shirt, m_f.m_tea});
    const Result<Review> tea = write(customer(m_ada), m_teaProduct, order, 2, u"Bitter"_s);
    const Result<Review> shirt = write(customer(m_ada), m_shirtProduct, order, 4);
    QVERIFY(tea.ok() && shirt.ok());

    const Result<Review> own = Database::wait(
        m_reviews->reply(m_f.m_vendor, tea->id, u"  Steep it for two minutes at 70 °C.  "_s));
    QVERIFY2(own.ok(), qPrintable(why(own)));
    QCOMPARE(own->vendorReply, u"Steep it for two minutes at 70 °C."_s);
    QCOMPARE(own->repliedBy, m_f.m_vendorUser);
    QVERIFY(own->repliedAt.isValid());

    // Another vendor's (here: the shop's) product: not there for this vendor.
    const qint64 audited = count(u"audit_log"_s);
    const Result<Review> foreign = Database::wait(m_reviews->reply(m_f.m_vendor, shirt->id, u"Thanks!"_s));
    QVERIFY(!foreign.ok());
    QCOMPARE(foreign.error().code, ErrorCode::NotFound);
    QCOMPARE(m_f.scalar(u"SELECT vendor_reply FROM reviews WHERE id = ?"_s, {shirt->id}).toString(), QString());
    QCOMPARE(count(u"audit_log"_s), audited);

    // Clerks do not reply; administrators may on any review.
    const Result<Review> byClerk = Database::wait(m_reviews->reply(m_f.m_clerk, shirt->id, u"Hi"_s));
    QVERIFY(!byClerk.ok());
    QCOMPARE(byClerk.error().code, ErrorCode::PermissionDenied);
    const Result<Review> byAdmin = Database::wait(m_reviews->reply(m_f.m_admin, shirt->id, u"Thank you."_s));
    QVERIFY2(byAdmin.ok(), qPrintable(why(byAdmin)));
    QCOMPARE(byAdmin->repliedBy, m_f.m_adminUser);

    // Editable, and an empty reply removes it.
    const Result<Review> edited = Database::wait(m_reviews->reply(m_f.m_vendor, tea->id, u"Two minutes, 70 °C."_s));
    QVERIFY(edited.ok());
    QCOMPARE(edited->vendorReply, u"Two minutes, 70 °C."_s);
    const Result<Review> removed = Database::wait(m_reviews->reply(m_f.m_vendor, tea->id, u"  "_s));
    QVERIFY(removed.ok());
    QVERIFY(removed->vendorReply.isEmpty());
    QCOMPARE(removed->repliedBy, 0);
    QVERIFY(!removed->repliedAt.isValid());
    // Replies never touch the figures.
    QCOMPARE(aggregates(m_teaProduct), qMakePair(qint64(0), qint64(0)));
}

void TestReviewService::vendorsSeeTheirOwnProductsReviewsOnly()
{
    const qint64 order = addOrder(m_ada, {m_f.m_shirt, m_f.m_tea});
    const Result<Review> tea = write(customer(m_ada), m_teaProduct, order, 2);
    const Result<Review> shirt = write(customer(m_ada), m_shirtProduct, order, 4);
    QVERIFY(tea.ok() && shirt.ok());

    ReviewQuery everything;
    QCOMPARE(allPages(m_f.m_admin, everything).size(), 2);
    const QList<Review> vendors = allPages(m_f.m_vendor, everything);
    QCOMPARE(vendors.size(), 1);
    QCOMPARE(vendors.first().id, tea->id);
    QCOMPARE(vendors.first().vendorName, u"Acme"_s);
    // Asking for the shop's products does not widen a vendor's view.
    ReviewQuery shops;
    shops.vendorId = 0;
    QCOMPARE(allPages(m_f.m_vendor, shops).size(), 1);
    QCOMPARE(Database::wait(m_reviews->count(m_f.m_vendor, shops)).value(), 1);
    const Result<Review> foreign = Database::wait(m_reviews->get(m_f.m_vendor, shirt->id));
    QVERIFY(!foreign.ok());
    QCOMPARE(foreign.error().code, ErrorCode::NotFound);
    // Clerks and customers do not read the moderation list.
    QCOMPARE(Database::wait(m_reviews->page(m_f.m_clerk, everything)).error().code, ErrorCode::PermissionDenied);
    QCOMPARE(Database::wait(m_reviews->page(customer(m_ada), everything)).error().code,
             ErrorCode::PermissionDenied);
}

void TestReviewService::pagesNewestFirstByKey()
{
    // Imported with dates, two of them at the same instant: the id breaks the tie.
    const QDateTime base(QDate(2026, 1, 10), QTime(12, 0), Qt::UTC);
    QList<qint64> expected;
    for (int i = 0; i < 7; ++i) {
        const qint64 order = addOrder(m_ada, {m_f.m_shirt});
        NewReview review;
        review.productId = m_shirtProduct;
        review.orderId = order;
        review.customerId = m_ada;
        review.rating = 1 + i % 5;
        review.createdAt = base.addSecs(i == 4 ? 3 * 3600 : i * 3600);
        const Result<Review> imported = Database::wait(m_reviews->import(m_f.m_admin, review));
        QVERIFY2(imported.ok(), qPrintable(why(imported)));
        expected.append(imported->id);
    }
    // Newest first: 6, 5, then 4 and 3 at the same time (higher id first), 2, 1, 0.
    const QList<qint64> order{expected[6], expected[5], expected[4], expected[3],
                              expected[2], expected[1], expected[0]};
    for (int limit : {1, 2, 3, 7, 100}) {
        ReviewQuery query;
        query.limit = limit;
        QList<qint64> ids;
        for (const Review &r : allPages(m_f.m_admin, query))
            ids.append(r.id);
        QCOMPARE(ids, order);
    }
}

void TestReviewService::filters()
{
    const qint64 order = addOrder(m_ada, {m_f.m_shirt, m_f.m_tea});
    const Result<Review> shirt = write(customer(m_ada), m_shirtProduct, order, 5);
    const Result<Review> tea = write(customer(m_ada), m_teaProduct, order, 2);
    const Result<Review> mug = write(customer(m_ada), m_mugProduct, order, 2); // not in the order
    QVERIFY(shirt.ok() && tea.ok() && mug.ok());
    QVERIFY(moderate(shirt->id, ReviewStatus::Approved).ok());

    const auto ids = [this](ReviewQuery query) {
        QList<qint64> found;
        for (const Review &r : allPages(m_f.m_admin, query))
            found.append(r.id);
        std::sort(found.begin(), found.end());
        const Result<qint64> counted = Database::wait(m_reviews->count(m_f.m_admin, query));
        if (!counted || counted.value() != found.size())
            qWarning() << "count disagrees with the pages" << why(counted);
        return found;
    };
    const auto sorted = [](QList<qint64> list) {
        std::sort(list.begin(), list.end());
        return list;
    };
    ReviewQuery byRating;
    byRating.rating = 2;
    QCOMPARE(ids(byRating), sorted({tea->id, mug->id}));
    ReviewQuery byStatus;
    byStatus.status = ReviewStatus::Approved;
    QCOMPARE(ids(byStatus), QList<qint64>{shirt->id});
    ReviewQuery pending;
    pending.status = ReviewStatus::Pending;
    QCOMPARE(ids(pending), sorted({tea->id, mug->id}));
    ReviewQuery unverified;
    unverified.verified = false;
    QCOMPARE(ids(unverified), QList<qint64>{mug->id});
    ReviewQuery verified;
    verified.verified = true;
    QCOMPARE(ids(verified), sorted({shirt->id, tea->id}));
    ReviewQuery byProduct;
    byProduct.productId = m_teaProduct;
    QCOMPARE(ids(byProduct), QList<qint64>{tea->id});
    ReviewQuery byName;
    byName.productText = u"LINEN"_s;
    QCOMPARE(ids(byName), QList<qint64>{shirt->id});
    ReviewQuery literal;
    literal.productText = u"%"_s;
    QCOMPARE(ids(literal), QList<qint64>{});
    ReviewQuery byVendor;
    byVendor.vendorId = m_f.m_vendorId;
    QCOMPARE(ids(byVendor), QList<qint64>{tea->id});
    ReviewQuery shopsOwn;
    shopsOwn.vendorId = 0;
    QCOMPARE(ids(shopsOwn), sorted({shirt->id, mug->id}));
    ReviewQuery combined;
    combined.rating = 2;
    combined.verified = true;
    combined.status = ReviewStatus::Pending;
    QCOMPARE(ids(combined), QList<qint64>{tea->id});
    ReviewQuery badRating;
    badRating.rating = 7;
    const Result<QList<Review>> refused = Database::wait(m_reviews->page(m_f.m_admin, badRating));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
}

void TestReviewService::everyChangeIsAudited()
{
    const qint64 order = addOrder(m_ada, {m_f.m_tea});
    const qint64 before = count(u"audit_log"_s);
    const Result<Review> review = write(customer(m_ada), m_teaProduct, order, 4);
    QVERIFY(review.ok());
    QVERIFY(moderate(review->id, ReviewStatus::Approved, u"Fine"_s).ok());
    QVERIFY(moderate(review->id, ReviewStatus::Hidden).ok());
    QVERIFY(Database::wait(m_reviews->reply(m_f.m_vendor, review->id, u"Thanks"_s)).ok());
    QVERIFY(Database::wait(m_reviews->reply(m_f.m_vendor, review->id, u"Thank you"_s)).ok());
    QVERIFY(Database::wait(m_reviews->reply(m_f.m_vendor, review->id, {})).ok());
    // An unchanged reply is no change.
    QVERIFY(Database::wait(m_reviews->reply(m_f.m_vendor, review->id, {})).ok());
    QVERIFY(Database::wait(m_reviews->remove(m_f.m_admin, review->id)).ok());
    const Result<QStringList> actions = Database::wait(m_f.m_db->read([before](Connection &c) -> Result<QStringList> {
        Result<QSqlQuery> q = c.exec(u"SELECT action, subject FROM audit_log WHERE id > ? ORDER BY id"_s, {before});
        if (!q)
            return q.error();
        QStringList list;
        while (q.value().next())
            list.append(q.value().value(0).toString() + u' ' + q.value().value(1).toString());
        return list;
    }));
    QVERIFY(actions.ok());
    const QString subject = u" review:%1"_s.arg(review->id);
    QCOMPARE(actions.value(), (QStringList{u"review.created"_s + subject, u"review.approved"_s + subject,
                                           u"review.hidden"_s + subject, u"review.replied"_s + subject,
                                           u"review.reply_changed"_s + subject, u"review.reply_removed"_s + subject,
                                           u"review.deleted"_s + subject}));
}

QTEST_GUILESS_MAIN(TestReviewService)
#include "tst_reviewservice.moc"
