// The Customers page driven like a clerk or an administrator would: search
// (Ctrl+F), the detail with lifetime value, addresses and orders, Edit…,
// Merge into… with its confirmation naming both customers, Export data….

#include "CustomerTableModel.h"
#include "UiTestShop.h"
#include "customers/CustomerDetailPanel.h"
#include "customers/CustomerEditDialog.h"
#include "customers/CustomersPage.h"
#include "customers/MergeCustomerDialog.h"
#include "catalog/ProductService.h"

#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestCustomersPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void listsCustomersWithTheirLifetimeValue();
    void ctrlFSearches();
    void choosingACustomerShowsAddressesAndOrders();
    void editsThroughTheDialogAndExplainsMistakes();
    void mergesAfterAConfirmationNamingBoth();
    void exportsToTheChosenFile();

private:
    qint64 addCustomer(const QString &first, const QString &last, const QString &email, const QString &phone = {});
    void addOrder(qint64 customerId, qint64 totalCents, qint64 refundedCents, int daysAgo);
    void addAddress(qint64 userId, const QString &street, const QString &type, bool isDefault);
    bool openPage(const Session &session);
    bool selectRowOf(const QString &email);
    QVariant scalar(const QString &sql, const QVariantList &values = {});
    QPushButton *button(const QString &name) { return m_page->findChild<QPushButton *>(name); }

    std::unique_ptr<test::UiTestShop> m_shop;
    std::unique_ptr<CustomersPage> m_page;
    qint64 m_ada = 0;
    qint64 m_adaAgain = 0;
    qint64 m_grace = 0;
    int m_orders = 0;
};

void TestCustomersPage::initTestCase()
{
    test::isolateSettings();
}

void TestCustomersPage::init()
{
    m_orders = 0;
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
    m_ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s, u"+44 20 7946 0018"_s);
    m_adaAgain = addCustomer(u"Ada"_s, u"Lovelace"_s, u"a.lovelace@example.test"_s);
    m_grace = addCustomer(u"Grace"_s, u"Hopper"_s, u"grace@example.test"_s, u"+1 202 555 0143"_s);
    addCustomer(u"Alan"_s, u"Turing"_s, u"alan@example.test"_s);
    QVERIFY(m_ada && m_adaAgain && m_grace);
    addAddress(m_ada, u"12 St James's Square"_s, u"shipping"_s, true);
    addAddress(m_ada, u"1 Accounts Lane"_s, u"billing"_s, true);
    addOrder(m_ada, 4320, 1080, 40);
    addOrder(m_ada, 1999, 0, 3);
    addOrder(m_adaAgain, 1250, 0, 10);
    addOrder(m_grace, 8800, 0, 1);
}

void TestCustomersPage::cleanup()
{
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        if (qobject_cast<QDialog *>(window))
            window->close();
    m_page.reset();
    m_shop.reset();
}

qint64 TestCustomersPage::addCustomer(const QString &first, const QString &last, const QString &email,
                                      const QString &phone)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<qint64> id = Database::wait(m_shop->database->write([=](Connection &c) {
        return c.insert(u"INSERT INTO users (email, password_hash, first_name, last_name, phone, role, created_at, "
                        "updated_at) VALUES (?, 'x', ?, ?, ?, 'customer', ?, ?) RETURNING id"_s,
                        {email, first, last, phone.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(phone),
                         now, now});
    }));
    return id.ok() ? id.value() : 0;
}

void TestCustomersPage::addOrder(qint64 customerId, qint64 totalCents, qint64 refundedCents, int daysAgo)
{
    const QDateTime at = QDateTime::currentDateTimeUtc().addDays(-daysAgo);
    const QString number = u"W-%1"_s.arg(++m_orders, 6, 10, QChar(u'0'));
    Result<qint64> id = Database::wait(m_shop->database->write([=](Connection &c) {
        return c.insert(u"INSERT INTO orders (order_number, channel, status, customer_id, location_id, currency, "
                        "subtotal_cents, tax_cents, total_cents, paid_cents, refunded_cents, created_at, updated_at) "
                        "VALUES (?, 'online', 'delivered', ?, (SELECT MIN(id) FROM locations), 'EUR', ?, 0, ?, ?, ?, "
                        "?, ?) RETURNING id"_s,
                        {number, customerId, totalCents, totalCents, totalCents, refundedCents, at, at});
    }));
    QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().details));
}

