// The Reviews page on a small shop with reviews from customers: the
// moderation queue (pending first, newest first), approve, reject and hide by
// keyboard and on a multi-selection, the filters, the detail pane, and a
// vendor replying to the reviews of their own products.

#include "ReviewTableModel.h"
#include "TestSessions.h"
#include "UiTestShop.h"
#include "catalog/ProductService.h"
#include "reviews/ReviewDetailPanel.h"
#include "reviews/ReviewFilterBar.h"
#include "reviews/ReviewService.h"
#include "reviews/ReviewsPage.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

struct Written {
    QString customer;       // first name; the e-mail is first@example.test
    QString product;
    int rating = 0;
    QString title;
    QString text;
    int hoursAgo = 0;
};

const QList<Written> Reviews{
    {u"Ada"_s, u"Espresso Cup"_s, 5, u"Perfect crema every morning"_s,
     u"Thick walls keep the espresso hot, and the handle stays cool. Bought a second set for the office."_s, 30},
    {u"Bob"_s, u"Espresso Cup"_s, 2, u"Chipped after a week"_s,
     u"The rim chipped in the dishwasher. Hand wash only, it seems."_s, 20},
    {u"Cleo"_s, u"Latte Mug"_s, 4, u"Big enough for a proper latte"_s, u"Nice glaze, a little heavy."_s, 12},
    {u"Dan"_s, u"Sencha Tea"_s, 3, u"Fine, but bitter if steeped long"_s,
     u"Tastes grassy and fresh. Over two minutes it turns bitter."_s, 6},
    {u"Eve"_s, u"Sencha Tea"_s, 5, u"My daily cup"_s, u"Smooth and sweet at 70 °C."_s, 2},
    {u"Finn"_s, u"Latte Mug"_s, 1, u"BUY NOW cheap watches at example dot com"_s, u"Spam spam spam."_s, 1},
};

} // namespace

class TestReviewsPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void theQueueShowsPendingReviewsNewestFirst();
    void approveRejectAndHideByKeyboard();
    void aMultiSelectionIsModeratedAtOnce();
    void filtersNarrowTheTable();
    void vendorsReplyToTheirOwnProducts();

private:
    bool openPage(const Session &session);
    bool waitForAction();
    int rowOf(const QString &title) const;
    qint64 productId(const QString &name) const { return m_products.value(name); }
    QPair<qint64, qint64> aggregates(const QString &product);
    QString statusOf(qint64 reviewId);
    qint64 reviewId(const QString &title) const { return m_reviews.value(title); }

    std::unique_ptr<test::UiTestShop> m_shop;
    std::unique_ptr<ReviewsPage> m_page;
    Session m_vendor;
    QHash<QString, qint64> m_products;
    QHash<QString, qint64> m_variants;
    QHash<QString, qint64> m_reviews;
};

