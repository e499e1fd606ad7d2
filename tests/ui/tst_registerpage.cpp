// The Register page driven by keyboard on a small shop with stock and an
// open shift: a whole sale (a scanner burst, the quantity key, cash with
// change), a split payment (cash and card against the gateway simulator), a
// declined card showing the gateway's sentence, a return by receipt number
// and a shift close with the Z report. Each step can be photographed.

#include "GatewaySimulator.h"
#include "UiTestShop.h"
#include "catalog/ProductService.h"
#include "inventory/InventoryLedger.h"
#include "payments/GatewayClient.h"
#include "payments/PaymentService.h"
#include "CartTableModel.h"
#include "register/CloseShiftDialog.h"
#include "register/PaymentDialog.h"
#include "register/RegisterPage.h"
#include "register/ReturnDialog.h"
#include "register/ScannerWedge.h"
#include "register/ShiftReportDialog.h"
#include "register/TotalsPanel.h"
#include "sales/ShiftService.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QTest>

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
};

constexpr qint64 RegisterOne = 1;

Money eur(qint64 cents)
{
    return Money(cents, u"EUR");
}

} // namespace

class TestRegisterPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void wholeSaleByKeyboard();
    void unknownCodeBeepsAndSaysSo();
    void splitPaymentCashAndCard();
    void declinedCardShowsTheSentence();
    void returnByReceiptNumber();
    void shiftCloseShowsTheZReport();

private:
    bool openPage();
    void scanWithScanner(const QString &code);
    PaymentDialog *openPayment();
    bool payCash(PaymentDialog *dialog, const QString &amount);
    QString sellOneCupForCash();
    template<typename Dialog>
    Dialog *waitForDialog();

    std::unique_ptr<test::UiTestShop> m_shop;
    std::unique_ptr<GatewaySimulator> m_gateway;
    std::unique_ptr<RegisterPage> m_page;
    qint64 m_shiftId = 0;
};