void TestCustomersPage::addAddress(qint64 userId, const QString &street, const QString &type, bool isDefault)
{
    Result<qint64> id = Database::wait(m_shop->database->write([=](Connection &c) {
        return c.insert(u"INSERT INTO addresses (user_id, street_address, city, state, postal_code, country, "
                        "is_default, address_type) VALUES (?, ?, 'London', '', 'SW1Y 4LE', 'GB', ?, ?) RETURNING id"_s,
                        {userId, street, isDefault ? 1 : 0, type});
    }));
    QVERIFY(id.ok());
}

QVariant TestCustomersPage::scalar(const QString &sql, const QVariantList &values)
{
    Result<QVariant> value =
        Database::wait(m_shop->database->read([=](Connection &c) { return c.scalar(sql, values); }));
    return value.ok() ? value.value() : QVariant();
}

bool TestCustomersPage::openPage(const Session &session)
{
    m_page = std::make_unique<CustomersPage>(m_shop->services, session);
    m_page->resize(1100, 720);
    m_page->show();
    m_page->activateWindow();
    if (!QTest::qWaitForWindowExposed(m_page.get()))
        return false;
    return QTest::qWaitFor([this] { return m_page->hasLoaded(); });
}

bool TestCustomersPage::selectRowOf(const QString &email)
{
    CustomerTableModel *model = m_page->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->customerAt(row).customer.email == email) {
            QTableView *view = m_page->view();
            QSignalSpy shown(m_page.get(), &CustomersPage::detailShown);
            const QRect cellRect = view->visualRect(model->index(row, CustomerTableModel::NameColumn));
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cellRect.center());
            const bool waited = shown.wait(5000) || !shown.isEmpty();
            if (!waited)
                qWarning() << "no detail" << m_page->selectedCustomer().has_value() << m_page->detail()->customerId()
                           << cellRect << view->isVisible() << model->rowCount();
            return waited && m_page->selectedCustomer()
                   && m_page->selectedCustomer()->customer.email == email;
        }
    }
    return false;
}

void TestCustomersPage::listsCustomersWithTheirLifetimeValue()
{
    QVERIFY(openPage(m_shop->admin));
    CustomerTableModel *model = m_page->model();
    QCOMPARE(model->rowCount(), 4);
    // By last name, then first name.
    QCOMPARE(model->customerAt(0).customer.email, u"grace@example.test"_s);
    QCOMPARE(model->customerAt(3).customer.email, u"alan@example.test"_s);
    const int ada = model->rowOfCustomer(m_ada);
    QCOMPARE(model->data(model->index(ada, CustomerTableModel::OrdersColumn)).toString(), QLocale().toString(2));
    QCOMPARE(model->data(model->index(ada, CustomerTableModel::ValueColumn)).toString(),
             Money(4320 + 1999 - 1080, u"EUR").toString(QLocale()));
    QVERIFY(!model->data(model->index(ada, CustomerTableModel::LastOrderColumn)).toString().isEmpty());
    const int alan = model->rowOfCustomer(scalar(u"SELECT id FROM users WHERE email = 'alan@example.test'"_s).toLongLong());
    QCOMPARE(model->data(model->index(alan, CustomerTableModel::OrdersColumn)).toString(), QLocale().toString(0));
    test::saveScreenshotIfWanted(m_page.get(), u"customers-page"_s);
}