void TestReviewsPage::initTestCase()
{
    test::isolateSettings();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestReviewsPage::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
    m_products.clear();
    m_variants.clear();
    m_reviews.clear();
    const Result<Session> vendor = m_shop->addVendor();
    QVERIFY2(vendor.ok(), vendor.ok() ? "" : qPrintable(vendor.error().message));
    m_vendor = vendor.value();
    const Services &services = m_shop->services;
    const auto addProduct = [&](const QString &name, const QString &sku, std::optional<qint64> vendorId) {
        ProductDraft draft;
        draft.name = name;
        draft.vendorId = vendorId;
        VariantDraft variant;
        variant.sku = sku;
        variant.price = u"9.50"_s;
        draft.variants = {variant};
        const Result<Product> created = Database::wait(services.products->create(m_shop->admin, draft));
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        m_products.insert(name, created->id);
        m_variants.insert(name, created->variants.constFirst().id);
    };
    addProduct(u"Espresso Cup"_s, u"CUP-ESP"_s, {});
    addProduct(u"Latte Mug"_s, u"MUG-LAT"_s, {});
    addProduct(u"Sencha Tea"_s, u"TEA-SEN"_s, m_vendor.vendorId);

    // Each customer ordered what they review (Cleo's order is for the cup
    // only: her mug review is not a verified purchase).
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int number = 0;
    for (const Written &written : Reviews) {
        const QString email = written.customer.toLower() + u"@example.test"_s;
        const QString ordered = written.customer == u"Cleo"_s ? u"Espresso Cup"_s : written.product;
        const qint64 variantId = m_variants.value(ordered);
        const Result<QPair<qint64, qint64>> ids = Database::wait(m_shop->database->write(
            [&, email, variantId, n = ++number](Connection &c) -> Result<QPair<qint64, qint64>> {
                Result<QVariant> existing = c.scalar(u"SELECT id FROM users WHERE email = ?"_s, {email});
                if (!existing)
                    return existing.error();
                qint64 customer = existing.value().toLongLong();
                if (customer == 0) {
                    Result<qint64> added = c.insert(
                        u"INSERT INTO users (email, password_hash, first_name, last_name, role, created_at, "
                        "updated_at) VALUES (?, 'x', ?, 'Tester', 'customer', ?, ?) RETURNING id"_s,
                        {email, written.customer, now, now});
                    if (!added)
                        return added.error();
                    customer = added.value();
                }
                Result<QVariant> location = c.scalar(u"SELECT MIN(id) FROM locations"_s);
                if (!location)
                    return location.error();
                Result<qint64> order = c.insert(
                    u"INSERT INTO orders (order_number, channel, status, customer_id, location_id, currency, "
                    "subtotal_cents, tax_cents, total_cents, created_at, updated_at) VALUES (?, 'online', "
                    "'delivered', ?, ?, 'EUR', 950, 0, 950, ?, ?) RETURNING id"_s,
                    {u"W-%1"_s.arg(n, 6, 10, QLatin1Char('0')), customer, location.value(), now, now});
                if (!order)
                    return order.error();
                Result<qint64> line = c.insert(
                    u"INSERT INTO order_items (order_id, product_id, variant_id, sku, name, quantity, "
                    "list_price_cents, unit_price_cents, subtotal_cents, tax_rate_bp, tax_cents, total_cents) "
                    "SELECT ?, p.id, v.id, v.sku, p.name, 1, 950, 950, 950, 0, 0, 950 FROM product_variants v "
                    "JOIN products p ON p.id = v.product_id WHERE v.id = ? RETURNING id"_s,
                    {order.value(), variantId});
                if (!line)
                    return line.error();
                return qMakePair(customer, order.value());
            }));
        QVERIFY2(ids.ok(), ids.ok() ? "" : qPrintable(ids.error().message));
        NewReview review;
        review.productId = productId(written.product);
        review.orderId = ids->second;
        review.customerId = ids->first;
        review.rating = written.rating;
        review.title = written.title;
        review.text = written.text;
        review.createdAt = now.addSecs(-3600 * written.hoursAgo);
        const Result<Review> imported = Database::wait(services.reviews->import(m_shop->admin, review));
        QVERIFY2(imported.ok(), imported.ok() ? "" : qPrintable(imported.error().message));
        m_reviews.insert(written.title, imported->id);
    }
    // One already published, with a reply from the vendor.
    const qint64 published = reviewId(u"My daily cup"_s);
    QVERIFY(Database::wait(services.reviews->moderate(m_shop->admin, published, ReviewStatus::Approved, {})).ok());
    QVERIFY(Database::wait(services.reviews->reply(m_vendor, published, u"Thank you, Eve!"_s)).ok());
}

void TestReviewsPage::cleanup()
{
    m_page.reset();
    m_shop.reset();
}

bool TestReviewsPage::openPage(const Session &session)
{
    m_page = std::make_unique<ReviewsPage>(m_shop->services, session);
    m_page->resize(1280, 720);
    QSignalSpy loaded(m_page.get(), &ReviewsPage::loaded);
    m_page->show();
    m_page->activateWindow();
    if (!QTest::qWaitForWindowExposed(m_page.get()))
        return false;
    if (!m_page->hasLoaded() && !loaded.wait(5000))
        return false;
    return QTest::qWaitFor([this] { return m_page->model()->totalCount() >= 0; }, 5000);
}

bool TestReviewsPage::waitForAction()
{
    QSignalSpy finished(m_page.get(), &ReviewsPage::actionFinished);
    return m_page->isBusy() ? finished.wait(5000) : true;
}

int TestReviewsPage::rowOf(const QString &title) const
{
    return m_page->model()->rowOfReview(reviewId(title));
}

QPair<qint64, qint64> TestReviewsPage::aggregates(const QString &product)
{
    const qint64 id = productId(product);
    const Result<QPair<qint64, qint64>> row =
        Database::wait(m_shop->database->read([id](Connection &c) -> Result<QPair<qint64, qint64>> {
            Result<QSqlQuery> q = c.exec(u"SELECT review_count, average_rating FROM products WHERE id = ?"_s, {id});
            if (!q)
                return q.error();
            if (!q.value().next())
                return Error::make(ErrorCode::NotFound, u"gone"_s);
            return qMakePair(q.value().value(0).toLongLong(), q.value().value(1).toLongLong());
        }));
    return row.ok() ? row.value() : qMakePair(qint64(-1), qint64(-1));
}

