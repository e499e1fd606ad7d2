// The Orders page on a small shop: in-store sales and online orders, one
// of them holding a vendor's product. The table newest first with its
// count, every filter of the bar, Ctrl+F and Enter into the detail with its
// lines, payments, refunds and timeline, the status buttons the machine
// allows, a bulk status change on a multi-selection, and a vendor's view.
// storekeeper-test: postgres

#include "OrderTableModel.h"
#include "UiTestShop.h"
#include "catalog/ProductService.h"
#include "orders/BulkStatusDialog.h"
#include "orders/OrderDetailPanel.h"
#include "orders/OrderFilterBar.h"
#include "orders/OrdersPage.h"
#include "register/ReturnDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

struct LineSpec {
    QString sku;
    qint64 quantity = 0;
};

} // namespace

class TestOrdersPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void listsOrdersNewestFirst();
    void filtersNarrowTheTable();
    void keyboardOpensTheDetail();
    void detailOffersTheAllowedStatuses();
    void vendorsSeeTheirOwnLinesOnly();
    void bulkStatusChange();

private:
    bool openPage(const Session &session);
    bool waitForRows();
    QStringList numbers() const;
    qint64 addOrder(const QString &number, const QString &channel, const QString &status, int hoursAgo,
                    qint64 customerId, qint64 clerkId, const QList<LineSpec> &lines);
    qint64 run(const QString &sql, const QVariantList &values);
    QString statusOf(const QString &number);

    std::unique_ptr<test::UiTestShop> m_shop;
    std::unique_ptr<OrdersPage> m_page;
    Session m_vendor;
    QHash<QString, qint64> m_variants;
    QHash<QString, qint64> m_prices;
    QHash<QString, qint64> m_orders;
    QHash<QString, QDateTime> m_createdAt;
    qint64 m_customer = 0;
};