void TestCustomersPage::ctrlFSearches()
{
    QVERIFY(openPage(m_shop->clerk));
    m_page->view()->setFocus();
    QTest::keyClick(m_page->view(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(m_page->searchBox()->hasFocus());
    QTest::keyClicks(m_page->searchBox(), u"hop"_s);
    QTest::keyClick(m_page->searchBox(), Qt::Key_Return);
    QTRY_COMPARE(m_page->model()->rowCount(), 1);
    QCOMPARE(m_page->model()->customerAt(0).customer.id, m_grace);
    m_page->searchBox()->selectAll();
    QTest::keyClicks(m_page->searchBox(), u"+44"_s);
    QTRY_VERIFY(m_page->model()->rowCount() == 1 && m_page->model()->customerAt(0).customer.id == m_ada);
}

void TestCustomersPage::choosingACustomerShowsAddressesAndOrders()
{
    QVERIFY(openPage(m_shop->admin));
    QVERIFY(selectRowOf(u"ada@example.test"_s));
    CustomerDetailPanel *detail = m_page->detail();
    QCOMPARE(detail->customerId(), m_ada);
    QVERIFY2(detail->lifetimeText().contains(Money(5239, u"EUR").toString(QLocale())),
             qPrintable(detail->lifetimeText()));
    QVERIFY(detail->addressesText().contains(u"12 St James"_s));
    QVERIFY(detail->addressesText().contains(u"1 Accounts Lane"_s));
    QTableWidget *orders = detail->orderTable();
    QCOMPARE(orders->rowCount(), 2);
    // Newest first.
    QCOMPARE(orders->item(0, 0)->text(), u"W-000002"_s);
    QCOMPARE(orders->item(1, 0)->text(), u"W-000001"_s);
    test::saveScreenshotIfWanted(m_page.get(), u"customers-detail"_s);
}

void TestCustomersPage::editsThroughTheDialogAndExplainsMistakes()
{
    QVERIFY(openPage(m_shop->admin));
    QVERIFY(selectRowOf(u"ada@example.test"_s));
    QTest::mouseClick(button(u"editCustomerButton"_s), Qt::LeftButton);
    auto *dialog = m_page->findChild<CustomerEditDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->addressTable()->rowCount(), 2);
    auto *email = dialog->findChild<QLineEdit *>(u"email"_s);
    email->setText(u"grace@example.test"_s);
    dialog->save();
    QTRY_VERIFY(!dialog->message().isEmpty());
    QVERIFY2(dialog->message().contains(u"grace@example.test"_s), qPrintable(dialog->message()));
    QVERIFY(dialog->isVisible());
    test::saveScreenshotIfWanted(dialog, u"customers-edit"_s);

    email->setText(u"ada.king@example.test"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"addAddressButton"_s), Qt::LeftButton);
    QCOMPARE(dialog->addressTable()->rowCount(), 3);
    dialog->save();
    QTRY_VERIFY(!dialog->message().contains(u"grace@"_s));
    QTRY_VERIFY(!dialog->message().isEmpty());
    QVERIFY2(dialog->message().contains(u"street"_s), qPrintable(dialog->message()));
    QTableWidget *table = dialog->addressTable();
    const QStringList fresh{u"5 Marylebone Road"_s, u"London"_s, u""_s, u"NW1 5LR"_s, u"GB"_s};
    for (int i = 0; i < fresh.size(); ++i)
        table->item(2, CustomerEditDialog::StreetColumn + i)->setText(fresh[i]);
    QPointer<CustomerEditDialog> guard(dialog);
    dialog->save();
    QTRY_VERIFY2(!guard || !guard->isVisible(), qPrintable(guard ? guard->message() : QString()));
    QTRY_VERIFY(m_page->feedback().contains(u"Saved the details"_s));
    QCOMPARE(scalar(u"SELECT email FROM users WHERE id = ?"_s, {m_ada}).toString(), u"ada.king@example.test"_s);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM addresses WHERE user_id = ?"_s, {m_ada}).toInt(), 3);
}