QString TestReviewsPage::statusOf(qint64 reviewId)
{
    const Result<QVariant> status = Database::wait(m_shop->database->read(
        [reviewId](Connection &c) { return c.scalar(u"SELECT status FROM reviews WHERE id = ?"_s, {reviewId}); }));
    return status.ok() ? status.value().toString() : QString();
}

void TestReviewsPage::theQueueShowsPendingReviewsNewestFirst()
{
    QVERIFY(openPage(m_shop->admin));
    QVERIFY(m_page->mayModerate());
    ReviewTableModel *model = m_page->model();
    // Five pending, newest first; the approved one is not in the queue.
    QCOMPARE(model->rowCount(), 5);
    QCOMPARE(m_page->countText(), u"5 reviews"_s);
    QStringList titles;
    for (int row = 0; row < model->rowCount(); ++row)
        titles.append(model->reviewAt(row).title);
    QCOMPARE(titles, (QStringList{u"BUY NOW cheap watches at example dot com"_s, u"Fine, but bitter if steeped long"_s,
                                  u"Big enough for a proper latte"_s, u"Chipped after a week"_s,
                                  u"Perfect crema every morning"_s}));
    QCOMPARE(model->index(0, ReviewTableModel::RatingColumn).data().toString(), u"★☆☆☆☆"_s);
    QCOMPARE(model->index(2, ReviewTableModel::VerifiedColumn).data().toString(), QString()); // Cleo's
    QCOMPARE(model->index(3, ReviewTableModel::VerifiedColumn).data().toString(), u"Verified"_s);
    QCOMPARE(model->index(3, ReviewTableModel::StatusColumn).data().toString(), u"Pending"_s);
    QCOMPARE(model->index(3, ReviewTableModel::CustomerColumn).data().toString(), u"Bob Tester"_s);

    // Nothing selected: nothing to moderate.
    QVERIFY(!m_page->findChild<QPushButton *>(u"approveButton"_s)->isEnabled());
    QVERIFY(m_page->findChild<QLineEdit *>(u"productFilter"_s)->isVisible());
    QTRY_VERIFY(m_page->findChild<QComboBox *>(u"vendorFilter"_s)->isVisible()); // once the vendors arrive

    QVERIFY(m_page->selectReview(reviewId(u"Chipped after a week"_s)));
    ReviewDetailPanel *detail = m_page->detailPanel();
    QCOMPARE(detail->reviewId(), reviewId(u"Chipped after a week"_s));
    QVERIFY(detail->findChild<QTextBrowser *>(u"reviewText"_s)->toPlainText().contains(u"Hand wash only"_s));
    QVERIFY(detail->findChild<QLabel *>(u"reviewMeta"_s)->text().contains(u"verified purchase, order W-000002"_s));
    QVERIFY(m_page->findChild<QPushButton *>(u"approveButton"_s)->isEnabled());
    QVERIFY(m_page->findChild<QPushButton *>(u"rejectButton"_s)->isEnabled());
    test::saveScreenshotIfWanted(m_page.get(), u"reviews-queue"_s);
}