void TestOrdersPage::initTestCase()
{
    test::isolateSettings();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestOrdersPage::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
    const Result<Session> vendor = m_shop->addVendor();
    QVERIFY2(vendor.ok(), vendor.ok() ? "" : qPrintable(vendor.error().message));
    m_vendor = vendor.value();
    m_variants.clear();
    m_prices.clear();
    m_orders.clear();
    m_createdAt.clear();
    const struct {
        QString name, sku, price;
        bool vendors;
    } items[] = {{u"Espresso Cup"_s, u"CUP-ESP"_s, u"4.50"_s, false},
                 {u"Latte Mug"_s, u"MUG-LAT"_s, u"9.90"_s, false},
                 {u"Claw Hammer"_s, u"HAM-1"_s, u"24.00"_s, true}};
    for (const auto &item : items) {
        ProductDraft draft;
        draft.name = item.name;
        if (item.vendors)
            draft.vendorId = m_vendor.vendorId;
        VariantDraft variant;
        variant.sku = item.sku;
        variant.price = item.price;
        draft.variants = {variant};
        const Result<Product> created = Database::wait(m_shop->services.products->create(m_shop->admin, draft));
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        m_variants.insert(item.sku, created->variants.constFirst().id);
        m_prices.insert(item.sku, Money::parseDecimal(item.price, u"EUR")->minorUnits());
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_customer = run(u"INSERT INTO users (email, password_hash, first_name, last_name, role, created_at, updated_at) "
                     "VALUES ('ada@example.test', '!', 'Ada', 'Lovelace', 'customer', ?, ?) RETURNING id"_s,
                     {now, now});
    QVERIFY(m_customer > 0);
    const qint64 clara = m_shop->clerk.userId;
    m_orders[u"R1-000001"_s] = addOrder(u"R1-000001"_s, u"in_store"_s, u"delivered"_s, 50, 0, clara,
                                        {{u"CUP-ESP"_s, 2}, {u"MUG-LAT"_s, 1}});
    m_orders[u"R1-000002"_s] = addOrder(u"R1-000002"_s, u"in_store"_s, u"delivered"_s, 40, m_customer, clara,
                                        {{u"HAM-1"_s, 1}, {u"CUP-ESP"_s, 1}});
    m_orders[u"W-000001"_s] = addOrder(u"W-000001"_s, u"online"_s, u"pending"_s, 30, m_customer, 0,
                                       {{u"MUG-LAT"_s, 4}});
    m_orders[u"W-000002"_s] = addOrder(u"W-000002"_s, u"online"_s, u"pending"_s, 20, m_customer, 0,
                                       {{u"HAM-1"_s, 2}});
    m_orders[u"W-000003"_s] = addOrder(u"W-000003"_s, u"online"_s, u"processing"_s, 10, m_customer, 0,
                                       {{u"CUP-ESP"_s, 6}});
    for (const qint64 id : std::as_const(m_orders))
        QVERIFY(id > 0);
    // The in-store sale with the vendor's hammer was paid by card, and the
    // cup came back.
    const qint64 r2 = m_orders.value(u"R1-000002"_s);
    const qint64 payment = run(u"INSERT INTO payments (order_id, tender, status, currency, amount_cents, "
                               "refunded_cents, idempotency_key, card_brand, card_last4, created_at) VALUES (?, "
                               "'card', 'completed', 'EUR', 2850, 450, 'ui-p-1', 'visa', '4242', ?) RETURNING id"_s,
                               {r2, now});
    const qint64 refund = run(u"INSERT INTO refunds (order_id, payment_id, tender, status, currency, amount_cents, "
                              "idempotency_key, reason, user_id, created_at) VALUES (?, ?, 'card', 'completed', "
                              "'EUR', 450, 'ui-r-1', 'Chipped', ?, ?) RETURNING id"_s,
                              {r2, payment, m_shop->admin.userId, now});
    QVERIFY(payment > 0 && refund > 0);
    QVERIFY(run(u"INSERT INTO refund_lines (refund_id, order_item_id, quantity, amount_cents, disposition, "
                "write_off_reason) SELECT ?, id, 1, 450, 'write_off', 'Chipped rim' FROM order_items "
                "WHERE order_id = ? AND sku = 'CUP-ESP' RETURNING id"_s,
                {refund, r2})
            > 0);
    QVERIFY(run(u"UPDATE orders SET refunded_cents = 450 WHERE id = ? RETURNING id"_s, {r2}) > 0);
    QVERIFY(run(u"UPDATE order_items SET refunded_quantity = 1 WHERE order_id = ? AND sku = 'CUP-ESP' "
                "RETURNING id"_s,
                {r2})
            > 0);
}

void TestOrdersPage::cleanup()
{
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        if (qobject_cast<QDialog *>(window))
            window->close();
    m_page.reset();
    m_shop.reset();
}

qint64 TestOrdersPage::run(const QString &sql, const QVariantList &values)
{
    Result<qint64> id = Database::wait(
        m_shop->database->write([sql, values](Connection &c) { return c.insert(sql, values); }));
    if (!id)
        qWarning() << id.error().message << id.error().details;
    return id.ok() ? id.value() : 0;
}

// Orders as the register and the online shop leave them (tax left out: the
// page shows what is stored), with the first row of their timeline.
qint64 TestOrdersPage::addOrder(const QString &number, const QString &channel, const QString &status, int hoursAgo,
                                qint64 customerId, qint64 clerkId, const QList<LineSpec> &lines)
{
    const QVariant noId(QMetaType::fromType<qint64>(), nullptr);
    qint64 total = 0;
    for (const LineSpec &line : lines)
        total += line.quantity * m_prices.value(line.sku);
    const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(-3600LL * hoursAgo);
    m_createdAt.insert(number, at);
    const qint64 order = run(
        u"INSERT INTO orders (order_number, channel, status, customer_id, clerk_id, location_id, currency, "
        "subtotal_cents, tax_cents, total_cents, paid_cents, shipping_address, created_at, updated_at) "
        "SELECT ?, ?, ?, ?, ?, id, 'EUR', ?, 0, ?, ?, COALESCE(?, ''), ?, ? FROM locations WHERE upper(code) = 'STORE' "
        "RETURNING id"_s,
        {number, channel, status, customerId > 0 ? QVariant(customerId) : noId,
         clerkId > 0 ? QVariant(clerkId) : noId, total, total, total,
         channel == u"online"_s ? u"12 Analytical Row\nLondon NW1\nUnited Kingdom"_s : QString(), at, at});
    if (order == 0)
        return 0;
    for (const LineSpec &line : lines) {
        const qint64 price = m_prices.value(line.sku);
        const qint64 subtotal = price * line.quantity;
        if (run(u"INSERT INTO order_items (order_id, product_id, variant_id, vendor_id, sku, name, quantity, "
                "list_price_cents, unit_price_cents, subtotal_cents, tax_rate_bp, tax_cents, total_cents) "
                "SELECT ?, p.id, v.id, p.vendor_id, v.sku, p.name, ?, ?, ?, ?, 0, 0, ? FROM product_variants v "
                "JOIN products p ON p.id = v.product_id WHERE v.id = ? RETURNING id"_s,
                {order, line.quantity, price, price, subtotal, subtotal, m_variants.value(line.sku)})
            == 0)
            return 0;
    }
    const bool inStore = channel == u"in_store"_s;
    if (run(u"INSERT INTO order_status_history (order_id, from_status, to_status, user_id, note, created_at) "
            "VALUES (?, NULL, ?, ?, ?, ?) RETURNING id"_s,
            {order, inStore ? u"delivered"_s : u"pending"_s, clerkId > 0 ? QVariant(clerkId) : noId,
             inStore ? u"Sold at Register 1, paid and handed over."_s : u"Placed online."_s, at})
        == 0)
        return 0;
    return order;
}

bool TestOrdersPage::openPage(const Session &session)
{
    m_page = std::make_unique<OrdersPage>(m_shop->services, session);
    m_page->resize(1360, 780);
    m_page->show();
    m_page->activateWindow();
    if (!QTest::qWaitForWindowExposed(m_page.get()))
        return false;
    return QTest::qWaitFor([this] { return m_page->hasLoaded(); }) && waitForRows();
}

bool TestOrdersPage::waitForRows()
{
    OrderTableModel *model = m_page->model();
    return QTest::qWaitFor([model] { return !model->isLoading() && model->hasLoadedFirstPage(); })
           && QTest::qWaitFor([model] { return model->totalCount() >= 0; });
}

QStringList TestOrdersPage::numbers() const
{
    QStringList result;
    for (int row = 0; row < m_page->model()->rowCount(); ++row)
        result.append(m_page->model()->orderAt(row).orderNumber);
    return result;
}

QString TestOrdersPage::statusOf(const QString &number)
{
    Result<QVariant> status = Database::wait(m_shop->database->read([number](Connection &c) {
        return c.scalar(u"SELECT status FROM orders WHERE order_number = ?"_s, {number});
    }));
    return status.ok() ? status->toString() : QString();
}

void TestOrdersPage::listsOrdersNewestFirst()
{
    QVERIFY(openPage(m_shop->admin));
    QCOMPARE(numbers(), (QStringList{u"W-000003"_s, u"W-000002"_s, u"W-000001"_s, u"R1-000002"_s, u"R1-000001"_s}));
    QTRY_COMPARE(m_page->countText(), u"5 orders"_s);
    OrderTableModel *model = m_page->model();
    QCOMPARE(model->index(3, OrderTableModel::StatusColumn).data().toString(), u"Delivered"_s);
    QCOMPARE(model->index(3, OrderTableModel::ChannelColumn).data().toString(), u"In store"_s);
    QCOMPARE(model->index(3, OrderTableModel::CustomerColumn).data().toString(), u"Ada Lovelace"_s);
    QCOMPARE(model->index(3, OrderTableModel::ClerkColumn).data().toString(), u"Clara Clerk"_s);
    QCOMPARE(model->index(3, OrderTableModel::TotalColumn).data().toString(), Money(2850, u"EUR").toString());
    QCOMPARE(model->index(3, OrderTableModel::RefundedColumn).data().toString(), Money(450, u"EUR").toString());
    QVERIFY(m_page->bulkButton()->isVisible());
    QVERIFY(!m_page->bulkButton()->isEnabled());
    // Administrators choose among vendors and clerks.
    QTRY_VERIFY(m_page->filterBar()->vendorBox()->count() > 1);
    QTRY_VERIFY(m_page->filterBar()->clerkBox()->findText(u"Clara Clerk"_s) > 0);
    test::saveScreenshotIfWanted(m_page.get(), u"orders-page"_s);
}

void TestOrdersPage::filtersNarrowTheTable()
{
    QVERIFY(openPage(m_shop->admin));
    OrderFilterBar *bar = m_page->filterBar();
    const auto settle = [this] { return waitForRows() && QTest::qWaitFor([this] { return !m_page->model()->isLoading(); }, 2000); };

    QComboBox *status = bar->statusBox();
    status->setCurrentIndex(status->findData(u"open"_s));
    QTRY_COMPARE(numbers(), (QStringList{u"W-000003"_s, u"W-000002"_s, u"W-000001"_s}));
    status->setCurrentIndex(status->findData(u"pending"_s));
    QTRY_COMPARE(numbers(), (QStringList{u"W-000002"_s, u"W-000001"_s}));
    QTRY_COMPARE(m_page->countText(), u"2 orders"_s);
    status->setCurrentIndex(0);

    bar->channelBox()->setCurrentIndex(bar->channelBox()->findData(u"in_store"_s));
    QTRY_COMPARE(numbers(), (QStringList{u"R1-000002"_s, u"R1-000001"_s}));
    QTRY_VERIFY(bar->clerkBox()->count() > 1);
    bar->clerkBox()->setCurrentIndex(bar->clerkBox()->findData(m_shop->clerk.userId));
    QTRY_COMPARE(numbers(), (QStringList{u"R1-000002"_s, u"R1-000001"_s}));
    bar->clear();
    QTRY_COMPARE(numbers().size(), 5);

    QTRY_VERIFY(bar->vendorBox()->count() > 1);
    bar->vendorBox()->setCurrentIndex(bar->vendorBox()->findData(*m_vendor.vendorId));
    QTRY_COMPARE(numbers(), (QStringList{u"W-000002"_s, u"R1-000002"_s}));
    bar->clear();

    // The last day is included; the first one a day back from today leaves out older orders.
    bar->fromEdit()->setDate(QDate::currentDate().addDays(-1));
    const QDateTime yesterday = QDate::currentDate().addDays(-1).startOfDay();
    QStringList since;
    for (const QString &number : {u"W-000003"_s, u"W-000002"_s, u"W-000001"_s, u"R1-000002"_s, u"R1-000001"_s})
        if (m_createdAt.value(number) >= yesterday)
            since.append(number);
    QVERIFY(since.contains(u"W-000003"_s) && !since.contains(u"R1-000001"_s));
    QTRY_COMPARE(numbers(), since);
    bar->toEdit()->setDate(QDate::currentDate().addDays(-3));
    QTRY_VERIFY(m_page->feedback().contains(u"Swap"_s));
    bar->clear();
    QTRY_COMPARE(numbers().size(), 5);

    bar->customerField()->setFocus();
    QTest::keyClicks(bar->customerField(), u"lovel"_s);
    QTRY_COMPARE(numbers(), (QStringList{u"W-000003"_s, u"W-000002"_s, u"W-000001"_s, u"R1-000002"_s}));
    bar->clear();

    // Totals: W-000003 27.00, W-000002 48.00, W-000001 39.60, R1-000002 28.50, R1-000001 18.90.
    QTest::keyClicks(bar->minimumField(), u"30"_s);
    QTRY_COMPARE(numbers(), (QStringList{u"W-000002"_s, u"W-000001"_s}));
    QTest::keyClicks(bar->maximumField(), u"40"_s);
    QTRY_COMPARE(numbers(), (QStringList{u"W-000001"_s}));
    // An amount that cannot be read is named; the table keeps the last query.
    bar->maximumField()->setText(u"lots"_s);
    QTRY_VERIFY2(m_page->feedback().contains(u"“lots”"_s), qPrintable(m_page->feedback()));
    QCOMPARE(numbers(), (QStringList{u"W-000001"_s}));
    test::saveScreenshotIfWanted(m_page.get(), u"orders-filter-refused"_s);
    bar->clear();
    QTRY_COMPARE(numbers().size(), 5);
    QVERIFY(m_page->feedback().isEmpty());

    // The search box: order number prefixes (any case) and customers.
    m_page->searchBox()->setText(u"r1-"_s);
    QTRY_COMPARE(numbers(), (QStringList{u"R1-000002"_s, u"R1-000001"_s}));
    m_page->searchBox()->setText(u"ada@"_s);
    QTRY_COMPARE(numbers().size(), 4);
    m_page->searchBox()->setText(u"nobody"_s);
    QTRY_COMPARE(numbers(), QStringList{});
    QTRY_COMPARE(m_page->countText(), u"No order matches"_s);
    QVERIFY(settle());
}

void TestOrdersPage::keyboardOpensTheDetail()
{
    QVERIFY(openPage(m_shop->admin));
    m_page->view()->setFocus();
    QTest::keyClick(m_page->view(), Qt::Key_F, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(), m_page->searchBox());
    QTest::keyClicks(m_page->searchBox(), u"R1-000002"_s);
    QTest::keyClick(m_page->searchBox(), Qt::Key_Return);
    QTRY_COMPARE(numbers(), QStringList{u"R1-000002"_s});
    QTest::keyClick(m_page->searchBox(), Qt::Key_Down);
    QCOMPARE(QApplication::focusWidget(), m_page->view());
    QSignalSpy shown(m_page.get(), &OrdersPage::detailShown);
    QTest::keyClick(m_page->view(), Qt::Key_Return);
    QTRY_VERIFY(!shown.isEmpty());
    QCOMPARE(shown.last().at(0).toLongLong(), m_orders.value(u"R1-000002"_s));

    OrderDetailPanel *detail = m_page->detailPanel();
    QCOMPARE(detail->headingText(), u"Order R1-000002 · Delivered"_s);
    QCOMPARE(detail->linesTable()->rowCount(), 2);
    QCOMPARE(detail->linesTable()->item(0, 1)->text(), u"HAM-1"_s);
    QCOMPARE(detail->linesTable()->item(1, 3)->text(), u"1"_s);   // the cup came back
    QCOMPARE(detail->paymentsTable()->rowCount(), 1);
    QVERIFY(detail->paymentsTable()->item(0, 4)->text().contains(u"4242"_s));
    QCOMPARE(detail->refundsTable()->rowCount(), 1);
    QVERIFY(detail->refundsTable()->item(0, 4)->text().contains(u"Chipped rim"_s));
    QCOMPARE(detail->timelineTable()->rowCount(), 1);
    QCOMPARE(detail->timelineTable()->item(0, 2)->text(), u"Clara Clerk"_s);
    // Delivered: the machine allows only refunded, which goes through Refund lines.
    QVERIFY(detail->statusButtons().isEmpty());
    QVERIFY(detail->refundButton()->isVisible());
    test::saveScreenshotIfWanted(m_page.get(), u"orders-detail"_s);
    // Refund lines: the register's return dialog for this order, card only.
    QTest::mouseClick(detail->refundButton(), Qt::LeftButton);
    ReturnDialog *refund = nullptr;
    QTRY_VERIFY((refund = m_page->findChild<ReturnDialog *>()) && refund->isVisible());
    QCOMPARE(refund->receiptField()->text(), u"R1-000002"_s);
    QVERIFY(refund->receiptField()->isReadOnly());
    QCOMPARE(refund->destinationBox()->count(), 1);
    QCOMPARE(refund->destinationBox()->currentData().toInt(), int(RefundDestination::OriginalTender));
    QTRY_COMPARE(refund->lines()->rowCount(), 2);
    test::saveScreenshotIfWanted(refund, u"orders-refund-lines"_s);
    refund->reject();
    detail->tabs()->setCurrentIndex(OrderDetailPanel::RefundsTab);
    test::saveScreenshotIfWanted(m_page.get(), u"orders-detail-refunds"_s);
    detail->tabs()->setCurrentIndex(OrderDetailPanel::TimelineTab);
    test::saveScreenshotIfWanted(m_page.get(), u"orders-detail-timeline"_s);
}

void TestOrdersPage::detailOffersTheAllowedStatuses()
{
    QVERIFY(openPage(m_shop->admin));
    QSignalSpy shown(m_page.get(), &OrdersPage::detailShown);
    m_page->view()->setFocus();
    m_page->view()->setCurrentIndex(m_page->model()->index(numbers().indexOf(u"W-000001"_s), 0));
    QTest::keyClick(m_page->view(), Qt::Key_Enter);
    QTRY_VERIFY(!shown.isEmpty());
    OrderDetailPanel *detail = m_page->detailPanel();
    QStringList buttons;
    for (QPushButton *button : detail->statusButtons())
        buttons.append(button->objectName());
    QCOMPARE(buttons, (QStringList{u"confirmOrderButton"_s, u"cancelOrderButton"_s}));
    QVERIFY(!detail->refundButton()->isVisible());
    detail->tabs()->setCurrentIndex(OrderDetailPanel::AddressesTab);
    QVERIFY(detail->findChild<QLabel *>(u"orderAddresses"_s)->text().contains(u"Analytical Row"_s));
    test::saveScreenshotIfWanted(m_page.get(), u"orders-detail-online"_s);

    shown.clear();
    m_page->view()->setCurrentIndex(m_page->model()->index(numbers().indexOf(u"W-000003"_s), 0));
    QTest::keyClick(m_page->view(), Qt::Key_Return);
    QTRY_VERIFY(!shown.isEmpty());
    buttons.clear();
    for (QPushButton *button : detail->statusButtons())
        buttons.append(button->objectName());
    QCOMPARE(buttons, (QStringList{u"shipOrderButton"_s, u"cancelOrderButton"_s}));
}

void TestOrdersPage::vendorsSeeTheirOwnLinesOnly()
{
    QVERIFY(openPage(m_vendor));
    QCOMPARE(numbers(), (QStringList{u"W-000002"_s, u"R1-000002"_s}));
    OrderTableModel *model = m_page->model();
    // The hammer alone, not the cup beside it.
    QCOMPARE(model->index(1, OrderTableModel::TotalColumn).data().toString(), Money(2400, u"EUR").toString());
    QVERIFY(m_page->view()->isColumnHidden(OrderTableModel::ClerkColumn));
    QVERIFY(!m_page->bulkButton()->isVisible());
    QVERIFY(!m_page->filterBar()->vendorBox()->isVisible());
    QSignalSpy shown(m_page.get(), &OrdersPage::detailShown);
    m_page->view()->setFocus();
    m_page->view()->setCurrentIndex(model->index(1, 0));
    QTest::keyClick(m_page->view(), Qt::Key_Return);
    QTRY_VERIFY(!shown.isEmpty());
    OrderDetailPanel *detail = m_page->detailPanel();
    QCOMPARE(detail->linesTable()->rowCount(), 1);
    QCOMPARE(detail->linesTable()->item(0, 1)->text(), u"HAM-1"_s);
    QCOMPARE(detail->refundsTable()->rowCount(), 0);
    QVERIFY(!detail->tabs()->isTabVisible(OrderDetailPanel::PaymentsTab));
    QVERIFY(detail->statusButtons().isEmpty());
    QVERIFY(!detail->refundButton()->isVisible());
    test::saveScreenshotIfWanted(m_page.get(), u"orders-vendor"_s);
}

void TestOrdersPage::bulkStatusChange()
{
    QVERIFY(openPage(m_shop->admin));
    QTableView *view = m_page->view();
    view->setFocus();
    // Both pending orders and a delivered sale, which may not become confirmed.
    view->setCurrentIndex(m_page->model()->index(numbers().indexOf(u"W-000002"_s), 0));
    QTest::keyClick(view, Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(view, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(m_page->selectedOrderIds().size(), 3);
    QVERIFY(m_page->bulkButton()->isEnabled());
    QCOMPARE(m_page->bulkButton()->text(), u"Change &status of 3 orders…"_s);
    QTest::mouseClick(m_page->bulkButton(), Qt::LeftButton);
    BulkStatusDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_page->findChild<BulkStatusDialog *>()) && dialog->isVisible());
    dialog->setStatus(OrderStatus::Confirmed);
    QCOMPARE(dialog->changeButton()->text(), u"Make 3 orders “Confirmed”"_s);
    test::saveScreenshotIfWanted(dialog, u"orders-bulk-dialog"_s);
    QSignalSpy finished(m_page.get(), &OrdersPage::actionFinished);
    QTest::mouseClick(dialog->changeButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 10000);
    const QString summary = finished.last().at(0).toString();
    QVERIFY2(summary.startsWith(u"2 orders are now “Confirmed”."_s), qPrintable(summary));
    QVERIFY2(summary.contains(u"R1-000002"_s), qPrintable(summary));
    QCOMPARE(statusOf(u"W-000001"_s), u"confirmed"_s);
    QCOMPARE(statusOf(u"W-000002"_s), u"confirmed"_s);
    QCOMPARE(statusOf(u"R1-000002"_s), u"delivered"_s);
    QTRY_COMPARE(m_page->model()->index(numbers().indexOf(u"W-000001"_s), OrderTableModel::StatusColumn)
                     .data()
                     .toString(),
                 u"Confirmed"_s);
    QCOMPARE(m_page->feedback(), summary);
    test::saveScreenshotIfWanted(m_page.get(), u"orders-bulk-done"_s);
}

QTEST_MAIN(TestOrdersPage)
#include "tst_orderspage.moc"