void TestCustomersPage::mergesAfterAConfirmationNamingBoth()
{
    // Both accounts have an open online cart with the same item.
    ProductDraft draft;
    draft.name = u"Tea towel"_s;
    VariantDraft variant;
    variant.sku = u"TOWEL-1"_s;
    variant.price = u"6.50"_s;
    draft.variants.append(variant);
    Result<Product> towel = Database::wait(ProductService(m_shop->database).create(m_shop->admin, draft));
    QVERIFY2(towel.ok(), qPrintable(towel.ok() ? QString() : towel.error().message));
    for (const auto &[customer, quantity] : {std::pair{m_ada, 1}, std::pair{m_adaAgain, 2}}) {
        const qint64 variantId = towel->variants.first().id;
        const qint64 productId = towel->id;
        Result<qint64> line = Database::wait(m_shop->database->write([=](Connection &c) -> Result<qint64> {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            Result<qint64> cart = c.insert(u"INSERT INTO carts (owner_user_id, customer_id, created_at, updated_at) "
                                           "VALUES (?, ?, ?, ?) RETURNING id"_s,
                                           {customer, customer, now, now});
            if (!cart)
                return cart.error();
            return c.insert(u"INSERT INTO cart_items (cart_id, product_id, variant_id, quantity, unit_price_cents, "
                            "position, added_at) VALUES (?, ?, ?, ?, 650, 1, ?) RETURNING id"_s,
                            {cart.value(), productId, variantId, quantity, now});
        }));
        QVERIFY2(line.ok(), qPrintable(line.ok() ? QString() : line.error().message));
    }

    QVERIFY(openPage(m_shop->clerk));
    QVERIFY(selectRowOf(u"a.lovelace@example.test"_s));
    QTest::mouseClick(button(u"mergeCustomerButton"_s), Qt::LeftButton);
    auto *dialog = m_page->findChild<MergeCustomerDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QSignalSpy results(dialog, &MergeCustomerDialog::resultsShown);
    QTest::keyClicks(dialog->searchBox(), u"ada lov"_s);
    QTest::keyClick(dialog->searchBox(), Qt::Key_Return);
    QVERIFY(results.wait(5000) || !results.isEmpty());
    QTRY_COMPARE(dialog->results()->count(), 1);   // not the duplicate itself
    dialog->results()->setCurrentRow(0);
    test::saveScreenshotIfWanted(dialog, u"customers-merge"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"mergeButton"_s), Qt::LeftButton);
    QTRY_VERIFY(dialog->confirmation() && dialog->confirmation()->isVisible());
    QMessageBox *confirmation = dialog->confirmation();
    QVERIFY(confirmation->text().contains(u"a.lovelace@example.test"_s));
    QVERIFY(confirmation->text().contains(u"ada@example.test"_s));
    test::saveScreenshotIfWanted(confirmation, u"customers-merge-confirm"_s);

    // Cancel first: nothing changes.
    confirmation->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!dialog->confirmation());
    QCOMPARE(scalar(u"SELECT COALESCE(merged_into_id, 0) FROM users WHERE id = ?"_s, {m_adaAgain}).toLongLong(), 0);

    QPointer<MergeCustomerDialog> guard(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"mergeButton"_s), Qt::LeftButton);
    QTRY_VERIFY(dialog->confirmation());
    QPushButton *merge = nullptr;
    for (QAbstractButton *candidate : dialog->confirmation()->buttons())
        if (dialog->confirmation()->buttonRole(candidate) == QMessageBox::AcceptRole)
            merge = qobject_cast<QPushButton *>(candidate);
    QVERIFY(merge);
    merge->click();
    QTRY_VERIFY(!guard || !guard->isVisible());
    QTRY_VERIFY(m_page->feedback().contains(u"Merged"_s));
    QVERIFY2(m_page->feedback().contains(u"of the online cart joined the other account's cart."_s),
             qPrintable(m_page->feedback()));
    QCOMPARE(scalar(u"SELECT SUM(quantity) FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE "
                    "c.owner_user_id = ? AND c.status = 'open'"_s,
                    {m_ada})
                 .toInt(),
             3);
    QCOMPARE(scalar(u"SELECT merged_into_id FROM users WHERE id = ?"_s, {m_adaAgain}).toLongLong(), m_ada);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM orders WHERE customer_id = ?"_s, {m_ada}).toInt(), 3);
    QTRY_COMPARE(m_page->model()->rowCount(), 3);
    QTRY_COMPARE(m_page->detail()->customerId(), m_ada);
    QTRY_COMPARE(m_page->detail()->orderTable()->rowCount(), 3);
    test::saveScreenshotIfWanted(m_page.get(), u"customers-merged"_s);
}

void TestCustomersPage::exportsToTheChosenFile()
{
    QVERIFY(openPage(m_shop->admin));
    QTemporaryDir dir;
    QString suggested;
    m_page->setSaveFileChooser([&](QWidget *, const QString &name) {
        suggested = name;
        return dir.filePath(name);
    });
    QVERIFY(selectRowOf(u"ada@example.test"_s));
    QSignalSpy finished(m_page.get(), &CustomersPage::exportFinished);
    QTest::mouseClick(button(u"exportCustomerButton"_s), Qt::LeftButton);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(suggested.endsWith(u".json"_s));
    QFile file(dir.filePath(suggested));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    QVERIFY(json.contains("ada@example.test"));
    QVERIFY(!json.contains("grace@example.test"));
    QVERIFY(m_page->feedback().contains(u"Saved the data"_s));
}

QTEST_MAIN(TestCustomersPage)
#include "tst_customerspage.moc"