void TestReviewsPage::approveRejectAndHideByKeyboard()
{
    QVERIFY(openPage(m_shop->admin));
    QVERIFY(m_page->selectReview(reviewId(u"Perfect crema every morning"_s)));
    m_page->view()->setFocus();
    QTest::keyClicks(m_page->noteBox(), u"Helpful"_s);
    m_page->view()->setFocus();
    QTest::keyClick(m_page->view(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(waitForAction());
    QVERIFY2(m_page->feedback().contains(u"Approved “Perfect crema every morning”."_s), qPrintable(m_page->feedback()));
    QCOMPARE(statusOf(reviewId(u"Perfect crema every morning"_s)), u"approved"_s);
    QCOMPARE(aggregates(u"Espresso Cup"_s), qMakePair(qint64(1), qint64(500)));
    QVERIFY(m_page->noteBox()->text().isEmpty());
    // The row stays where it was, showing its new state.
    const int row = rowOf(u"Perfect crema every morning"_s);
    QCOMPARE(m_page->model()->index(row, ReviewTableModel::StatusColumn).data().toString(), u"Approved"_s);

    // Spam: rejected by keyboard; a rejected review cannot be hidden.
    QVERIFY(m_page->selectReview(reviewId(u"BUY NOW cheap watches at example dot com"_s)));
    QTest::keyClick(m_page->view(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(waitForAction());
    QCOMPARE(statusOf(reviewId(u"BUY NOW cheap watches at example dot com"_s)), u"rejected"_s);
    QVERIFY(m_page->selectReview(reviewId(u"BUY NOW cheap watches at example dot com"_s)));
    QVERIFY(!m_page->findChild<QPushButton *>(u"hideButton"_s)->isEnabled());
    QVERIFY(!m_page->findChild<QPushButton *>(u"rejectButton"_s)->isEnabled());
    QVERIFY(m_page->findChild<QPushButton *>(u"approveButton"_s)->isEnabled());
    QTest::keyClick(m_page->view(), Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(statusOf(reviewId(u"BUY NOW cheap watches at example dot com"_s)), u"rejected"_s);
    QCOMPARE(aggregates(u"Latte Mug"_s), qMakePair(qint64(0), qint64(0)));

    // Approved, then hidden: out of the figures again.
    QVERIFY(m_page->selectReview(reviewId(u"Perfect crema every morning"_s)));
    QVERIFY(m_page->findChild<QPushButton *>(u"hideButton"_s)->isEnabled());
    QTest::keyClick(m_page->view(), Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(waitForAction());
    QCOMPARE(statusOf(reviewId(u"Perfect crema every morning"_s)), u"hidden"_s);
    QCOMPARE(aggregates(u"Espresso Cup"_s), qMakePair(qint64(0), qint64(0)));
    QVERIFY(m_page->selectReview(reviewId(u"Perfect crema every morning"_s)));
    QVERIFY(m_page->findChild<QLabel *>(u"reviewModeration"_s)->text().startsWith(u"Hidden by Olivia Owner"_s));
    test::saveScreenshotIfWanted(m_page.get(), u"reviews-moderated"_s);
}

void TestReviewsPage::aMultiSelectionIsModeratedAtOnce()
{
    QVERIFY(openPage(m_shop->admin));
    QTableView *view = m_page->view();
    // Click the first row, Shift+click the third: three reviews.
    const auto rowCentre = [view](int row) { return view->visualRect(view->model()->index(row, 1)).center(); };
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rowCentre(0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, rowCentre(2));
    QCOMPARE(m_page->selectedReviewIds().size(), 3);
    QVERIFY(m_page->findChild<QLabel *>(u"reviewHeading"_s)->text().contains(u"3 reviews selected"_s));
    test::saveScreenshotIfWanted(m_page.get(), u"reviews-multi-select"_s);
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"approveButton"_s), Qt::LeftButton);
    QVERIFY(waitForAction());
    QVERIFY2(m_page->feedback().contains(u"3 reviews approved."_s), qPrintable(m_page->feedback()));
    // Spam, Dan's tea and Cleo's mug: 1 and 4 on the mug, 3 on the tea
    // (with Eve's 5 approved before).
    QCOMPARE(aggregates(u"Latte Mug"_s), qMakePair(qint64(2), qint64(250)));
    QCOMPARE(aggregates(u"Sencha Tea"_s), qMakePair(qint64(2), qint64(400)));
    for (int row = 0; row < 3; ++row)
        QCOMPARE(m_page->model()->index(row, ReviewTableModel::StatusColumn).data().toString(), u"Approved"_s);

    // A mixed selection: the approved ones cannot be rejected, the pending one is.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rowCentre(2));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, rowCentre(3));
    QCOMPARE(m_page->selectedReviewIds().size(), 2);
    QVERIFY(m_page->findChild<QPushButton *>(u"rejectButton"_s)->isEnabled());
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"rejectButton"_s), Qt::LeftButton);
    QVERIFY(waitForAction());
    QCOMPARE(statusOf(reviewId(u"Chipped after a week"_s)), u"rejected"_s);
    QCOMPARE(statusOf(reviewId(u"Big enough for a proper latte"_s)), u"approved"_s);
}

void TestReviewsPage::filtersNarrowTheTable()
{
    QVERIFY(openPage(m_shop->admin));
    ReviewTableModel *model = m_page->model();
    QComboBox *status = m_page->findChild<QComboBox *>(u"statusFilter"_s);
    QComboBox *rating = m_page->findChild<QComboBox *>(u"ratingFilter"_s);
    QComboBox *verified = m_page->findChild<QComboBox *>(u"verifiedFilter"_s);
    QComboBox *vendor = m_page->findChild<QComboBox *>(u"vendorFilter"_s);
    const auto settle = [model] {
        return QTest::qWaitFor([model] { return model->hasLoadedFirstPage() && !model->isLoading(); }, 5000);
    };
    status->setCurrentIndex(0); // any status
    QVERIFY(settle());
    QCOMPARE(model->rowCount(), 6);
    rating->setCurrentIndex(rating->findData(5));
    QVERIFY(settle());
    QCOMPARE(model->rowCount(), 2);
    rating->setCurrentIndex(0);
    verified->setCurrentIndex(verified->findData(0));
    QVERIFY(settle());
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->reviewAt(0).customerName, u"Cleo Tester"_s);
    verified->setCurrentIndex(0);
    vendor->setCurrentIndex(vendor->findText(u"Acme Tools"_s));
    QVERIFY(settle());
    QCOMPARE(model->rowCount(), 2);
    vendor->setCurrentIndex(0);

    // Ctrl+F, then a part of a name, or #id for one product.
    QTest::keyClick(m_page->view(), Qt::Key_F, Qt::ControlModifier);
    QLineEdit *product = m_page->findChild<QLineEdit *>(u"productFilter"_s);
    QVERIFY(product->hasFocus());
    QTest::keyClicks(product, u"espresso"_s);
    QTest::keyClick(product, Qt::Key_Return);
    QVERIFY(settle());
    QCOMPARE(model->rowCount(), 2);
    test::saveScreenshotIfWanted(m_page.get(), u"reviews-filtered"_s);
    product->setText(u"#%1"_s.arg(productId(u"Latte Mug"_s)));
    QTest::keyClick(product, Qt::Key_Return);
    QVERIFY(settle());
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->reviewAt(0).productName, u"Latte Mug"_s);
    QCOMPARE(m_page->countText(), u"2 reviews"_s);

    QTest::mouseClick(m_page->findChild<QPushButton *>(u"clearFiltersButton"_s), Qt::LeftButton);
    QVERIFY(settle());
    QCOMPARE(model->rowCount(), 6);
}