void TestRegisterPage::initTestCase()
{
    test::isolateSettings();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestRegisterPage::init()
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

void TestRegisterPage::cleanup()
{
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        if (qobject_cast<QDialog *>(window))
            window->close();
    m_page.reset();
    m_gateway.reset();
    m_shop.reset();
}

bool TestRegisterPage::openPage()
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

void TestRegisterPage::scanWithScanner(const QString &code)
{
    // A keyboard wedge: the digits within milliseconds, then Enter, into
    // whatever has the focus (here the cart table, not the scan box).
    m_page->cartView()->setFocus();
    QTest::keyClicks(m_page->cartView(), code);
    QTest::keyClick(m_page->cartView(), Qt::Key_Return);
}

template<typename Dialog>
Dialog *TestRegisterPage::waitForDialog()
{
    Dialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor([this, &dialog] {
        dialog = m_page->findChild<Dialog *>();
        return dialog && dialog->isVisible();
    });
    return shown ? dialog : nullptr;
}

PaymentDialog *TestRegisterPage::openPayment()
{
    m_page->scanBox()->setFocus();
    QTest::keyClick(m_page->scanBox(), Qt::Key_F12);
    return waitForDialog<PaymentDialog>();
}

bool TestRegisterPage::payCash(PaymentDialog *dialog, const QString &amount)
{
    dialog->tenderedField()->setFocus();
    QTest::keyClicks(dialog->tenderedField(), amount);
    QTest::keyClick(dialog->tenderedField(), Qt::Key_Return);
    return QTest::qWaitFor([dialog] { return dialog->completedSale().has_value() || !dialog->message().isEmpty(); })
        && dialog->completedSale().has_value();
}

QString TestRegisterPage::sellOneCupForCash()
{
    scanWithScanner(u"4006381333931"_s);
    if (!QTest::qWaitFor([this] { return m_page->cart().lines.size() == 1; }))
        return {};
    PaymentDialog *dialog = openPayment();
    if (!dialog || !payCash(dialog, u"5"_s))
        return {};
    const QString number = dialog->completedSale()->orderNumber;
    QTest::keyClick(dialog, Qt::Key_Return);
    if (!QTest::qWaitFor([this] { return m_page->cart().isEmpty() && m_page->pendingOperations() == 0; }))
        return {};
    return number;
}

void TestRegisterPage::wholeSaleByKeyboard()
{
    QVERIFY(openPage());
    test::saveScreenshotIfWanted(m_page.get(), u"register-empty"_s);

    scanWithScanner(u"4006381333931"_s);
    QTRY_COMPARE(m_page->cart().lines.size(), qsizetype(1));
    QCOMPARE(m_page->cart().lines.constFirst().sku, u"CUP-ESP"_s);
    QCOMPARE(m_page->message(), QString());

    // "3*" typed into the scan box, then a scan anywhere: three mugs.
    m_page->scanBox()->setFocus();
    QTest::keyClicks(m_page->scanBox(), u"3*"_s);
    QTest::qWait(ScannerWedge::kMaxKeyGapMs * 2);
    scanWithScanner(u"4006381333948"_s);
    QTRY_COMPARE(m_page->cart().lines.size(), qsizetype(2));
    QCOMPARE(m_page->cart().lines.at(1).quantity, qint64(3));
    // The last scanned line is the highlighted and selected one.
    QCOMPARE(m_page->cartModel()->highlightedVariant(), m_page->cart().lines.at(1).variantId);
    QCOMPARE(m_page->cartView()->currentIndex().row(), 1);

    // 4.50 + 3 × 9.90 = 34.20; tax 8 % per line: 0.36 + 2.38 = 2.74.
    QCOMPARE(m_page->cart().priced.subtotal, eur(34'20));
    QCOMPARE(m_page->cart().priced.tax, eur(2'74));
    QCOMPARE(m_page->cart().priced.total, eur(36'94));
    QCOMPARE(m_page->totals()->totalText(), eur(36'94).toString());
    test::saveScreenshotIfWanted(m_page.get(), u"register-cart"_s);

    // Up to the cup, "2" then F4: two cups.
    m_page->scanBox()->setFocus();
    QTest::keyClick(m_page->scanBox(), Qt::Key_Up);
    QCOMPARE(m_page->cartView()->currentIndex().row(), 0);
    QTest::keyClicks(m_page->scanBox(), u"2"_s);
    QTest::keyClick(m_page->scanBox(), Qt::Key_F4);
    QTRY_COMPARE(m_page->cart().lines.constFirst().quantity, qint64(2));
    QCOMPARE(m_page->cart().priced.total, eur(41'80));

    PaymentDialog *dialog = openPayment();
    QVERIFY(dialog);
    QCOMPARE(dialog->dueText(), eur(41'80).toString());
    test::saveScreenshotIfWanted(dialog, u"register-payment"_s);
    QVERIFY(payCash(dialog, u"50"_s));
    QCOMPARE(dialog->completedSale()->change, eur(8'20));
    QCOMPARE(dialog->changeText(), eur(8'20).toString());
    QVERIFY(!dialog->completedSale()->orderNumber.isEmpty());
    test::saveScreenshotIfWanted(dialog, u"register-paid"_s);

    // Enter starts the next sale: an empty cart.
    QTest::keyClick(dialog, Qt::Key_Return);
    QTRY_VERIFY(m_page->cart().isEmpty() && m_page->cart().id != 0);
    QVERIFY2(m_page->message().contains(u"complete"_s), qPrintable(m_page->message()));
}

void TestRegisterPage::unknownCodeBeepsAndSaysSo()
{
    QVERIFY(openPage());
    scanWithScanner(u"999999999"_s);
    QTRY_VERIFY(!m_page->message().isEmpty());
    QVERIFY2(m_page->message().contains(u"999999999"_s), qPrintable(m_page->message()));
    QVERIFY(m_page->cart().isEmpty());
    test::saveScreenshotIfWanted(m_page.get(), u"register-unknown-code"_s);
}

void TestRegisterPage::splitPaymentCashAndCard()
{
    QVERIFY(openPage());
    scanWithScanner(u"4006381333962"_s);
    QTRY_COMPARE(m_page->cart().lines.size(), qsizetype(1));
    // 34.99 + 2.80 tax.
    QCOMPARE(m_page->cart().priced.total, eur(37'79));
    PaymentDialog *dialog = openPayment();
    QVERIFY(dialog);

    dialog->tenderedField()->setFocus();
    QTest::keyClicks(dialog->tenderedField(), u"20"_s);
    QTest::keyClick(dialog->tenderedField(), Qt::Key_Return);
    QTRY_COMPARE(dialog->dueText(), eur(17'79).toString());
    QCOMPARE(dialog->paymentList()->count(), 1);
    QCOMPARE(dialog->cardAmountField()->text(), eur(17'79).toString());
    test::saveScreenshotIfWanted(dialog, u"register-split-cash-taken"_s);

    QTest::keyClick(dialog, Qt::Key_F3);
    QTest::keyClick(dialog->cardAmountField(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->completedSale().has_value(), 10000);
    QCOMPARE(dialog->paymentList()->count(), 2);
    QCOMPARE(dialog->completedSale()->payments.size(), qsizetype(2));
    QCOMPARE(dialog->completedSale()->change, eur(0));
    QCOMPARE(m_gateway->payments().size(), qsizetype(1));
    QCOMPARE(m_gateway->payments().constFirst().amount, qint64(17'79));
    test::saveScreenshotIfWanted(dialog, u"register-split-paid"_s);
}

void TestRegisterPage::declinedCardShowsTheSentence()
{
    QVERIFY(openPage());
    scanWithScanner(u"4006381333931"_s);
    QTRY_COMPARE(m_page->cart().lines.size(), qsizetype(1));
    PaymentDialog *dialog = openPayment();
    QVERIFY(dialog);
    m_gateway->setBehaviour(GatewaySimulator::Mode::Decline);
    QTest::keyClick(dialog, Qt::Key_F3);
    QTest::keyClick(dialog->cardAmountField(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->retryButton()->isVisible(), 10000);
    QVERIFY(!dialog->message().isEmpty());
    QVERIFY(!dialog->completedSale());
    QCOMPARE(dialog->paymentList()->count(), 0);
    QCOMPARE(dialog->dueText(), eur(4'86).toString());
    test::saveScreenshotIfWanted(dialog, u"register-card-declined"_s);

    // Other tender: cash, exact.
    QTest::mouseClick(dialog->otherTenderButton(), Qt::LeftButton);
    QVERIFY(dialog->tenderedField()->hasFocus());
    QVERIFY(payCash(dialog, u"4.86"_s));
    QCOMPARE(dialog->completedSale()->change, eur(0));
}

void TestRegisterPage::returnByReceiptNumber()
{
    QVERIFY(openPage());
    const QString receipt = sellOneCupForCash();
    QVERIFY(!receipt.isEmpty());

    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    m_page->scanBox()->setFocus();
    QTest::keyClick(m_page->scanBox(), Qt::Key_F11);
    auto *dialog = waitForDialog<ReturnDialog>();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->receiptField(), receipt);
    QTest::keyClick(dialog->receiptField(), Qt::Key_Return);
    QTRY_VERIFY(dialog->order().has_value());
    QCOMPARE(dialog->order()->lines.size(), qsizetype(1));
    QVERIFY(!dialog->setReturnQuantity(0, 2));
    QVERIFY(dialog->setReturnQuantity(0, 1));
    QCOMPARE(dialog->amountText(), eur(4'86).toString());
    // No reason yet: refused, nothing given back.
    QTest::mouseClick(dialog->giveBackButton(), Qt::LeftButton);
    QVERIFY(!dialog->message().isEmpty());
    QVERIFY(!dialog->result());
    QTest::keyClicks(dialog->reasonField(), u"Wrong colour"_s);
    dialog->destinationBox()->setCurrentIndex(1);
    test::saveScreenshotIfWanted(dialog, u"register-return"_s);
    QTest::mouseClick(dialog->giveBackButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value(), 10000);
    QCOMPARE(dialog->result()->amount, eur(4'86));
    QCOMPARE(dialog->result()->cash, eur(4'86));
    QVERIFY2(dialog->message().contains(eur(4'86).toString()), qPrintable(dialog->message()));
    test::saveScreenshotIfWanted(dialog, u"register-return-done"_s);
}

void TestRegisterPage::shiftCloseShowsTheZReport()
{
    QVERIFY(openPage());
    QVERIFY(!sellOneCupForCash().isEmpty());

    auto *close = m_page->findChild<QAction *>(u"closeShiftAction"_s);
    QVERIFY(close);
    close->trigger();
    auto *dialog = waitForDialog<CloseShiftDialog>();
    QVERIFY(dialog);
    // Float 100.00 + the cup 4.86.
    QCOMPARE(dialog->expectedText(), eur(104'86).toString());
    QTest::keyClicks(dialog->countedField(), u"104.80"_s);
    QCOMPARE(dialog->differenceText(), eur(-6).toString());
    test::saveScreenshotIfWanted(dialog, u"register-close-shift"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"closeShiftButton"_s), Qt::LeftButton);
    auto *z = waitForDialog<ShiftReportDialog>();
    QVERIFY(z);
    QVERIFY2(z->text().contains(u"Z report"_s), qPrintable(z->text()));
    // The report's plain text has ordinary spaces where the amount had no-break ones.
    const QString counted = eur(104'80).toString().replace(QChar(0x00A0), u' ');
    QVERIFY2(z->text().contains(counted), qPrintable(z->text()));
    QVERIFY(!m_page->shift().has_value());
    test::saveScreenshotIfWanted(z, u"register-z-report"_s);
}

QTEST_MAIN(TestRegisterPage)
#include "tst_registerpage.moc"
