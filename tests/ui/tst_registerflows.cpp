// The Register page's other paths, by keyboard as a clerk works them:
// parking and recalling a sale, line and sale discounts within the clerk's
// limit and above it with an administrator's PIN or password, a price
// override, finding an item with F2, attaching a customer (search and quick
// create), cash in and out with the X report, voiding a taken payment,
// saving a receipt as PDF and the interrupted-sale message after sign-in.
// Every step checks the cart in exact cents; every dialog can be photographed.

#include "DesktopApp.h"
#include "GatewaySimulator.h"
#include "MainWindow.h"
#include "auth/SignInDialog.h"
#include "UiTestShop.h"
#include "catalog/ProductService.h"
#include "customers/CustomerDirectory.h"
#include "inventory/InventoryLedger.h"
#include "payments/GatewayClient.h"
#include "payments/PaymentService.h"
#include "register/ApprovalBox.h"
#include "register/CashMovementDialog.h"
#include "register/CustomerDialog.h"
#include "register/DiscountDialog.h"
#include "register/ParkedCartsDialog.h"
#include "register/PaymentDialog.h"
#include "register/PriceOverrideDialog.h"
#include "register/ProductSearchPopup.h"
#include "register/RegisterPage.h"
#include "register/ScannerWedge.h"
#include "register/ShiftReportDialog.h"
#include "register/TotalsPanel.h"
#include "sales/CartService.h"
#include "sales/ShiftService.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

struct Item {
    QString name;
    QString sku;
    QString barcode;
    QString price;
};

const QList<Item> Items{
    {u"Espresso Cup"_s, u"CUP-ESP"_s, u"4006381333931"_s, u"4.50"_s},
    {u"Latte Mug"_s, u"MUG-LAT"_s, u"4006381333948"_s, u"9.90"_s},
    {u"Garden Hose"_s, u"HOS-25"_s, u"4006381333962"_s, u"34.99"_s},
    {u"Espresso Saucer"_s, u"SAU-ESP"_s, QString(), u"2.20"_s},
};

const QString Cup = u"4006381333931"_s;
const QString Mug = u"4006381333948"_s;
const QString Hose = u"4006381333962"_s;
const QString AdminPin = u"9157"_s;

constexpr qint64 RegisterOne = 1;

Money eur(qint64 cents)
{
    return Money(cents, u"EUR");
}

// Dialogs of the page delete themselves when they close.
bool closes(QDialog *dialog)
{
    QPointer<QDialog> guard(dialog);
    return QTest::qWaitFor([&guard] { return !guard || !guard->isVisible(); }, 10000);
}

// Calls step(window) once a visible top-level widget of type W appears
// (runDesktop creates its windows itself).
template<typename W>
void whenShown(std::function<void(W *)> step)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, step] {
        const QList<QWidget *> windows = QApplication::topLevelWidgets();
        for (QWidget *window : windows) {
            if (auto *found = qobject_cast<W *>(window); found && found->isVisible()) {
                timer->deleteLater();
                timer->stop();
                step(found);
                return;
            }
        }
    });
    timer->start();
}

// A popup menu runs its own event loop: the key that picks from it is sent
// once it is up.
void pickFromNextPopup(Qt::Key key)
{
    QTimer::singleShot(50, [key] {
        QTRY_VERIFY(QApplication::activePopupWidget());
        QTest::keyClick(QApplication::activePopupWidget(), key);
    });
}

} // namespace

class TestRegisterFlows : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void parkAndRecall();
    void lineDiscountWithinTheLimit();
    void lineDiscountAboveTheLimitNeedsAnAdminPin();
    void saleDiscountAmountThenAboveTheLimitByPassword();
    void priceOverrideWithinAndAboveTheLimit();
    void findAnItemWithF2();
    void customerQuickCreateThenSearch();
    void cashInAndOutThenXReport();
    void voidATakenPayment();
    void receiptSavedAsPdf();
    void interruptedSaleIsFinishedAfterSignIn();

private:
    bool openPage();
    void scanWithScanner(const QString &code);
    bool scanAndWait(const QString &code, qsizetype lines);
    template<typename Dialog>
    Dialog *waitForDialog(const QString &name = {});
    void pressOnPage(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);

    std::unique_ptr<test::UiTestShop> m_shop;
    std::unique_ptr<GatewaySimulator> m_gateway;
    std::unique_ptr<RegisterPage> m_page;
    qint64 m_shiftId = 0;
};