void TestReviewsPage::vendorsReplyToTheirOwnProducts()
{
    QVERIFY(openPage(m_vendor));
    QVERIFY(!m_page->mayModerate());
    ReviewTableModel *model = m_page->model();
    // Every status of their own products' reviews, nobody else's.
    QCOMPARE(model->rowCount(), 2);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->reviewAt(row).productName, u"Sencha Tea"_s);
    QVERIFY(!m_page->findChild<QPushButton *>(u"approveButton"_s)->isVisible());
    QVERIFY(!m_page->findChild<QComboBox *>(u"vendorFilter"_s)->isVisible());
    QTest::keyClick(m_page->view(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(statusOf(reviewId(u"Fine, but bitter if steeped long"_s)), u"pending"_s);

    QVERIFY(m_page->selectReview(reviewId(u"Fine, but bitter if steeped long"_s)));
    ReviewDetailPanel *detail = m_page->detailPanel();
    QPushButton *save = detail->saveReplyButton();
    QVERIFY(!save->isEnabled());
    // Enter on the row goes to the reply box.
    m_page->view()->setFocus();
    QTest::keyClick(m_page->view(), Qt::Key_Return);
    QVERIFY(detail->replyBox()->hasFocus());
    QTest::keyClicks(detail->replyBox(), u"Steep it for two minutes at 70 °C and it stays sweet."_s);
    QVERIFY(save->isEnabled());
    test::saveScreenshotIfWanted(m_page.get(), u"reviews-vendor-reply"_s);
    QTest::keyClick(detail->replyBox(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(waitForAction());
    const Result<Review> replied =
        Database::wait(m_shop->services.reviews->get(m_shop->admin, reviewId(u"Fine, but bitter if steeped long"_s)));
    QVERIFY(replied.ok());
    QCOMPARE(replied->vendorReply, u"Steep it for two minutes at 70 °C and it stays sweet."_s);
    QCOMPARE(replied->repliedBy, m_vendor.userId);
    QVERIFY(!save->isEnabled());
    QVERIFY(detail->findChild<QWidget *>(u"replyMessage"_s)->isVisible());

    // Too long: the count says so and Save stays off.
    detail->replyBox()->setPlainText(QString(ReviewService::kMaxReplyLength + 1, u'x'));
    QVERIFY(!save->isEnabled());
    QVERIFY(detail->findChild<QLabel *>(u"replyCount"_s)->text().contains(u"shorten"_s));

    // The approved review shows its existing reply.
    QVERIFY(m_page->selectReview(reviewId(u"My daily cup"_s)));
    QCOMPARE(detail->replyBox()->toPlainText(), u"Thank you, Eve!"_s);
}

QTEST_MAIN(TestReviewsPage)
#include "tst_reviewspage.moc"