void TestRegisterFlows::initTestCase()
{
    test::isolateSettings();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestRegisterFlows::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
    const Services &services = m_shop->services;
    QHash<QString, qint64> variants;
    for (const Item &item : Items) {
        ProductDraft draft;
        draft.name = item.name;
        VariantDraft variant;
        variant.sku = item.sku;
        variant.barcode = item.barcode;
        variant.price = item.price;
        variant.cost = u"1.00"_s;
        draft.variants = {variant};
        const Result<Product> created = Database::wait(services.products->create(m_shop->admin, draft));
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        variants.insert(item.sku, created->variants.constFirst().id);
    }
    const Result<QList<Location>> locations = Database::wait(services.ledger->locations(m_shop->admin));
    QVERIFY2(locations.ok(), locations.ok() ? "" : qPrintable(locations.error().message));
    QList<StockLine> lines;
    for (const Item &item : Items) {
        StockLine line;
        line.variantId = variants.value(item.sku);
        line.quantity = 20;
        line.unitCost = eur(100);
        lines.append(line);
    }
    const Result<qint64> receipt = Database::wait(services.ledger->receive(
        m_shop->admin, locations->constFirst().id, u"Wholesale Ltd"_s, u"DN-1"_s, lines));
    QVERIFY2(receipt.ok(), receipt.ok() ? "" : qPrintable(receipt.error().message));

    // The owner approves at the register with a PIN.
    const Status pin = Database::wait(services.users->setPin(m_shop->admin, m_shop->admin.userId, AdminPin));
    QVERIFY2(pin.ok(), pin.ok() ? "" : qPrintable(pin.error().message));

    m_gateway = std::make_unique<GatewaySimulator>();
    QVERIFY2(m_gateway->listen(), qPrintable(m_gateway->errorString()));
    GatewaySettings gateway;
    gateway.baseUrl = m_gateway->url();
    gateway.requestTimeout = std::chrono::milliseconds(3000);
    gateway.firstBackoff = std::chrono::milliseconds(20);
    gateway.pendingPollInterval = std::chrono::milliseconds(20);
    services.gateway->setSettings(gateway);

    const Result<Shift> shift = Database::wait(services.shifts->open(m_shop->clerk, RegisterOne, eur(100'00)));
    QVERIFY2(shift.ok(), shift.ok() ? "" : qPrintable(shift.error().message));
    m_shiftId = shift->id;
}

void TestRegisterFlows::cleanup()
{
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        if (qobject_cast<QDialog *>(window))
            window->close();
    m_page.reset();
    m_gateway.reset();
    m_shop.reset();
}

bool TestRegisterFlows::openPage()
{
    m_page = std::make_unique<RegisterPage>(m_shop->services, m_shop->clerk);
    m_page->setRegisterId(RegisterOne);
    m_page->resize(1280, 760);
    m_page->show();
    m_page->activateWindow();
    if (!QTest::qWaitForWindowActive(m_page.get()))
        return false;
    return QTest::qWaitFor([this] { return m_page->hasLoaded() && m_page->shift().has_value(); });
}

void TestRegisterFlows::scanWithScanner(const QString &code)
{
    m_page->cartView()->setFocus();
    QTest::keyClicks(m_page->cartView(), code);
    QTest::keyClick(m_page->cartView(), Qt::Key_Return);
}

bool TestRegisterFlows::scanAndWait(const QString &code, qsizetype lines)
{
    scanWithScanner(code);
    return QTest::qWaitFor(
        [this, lines] { return m_page->cart().lines.size() == lines && m_page->pendingOperations() == 0; });
}

template<typename Dialog>
Dialog *TestRegisterFlows::waitForDialog(const QString &name)
{
    Dialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor([this, &dialog, &name] {
        dialog = m_page->findChild<Dialog *>(name);
        return dialog && dialog->isVisible() && dialog->isActiveWindow();
    });
    return shown ? dialog : nullptr;
}

void TestRegisterFlows::pressOnPage(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    // Activating a window that is active already would take the focus back
    // from the dialog the key opens.
    if (!m_page->isActiveWindow()) {
        m_page->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    }
    m_page->scanBox()->setFocus();
    QTest::keyClick(m_page->scanBox(), key, modifiers);
}

void TestRegisterFlows::parkAndRecall()
{
    QVERIFY(openPage());
    QVERIFY(scanAndWait(Cup, 1));
    QVERIFY(scanAndWait(Mug, 2));
    // 4.50 + 9.90 = 14.40; tax 0.36 + 0.79.
    QCOMPARE(m_page->cart().priced.total, eur(15'55));
    const qint64 firstCart = m_page->cart().id;

    pressOnPage(Qt::Key_F10);
    auto *name = waitForDialog<QInputDialog>(u"parkDialog"_s);
    QVERIFY(name);
    auto *nameField = name->findChild<QLineEdit *>();
    QVERIFY(nameField);
    QVERIFY(nameField->hasFocus());
    test::saveScreenshotIfWanted(name, u"flow-park-name"_s);
    QTest::keyClick(nameField, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(nameField, u"Anna, mugs"_s);
    QTest::keyClick(nameField, Qt::Key_Return);
    QTRY_VERIFY(m_page->cart().id != firstCart);
    QVERIFY(m_page->cart().isEmpty());
    QVERIFY2(m_page->message().contains(u"Anna, mugs"_s), qPrintable(m_page->message()));

    const Result<QList<Cart>> parked = Database::wait(m_shop->services.carts->parked(m_shop->clerk, RegisterOne));
    QVERIFY(parked.ok());
    QCOMPARE(parked->size(), qsizetype(1));
    QCOMPARE(parked->constFirst().label, u"Anna, mugs"_s);
    QCOMPARE(parked->constFirst().priced.total, eur(15'55));

    // Another sale meanwhile, parked too: the list holds both.
    QVERIFY(scanAndWait(Hose, 1));
    pressOnPage(Qt::Key_F10);
    name = waitForDialog<QInputDialog>(u"parkDialog"_s);
    QVERIFY(name);
    nameField = name->findChild<QLineEdit *>();
    QTest::keyClick(nameField, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(nameField, u"Hose"_s);
    QTest::keyClick(nameField, Qt::Key_Return);
    QTRY_VERIFY(m_page->cart().isEmpty() && m_page->cart().id != 0);

    pressOnPage(Qt::Key_F10, Qt::ShiftModifier);
    auto *list = waitForDialog<ParkedCartsDialog>();
    QVERIFY(list);
    QCOMPARE(list->list()->count(), 2);
    QVERIFY(list->list()->hasFocus());
    test::saveScreenshotIfWanted(list, u"flow-parked-list"_s);
    // Home or End to Anna's sale, Enter recalls it.
    int annaRow = -1;
    for (int row = 0; row < list->list()->count(); ++row)
        if (list->list()->item(row)->text().startsWith(u"Anna, mugs"_s))
            annaRow = row;
    QVERIFY(annaRow >= 0);
    QTest::keyClick(list->list(), annaRow == 0 ? Qt::Key_Home : Qt::Key_End);
    QTest::keyClick(list->list(), Qt::Key_Return);
    QTRY_COMPARE(m_page->cart().id, firstCart);
    QCOMPARE(m_page->cart().lines.size(), qsizetype(2));
    QCOMPARE(m_page->cart().priced.total, eur(15'55));
    QCOMPARE(m_page->totals()->totalText(), eur(15'55).toString());
    QVERIFY2(!m_page->message().contains(u"empty"_s), qPrintable(m_page->message()));
    const Result<QList<Cart>> left = Database::wait(m_shop->services.carts->parked(m_shop->clerk, RegisterOne));
    QVERIFY(left.ok());
    QCOMPARE(left->size(), qsizetype(1));
    QCOMPARE(left->constFirst().label, u"Hose"_s);
    test::saveScreenshotIfWanted(m_page.get(), u"flow-recalled"_s);

    // Recalling into a cart that is not empty is refused with a sentence.
    pressOnPage(Qt::Key_F10, Qt::ShiftModifier);
    list = waitForDialog<ParkedCartsDialog>();
    QVERIFY(list);
    QTest::keyClick(list->list(), Qt::Key_Return);
    QTRY_VERIFY(!m_page->message().isEmpty());
    QCOMPARE(m_page->cart().id, firstCart);
    QCOMPARE(m_page->cart().priced.total, eur(15'55));
}

void TestRegisterFlows::lineDiscountWithinTheLimit()
{
    QVERIFY(openPage());
    QVERIFY(scanAndWait(Hose, 1));
    pressOnPage(Qt::Key_F6);
    auto *dialog = waitForDialog<DiscountDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->valueField()->hasFocus());
    QCOMPARE(dialog->kindBox()->currentIndex(), 0);
    QTest::keyClicks(dialog->valueField(), u"10"_s);
    // Enter without a reason: refused, nothing written.
    QTest::keyClick(dialog->valueField(), Qt::Key_Return);
    QTRY_VERIFY(!dialog->message().isEmpty());
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->reasonField()->hasFocus());
    QCOMPARE(m_page->cart().priced.discount, eur(0));
    QTest::keyClicks(dialog->reasonField(), u"Scratched"_s);
    test::saveScreenshotIfWanted(dialog, u"flow-line-discount"_s);
    QTest::keyClick(dialog->reasonField(), Qt::Key_Return);
    QVERIFY(closes(dialog));
    // 10 % of 34.99 = 3.499 -> 3.50; tax 8 % of 31.49 = 2.5192 -> 2.52.
    QTRY_COMPARE(m_page->cart().priced.discount, eur(3'50));
    QCOMPARE(m_page->cart().priced.tax, eur(2'52));
    QCOMPARE(m_page->cart().priced.total, eur(34'01));
    QCOMPARE(m_page->totals()->totalText(), eur(34'01).toString());
    QTRY_COMPARE(m_page->focusWidget(), m_page->scanBox());
}

void TestRegisterFlows::lineDiscountAboveTheLimitNeedsAnAdminPin()
{
    QVERIFY(openPage());
    QVERIFY(scanAndWait(Hose, 1));
    pressOnPage(Qt::Key_F6);
    auto *dialog = waitForDialog<DiscountDialog>();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->valueField(), u"25"_s);
    QTest::keyClick(dialog->valueField(), Qt::Key_Tab);
    QVERIFY(dialog->reasonField()->hasFocus());
    QTest::keyClicks(dialog->reasonField(), u"Display model"_s);
    QTest::keyClick(dialog->reasonField(), Qt::Key_Return);
    // Above the clerk's 10 %: the approval box, with the cursor in it.
    QTRY_VERIFY(dialog->approvalBox()->isVisible());
    QVERIFY2(dialog->message().contains(u"limit"_s), qPrintable(dialog->message()));
    QVERIFY(dialog->approvalBox()->emailField()->hasFocus());
    QCOMPARE(m_page->cart().priced.discount, eur(0));
    test::saveScreenshotIfWanted(dialog, u"flow-line-discount-approval"_s);

    // A wrong PIN: a sentence, nothing written.
    QTest::keyClicks(dialog->approvalBox()->emailField(), test::AdminEmail);
    QTest::keyClick(dialog->approvalBox()->emailField(), Qt::Key_Tab);
    QVERIFY(dialog->approvalBox()->secretField()->hasFocus());
    QTest::keyClicks(dialog->approvalBox()->secretField(), u"0000"_s);
    QTest::keyClick(dialog->approvalBox()->secretField(), Qt::Key_Return);
    QTRY_VERIFY(!dialog->message().contains(u"limit"_s));
    QVERIFY(dialog->isVisible());
    const Result<Cart> unchanged = Database::wait(m_shop->services.carts->cart(m_shop->clerk, m_page->cart().id));
    QVERIFY(unchanged.ok());
    QCOMPARE(unchanged->priced.discount, eur(0));

    // The right PIN: the discount is written with the owner as approver.
    QTest::keyClick(dialog->approvalBox()->secretField(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(dialog->approvalBox()->secretField(), AdminPin);
    QTest::keyClick(dialog->approvalBox()->secretField(), Qt::Key_Return);
    QVERIFY(closes(dialog));
    // 25 % of 34.99 = 8.7475 -> 8.75; tax 8 % of 26.24 = 2.0992 -> 2.10.
    QTRY_COMPARE(m_page->cart().priced.discount, eur(8'75));
    QCOMPARE(m_page->cart().priced.tax, eur(2'10));
    QCOMPARE(m_page->cart().priced.total, eur(28'34));
    QCOMPARE(m_page->cart().lines.constFirst().discount->reason, u"Display model"_s);
}

void TestRegisterFlows::saleDiscountAmountThenAboveTheLimitByPassword()
{
    QVERIFY(openPage());
    QVERIFY(scanAndWait(Cup, 1));
    QVERIFY(scanAndWait(Mug, 2));
    pressOnPage(Qt::Key_F6, Qt::ShiftModifier);
    auto *dialog = waitForDialog<DiscountDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->windowTitle().contains(u"sale"_s));
    // Back to the kind, Down to "Amount".
    QTest::keyClick(dialog->valueField(), Qt::Key_Backtab);
    QVERIFY(dialog->kindBox()->hasFocus());
    QTest::keyClick(dialog->kindBox(), Qt::Key_Down);
    QCOMPARE(dialog->kindBox()->currentIndex(), 1);
    QTest::keyClick(dialog->kindBox(), Qt::Key_Tab);
    QTest::keyClicks(dialog->valueField(), u"1"_s);
    QTest::keyClick(dialog->valueField(), Qt::Key_Tab);
    QTest::keyClicks(dialog->reasonField(), u"Loyal customer"_s);
    test::saveScreenshotIfWanted(dialog, u"flow-sale-discount"_s);
    QTest::keyClick(dialog->reasonField(), Qt::Key_Return);
    QVERIFY(closes(dialog));
    // 1.00 over 4.50 and 9.90: 0.3125 and 0.6875 -> 0.31 and 0.69 (largest
    // remainder); tax 8 % of 4.19 = 0.3352 -> 0.34 and of 9.21 = 0.7368 -> 0.74.
    QTRY_COMPARE(m_page->cart().priced.discount, eur(1'00));
    QCOMPARE(m_page->cart().priced.lines.at(0).cartDiscountShare, eur(31));
    QCOMPARE(m_page->cart().priced.lines.at(1).cartDiscountShare, eur(69));
    QCOMPARE(m_page->cart().priced.tax, eur(1'08));
    QCOMPARE(m_page->cart().priced.total, eur(14'48));

    // 15 % is above the limit: the owner types their password.
    pressOnPage(Qt::Key_F6, Qt::ShiftModifier);
    dialog = waitForDialog<DiscountDialog>();
    QVERIFY(dialog);
    // The dialog opens with the discount as it is.
    QCOMPARE(dialog->kindBox()->currentIndex(), 1);
    QCOMPARE(dialog->reasonField()->text(), u"Loyal customer"_s);
    QTest::keyClick(dialog->valueField(), Qt::Key_Backtab);
    QTest::keyClick(dialog->kindBox(), Qt::Key_Up);
    QCOMPARE(dialog->kindBox()->currentIndex(), 0);
    QTest::keyClick(dialog->kindBox(), Qt::Key_Tab);
    QTest::keyClick(dialog->valueField(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(dialog->valueField(), u"15"_s);
    QTest::keyClick(dialog->valueField(), Qt::Key_Return);
    QTRY_VERIFY(dialog->approvalBox()->isVisible());
    QTest::keyClicks(dialog->approvalBox()->emailField(), test::AdminEmail);
    QTest::keyClick(dialog->approvalBox()->emailField(), Qt::Key_Tab);
    QTest::keyClicks(dialog->approvalBox()->secretField(), test::AdminPassword);
    test::saveScreenshotIfWanted(dialog, u"flow-sale-discount-approval"_s);
    QTest::keyClick(dialog->approvalBox()->secretField(), Qt::Key_Return);
    QVERIFY(closes(dialog));
    // 15 % of 14.40 = 2.16: 0.675 and 1.485 -> 0.68 (tie, the earlier line)
    // and 1.48; tax 8 % of 3.82 = 0.3056 -> 0.31 and of 8.42 = 0.6736 -> 0.67.
    QTRY_COMPARE(m_page->cart().priced.discount, eur(2'16));
    QCOMPARE(m_page->cart().priced.lines.at(0).cartDiscountShare, eur(68));
    QCOMPARE(m_page->cart().priced.lines.at(1).cartDiscountShare, eur(1'48));
    QCOMPARE(m_page->cart().priced.tax, eur(98));
    QCOMPARE(m_page->cart().priced.total, eur(13'22));
    QCOMPARE(m_page->totals()->totalText(), eur(13'22).toString());
    test::saveScreenshotIfWanted(m_page.get(), u"flow-sale-discounted"_s);
}

void TestRegisterFlows::priceOverrideWithinAndAboveTheLimit()
{
    QVERIFY(openPage());
    QVERIFY(scanAndWait(Mug, 1));
    pressOnPage(Qt::Key_F7);
    auto *dialog = waitForDialog<PriceOverrideDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->priceField()->hasFocus());
    QTest::keyClicks(dialog->priceField(), u"9.50"_s);
    QTest::keyClick(dialog->priceField(), Qt::Key_Tab);
    QVERIFY(dialog->reasonField()->hasFocus());
    QTest::keyClicks(dialog->reasonField(), u"Price match"_s);
    test::saveScreenshotIfWanted(dialog, u"flow-price-override"_s);
    QTest::keyClick(dialog->reasonField(), Qt::Key_Return);
    QVERIFY(closes(dialog));
    // 9.50 + 0.76.
    QTRY_COMPARE(m_page->cart().lines.constFirst().effectiveUnitPrice(), eur(9'50));
    QCOMPARE(m_page->cart().priced.total, eur(10'26));

    // Half the catalog price: the owner's PIN.
    pressOnPage(Qt::Key_F7);
    dialog = waitForDialog<PriceOverrideDialog>();
    QVERIFY(dialog);
    QCOMPARE(dialog->priceField()->text(), eur(9'50).toString());
    QTest::keyClick(dialog->priceField(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(dialog->priceField(), u"4.95"_s);
    QTest::keyClick(dialog->priceField(), Qt::Key_Return);
    QTRY_VERIFY(dialog->approvalBox()->isVisible());
    QVERIFY(dialog->approvalBox()->emailField()->hasFocus());
    QCOMPARE(m_page->cart().priced.total, eur(10'26));
    QTest::keyClicks(dialog->approvalBox()->emailField(), test::AdminEmail);
    QTest::keyClick(dialog->approvalBox()->emailField(), Qt::Key_Tab);
    QTest::keyClicks(dialog->approvalBox()->secretField(), AdminPin);
    test::saveScreenshotIfWanted(dialog, u"flow-price-override-approval"_s);
    QTest::keyClick(dialog->approvalBox()->secretField(), Qt::Key_Return);
    QVERIFY(closes(dialog));
    // 4.95 + 0.396 -> 0.40.
    QTRY_COMPARE(m_page->cart().priced.total, eur(5'35));
    QCOMPARE(m_page->cart().lines.constFirst().overrideReason, u"Price match"_s);
}

void TestRegisterFlows::findAnItemWithF2()
{
    QVERIFY(openPage());
    pressOnPage(Qt::Key_F2);
    auto *popup = waitForDialog<ProductSearchPopup>();
    QVERIFY(popup);
    QVERIFY(popup->searchBox()->hasFocus());
    // Two espresso items; the arrows move through them while typing goes on.
    QTest::keyClicks(popup->searchBox(), u"espresso"_s);
    QTRY_COMPARE(popup->matches()->count(), 2);
    QCOMPARE(popup->matches()->currentRow(), 0);
    QTest::keyClick(popup->searchBox(), Qt::Key_Down);
    QTest::keyClick(popup->searchBox(), Qt::Key_Down);
    QCOMPARE(popup->matches()->currentRow(), 1);
    QTest::keyClick(popup->searchBox(), Qt::Key_Up);
    QCOMPARE(popup->matches()->currentRow(), 0);
    QTest::keyClick(popup->searchBox(), Qt::Key_Down);
    QCOMPARE(popup->matches()->currentRow(), 1);
    QVERIFY(popup->searchBox()->hasFocus());
    test::saveScreenshotIfWanted(popup, u"flow-find-item"_s);
    const QString picked = popup->matches()->currentItem()->text();
    QTest::keyClick(popup->searchBox(), Qt::Key_Return);
    QTRY_COMPARE(m_page->cart().lines.size(), qsizetype(1));
    QVERIFY2(picked.startsWith(m_page->cart().lines.constFirst().name), qPrintable(picked));
    QTRY_COMPARE(m_page->focusWidget(), m_page->scanBox());

    // Typed fast and Enter before the matches came: the first match is added.
    pressOnPage(Qt::Key_F2);
    popup = waitForDialog<ProductSearchPopup>();
    QVERIFY(popup);
    QTest::keyClicks(popup->searchBox(), u"Hose"_s);
    QTest::keyClick(popup->searchBox(), Qt::Key_Return);
    QTRY_COMPARE(m_page->cart().lines.size(), qsizetype(2));
    QCOMPARE(m_page->cart().lines.at(1).sku, u"HOS-25"_s);

    // "2*" then F2: two units.
    m_page->scanBox()->setFocus();
    QTest::keyClicks(m_page->scanBox(), u"2*"_s);
    QTest::qWait(ScannerWedge::kMaxKeyGapMs * 2);
    pressOnPage(Qt::Key_F2);
    popup = waitForDialog<ProductSearchPopup>();
    QVERIFY(popup);
    QTest::keyClicks(popup->searchBox(), u"CUP-ESP"_s);
    QTRY_COMPARE(popup->matches()->count(), 1);
    QTest::keyClick(popup->searchBox(), Qt::Key_Return);
    QTRY_VERIFY(std::any_of(m_page->cart().lines.cbegin(), m_page->cart().lines.cend(),
                            [](const CartLine &line) { return line.sku == u"CUP-ESP"_s && line.quantity == 2; }));
}

void TestRegisterFlows::customerQuickCreateThenSearch()
{
    QVERIFY(openPage());
    QVERIFY(scanAndWait(Cup, 1));
    pressOnPage(Qt::Key_F9);
    auto *dialog = waitForDialog<CustomerDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->searchField()->hasFocus());
    QTest::keyClicks(dialog->searchField(), u"Lovelace"_s);
    QTest::keyClick(dialog->searchField(), Qt::Key_Return);
    QTRY_VERIFY2(dialog->message().contains(u"Lovelace"_s), qPrintable(dialog->message()));
    QCOMPARE(dialog->matches()->count(), 0);

    // Quick create: Tab to the first name, each field in turn, Enter.
    auto *firstName = dialog->findChild<QLineEdit *>(u"customerFirstName"_s);
    QVERIFY(firstName);
    for (int tab = 0; tab < 4 && !firstName->hasFocus(); ++tab)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QVERIFY(firstName->hasFocus());
    QTest::keyClicks(firstName, u"Ada"_s);
    QTest::keyClick(firstName, Qt::Key_Tab);
    QTest::keyClicks(QApplication::focusWidget(), u"Lovelace"_s);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTest::keyClicks(QApplication::focusWidget(), u"ada@example.org"_s);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    auto *phone = dialog->findChild<QLineEdit *>(u"customerPhone"_s);
    QVERIFY(phone->hasFocus());
    QTest::keyClicks(phone, u"+44 20 7946 0018"_s);
    test::saveScreenshotIfWanted(dialog, u"flow-customer-create"_s);
    QTest::keyClick(phone, Qt::Key_Return);
    QTRY_VERIFY(m_page->cart().customerId.has_value());
    QTRY_VERIFY(!m_page->findChild<CustomerDialog *>());
    QCOMPARE(m_page->cart().customerName, u"Ada Lovelace"_s);
    QVERIFY2(m_page->statusText().contains(u"Customer: Ada Lovelace"_s), qPrintable(m_page->statusText()));
    // Attaching a customer changes no money.
    QCOMPARE(m_page->cart().priced.total, eur(4'86));
    const qint64 ada = *m_page->cart().customerId;

    // Off again, then found by e-mail and picked with Enter.
    pressOnPage(Qt::Key_F9);
    dialog = waitForDialog<CustomerDialog>();
    QVERIFY(dialog);
    QTest::keyClick(dialog, Qt::Key_N, Qt::AltModifier);
    QTRY_VERIFY(!m_page->cart().customerId.has_value());
    QVERIFY2(m_page->statusText().contains(u"No customer"_s), qPrintable(m_page->statusText()));

    pressOnPage(Qt::Key_F9);
    dialog = waitForDialog<CustomerDialog>();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->searchField(), u"ada@example"_s);
    QTRY_COMPARE(dialog->matches()->count(), 1);
    test::saveScreenshotIfWanted(dialog, u"flow-customer-search"_s);
    QTest::keyClick(dialog->searchField(), Qt::Key_Return);
    QTRY_COMPARE(m_page->cart().customerId, std::optional<qint64>(ada));
    QTRY_COMPARE(m_page->focusWidget(), m_page->scanBox());
}

void TestRegisterFlows::cashInAndOutThenXReport()
{
    QVERIFY(openPage());
    pickFromNextPopup(Qt::Key_I);
    pressOnPage(Qt::Key_F8);
    auto *dialog = waitForDialog<CashMovementDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->amountField()->hasFocus());
    QCOMPARE(dialog->directionBox()->currentIndex(), 0);
    QTest::keyClicks(dialog->amountField(), u"50"_s);
    QTest::keyClick(dialog->amountField(), Qt::Key_Tab);
    QTest::keyClicks(dialog->reasonField(), u"Change from the bank"_s);
    test::saveScreenshotIfWanted(dialog, u"flow-cash-in"_s);
    QTest::keyClick(dialog->reasonField(), Qt::Key_Return);
    QVERIFY(closes(dialog));
    QVERIFY2(m_page->message().contains(u"Change from the bank"_s), qPrintable(m_page->message()));

    pickFromNextPopup(Qt::Key_I);
    pressOnPage(Qt::Key_F8);
    dialog = waitForDialog<CashMovementDialog>();
    QVERIFY(dialog);
    QTest::keyClick(dialog->amountField(), Qt::Key_Backtab);
    QVERIFY(dialog->directionBox()->hasFocus());
    QTest::keyClick(dialog->directionBox(), Qt::Key_Down);
    QCOMPARE(dialog->directionBox()->currentIndex(), 1);
    QTest::keyClick(dialog->directionBox(), Qt::Key_Tab);
    // Without a reason: refused, nothing recorded.
    QTest::keyClicks(dialog->amountField(), u"20.00"_s);
    QTest::keyClick(dialog->amountField(), Qt::Key_Return);
    QTRY_VERIFY(!dialog->message().isEmpty());
    QTest::keyClick(dialog->amountField(), Qt::Key_Tab);
    QTest::keyClicks(dialog->reasonField(), u"Window cleaner"_s);
    QTest::keyClick(dialog->reasonField(), Qt::Key_Return);
    QVERIFY(closes(dialog));

    const Result<ShiftReport> report = Database::wait(m_shop->services.shifts->xReport(m_shop->clerk, m_shiftId));
    QVERIFY(report.ok());
    QCOMPARE(report->cashIn, eur(50'00));
    QCOMPARE(report->cashOut, eur(20'00));
    QCOMPARE(report->expectedCash, eur(130'00));

    pickFromNextPopup(Qt::Key_X);
    pressOnPage(Qt::Key_F8);
    auto *x = waitForDialog<ShiftReportDialog>();
    QVERIFY(x);
    const QString text = x->text();
    QVERIFY2(text.contains(u"X report"_s), qPrintable(text));
    for (const qint64 cents : {50'00, 20'00, 130'00}) {
        const QString amount = eur(cents).toString().replace(QChar(0x00A0), u' ');
        QVERIFY2(text.contains(amount), qPrintable(amount + u" in "_s + text));
    }
    QVERIFY(m_page->shift().has_value());
    test::saveScreenshotIfWanted(x, u"flow-x-report"_s);
}

void TestRegisterFlows::voidATakenPayment()
{
    QVERIFY(openPage());
    QVERIFY(scanAndWait(Hose, 1));
    QCOMPARE(m_page->cart().priced.total, eur(37'79));
    pressOnPage(Qt::Key_F12);
    auto *dialog = waitForDialog<PaymentDialog>();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->tenderedField(), u"20"_s);
    QTest::keyClick(dialog->tenderedField(), Qt::Key_Return);
    QTRY_COMPARE(dialog->paymentList()->count(), 1);
    QTRY_COMPARE(dialog->dueText(), eur(17'79).toString());
    QVERIFY(dialog->voidButton()->isEnabled());

    // Alt+V voids the selected payment.
    QTest::keyClick(dialog, Qt::Key_V, Qt::AltModifier);
    QTRY_COMPARE(dialog->paymentList()->count(), 0);
    QCOMPARE(dialog->dueText(), eur(37'79).toString());
    QVERIFY2(dialog->message().contains(u"voided"_s), qPrintable(dialog->message()));
    QVERIFY(!dialog->voidButton()->isEnabled());
    QVERIFY(!dialog->completedSale());
    test::saveScreenshotIfWanted(dialog, u"flow-payment-voided"_s);
    const Result<QList<Payment>> payments =
        Database::wait(m_shop->services.payments->paymentsForCart(m_shop->clerk, m_page->cart().id));
    QVERIFY(payments.ok());
    QCOMPARE(payments->size(), qsizetype(1));
    QVERIFY(payments->constFirst().status != PaymentStatus::Completed);

    // The cart can change again: Escape, then two hoses.
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!m_page->findChild<PaymentDialog *>());
    QTRY_VERIFY(m_page->hasLoaded());
    m_page->scanBox()->setFocus();
    QTest::keyClicks(m_page->scanBox(), u"2"_s);
    pressOnPage(Qt::Key_F4);
    QTRY_COMPARE(m_page->cart().lines.constFirst().quantity, qint64(2));
    // 69.98 + 5.5984 -> 5.60.
    QCOMPARE(m_page->cart().priced.total, eur(75'58));
}

void TestRegisterFlows::receiptSavedAsPdf()
{
    QVERIFY(openPage());
    QVERIFY(scanAndWait(Cup, 1));
    pressOnPage(Qt::Key_F12);
    auto *dialog = waitForDialog<PaymentDialog>();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->tenderedField(), u"10"_s);
    QTest::keyClick(dialog->tenderedField(), Qt::Key_Return);
    QTRY_VERIFY(dialog->completedSale().has_value());
    QCOMPARE(dialog->completedSale()->change, eur(5'14));
    const QString number = dialog->completedSale()->orderNumber;

    auto *printButton = dialog->findChild<QPushButton *>(u"printReceiptButton"_s);
    QVERIFY(printButton);
    QVERIFY(printButton->isVisible());
    test::saveScreenshotIfWanted(dialog, u"flow-paid-receipt"_s);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"receipt.pdf"_s);
    // The save dialog is modal: answer it once it is up.
    QTimer::singleShot(100, [path] {
        QFileDialog *files = nullptr;
        QTRY_VERIFY((files = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) != nullptr);
        QVERIFY2(files->selectedFiles().value(0).endsWith(u".pdf"_s), qPrintable(files->selectedFiles().value(0)));
        test::saveScreenshotIfWanted(files, u"flow-receipt-save-pdf"_s);
        auto *name = files->findChild<QLineEdit *>(u"fileNameEdit"_s);
        QVERIFY(name);
        name->selectAll();
        QTest::keyClicks(name, path);
        QTest::keyClick(name, Qt::Key_Return);
    });
    // The receipt button's menu holds "Save as PDF".
    QMenu *menu = printButton->menu();
    QVERIFY(menu);
    QAction *pdf = nullptr;
    for (QAction *action : menu->actions())
        if (action->text().remove(u'&').contains(u"PDF"_s))
            pdf = action;
    QVERIFY(pdf);
    pdf->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 10000);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5).startsWith("%PDF"));
    QTRY_VERIFY2(m_page->message().contains(number), qPrintable(m_page->message()));
}

void TestRegisterFlows::interruptedSaleIsFinishedAfterSignIn()
{
    // A cup paid in full, then the power went: the cart was never completed.
    const Services &services = m_shop->services;
    const Result<Cart> cart = Database::wait(services.carts->current(m_shop->clerk, RegisterOne));
    QVERIFY(cart.ok());
    const Result<Cart> added = Database::wait(services.carts->addByCode(m_shop->clerk, cart->id, Cup, 1));
    QVERIFY(added.ok());
    QCOMPARE(added->priced.total, eur(4'86));
    const Result<Payment> paid = Database::wait(services.payments->addCash(m_shop->clerk, cart->id, eur(4'86)));
    QVERIFY2(paid.ok(), paid.ok() ? "" : qPrintable(paid.error().message));

    QString recoveryText;
    whenShown<SignInDialog>([](SignInDialog *signIn) {
        signIn->setEmail(test::ClerkEmail);
        signIn->setSecret(test::ClerkPassword);
        signIn->signIn();
    });
    whenShown<QMessageBox>([&recoveryText](QMessageBox *box) {
        recoveryText = box->objectName() + u": "_s + box->text();
        test::saveScreenshotIfWanted(box, u"flow-recovery-message"_s);
        box->accept();
    });
    // The main window closes (ending the run) once the message was read, or
    // after a few seconds without one.
    whenShown<MainWindow>([&recoveryText](MainWindow *window) {
        auto *deadline = new QElapsedTimer;
        deadline->start();
        auto *poll = new QTimer(window);
        poll->setInterval(50);
        QObject::connect(poll, &QTimer::timeout, window, [&recoveryText, window, deadline, poll] {
            if (recoveryText.isEmpty() && deadline->elapsed() < 8000)
                return;
            poll->stop();
            delete deadline;
            window->close();
        });
        poll->start();
    });
    const int exitCode = runDesktop(*qApp, services, DesktopOptions());
    QCOMPARE(exitCode, 0);
    QVERIFY2(recoveryText.startsWith(u"recoveryMessage: "_s), qPrintable(recoveryText));
    QVERIFY2(recoveryText.contains(u"R1-000001"_s), qPrintable(recoveryText));

    // The sale is an order now and the register's cart is a new, empty one.
    const Result<Cart> after = Database::wait(services.carts->current(m_shop->clerk, RegisterOne));
    QVERIFY(after.ok());
    QVERIFY(after->isEmpty());
    QVERIFY(after->id != cart->id);
}

QTEST_MAIN(TestRegisterFlows)
#include "tst_registerflows.moc"
