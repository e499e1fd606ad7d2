// The Settings page's Payments and Receipt printer groups: the stored
// gateway and printer shown, an edit saved and shown again, the running
// gateway client updated, bad input refused with nothing saved, Test
// connection against the gateway simulator, and no groups for a clerk.

#include "GatewaySimulator.h"
#include "UiTestShop.h"
#include "payments/GatewayClient.h"
#include "payments/GatewaySettingsStore.h"
#include "receipts/ReceiptSettingsStore.h"
#include "settings/PaymentSettingsForm.h"
#include "settings/ReceiptPrinterForm.h"
#include "settings/SettingsPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

const QString GatewayKey = u"sim-key-7f3a"_s;
constexpr qint64 RegisterOne = 1; // the register a desktop is until one is chosen

} // namespace

class TestPaymentSettings : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheStoredSettings();
    void savesAndShowsThemAgain();
    void keepsTheSavedKeyWhenLeftEmpty();
    void refusesABadAddress();
    void refusesANetworkPrinterWithoutHost();
    void testsTheConnection();
    void clerkSeesNeitherGroup();

private:
    std::unique_ptr<SettingsPage> openPage(const Session &session);
    bool saveAndWait(SettingsPage &page);
    bool testAndWait(SettingsPage &page);
    static void type(QLineEdit *edit, const QString &text);
    GatewaySettings storedGateway();
    ReceiptSettings storedPrinter();

    std::unique_ptr<test::UiTestShop> m_shop;
    std::unique_ptr<GatewaySimulator> m_gateway;
};

void TestPaymentSettings::initTestCase()
{
    test::isolateSettings();
}

void TestPaymentSettings::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
    m_gateway = std::make_unique<GatewaySimulator>();
    m_gateway->setApiKey(GatewayKey);
    QVERIFY2(m_gateway->listen(), qPrintable(m_gateway->errorString()));
}

void TestPaymentSettings::cleanup()
{
    m_gateway.reset();
    m_shop.reset();
}

std::unique_ptr<SettingsPage> TestPaymentSettings::openPage(const Session &session)
{
    auto page = std::make_unique<SettingsPage>(m_shop->services, session, m_shop->settings);
    QSignalSpy loaded(page.get(), &SettingsPage::loadFinished);
    page->resize(900, 1300);
    page->show();
    if (!QTest::qWaitForWindowExposed(page.get()))
        return nullptr;
    if (!page->isLoaded() && !loaded.wait(5000))
        return nullptr;
    return page;
}

bool TestPaymentSettings::saveAndWait(SettingsPage &page)
{
    QSignalSpy finished(&page, &SettingsPage::operationFinished);
    QTest::mouseClick(page.findChild<QPushButton *>(u"saveSettingsButton"_s), Qt::LeftButton);
    return (finished.size() > 0 || finished.wait(5000)) && finished.constLast().at(0).toBool();
}

bool TestPaymentSettings::testAndWait(SettingsPage &page)
{
    auto *form = page.findChild<PaymentSettingsForm *>();
    QSignalSpy tested(form, &PaymentSettingsForm::connectionTested);
    QTest::mouseClick(page.findChild<QPushButton *>(u"testGatewayButton"_s), Qt::LeftButton);
    return (tested.size() > 0 || tested.wait(10000)) && tested.constLast().at(0).toBool();
}

void TestPaymentSettings::type(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Delete);
    else
        QTest::keyClicks(edit, text);
}

GatewaySettings TestPaymentSettings::storedGateway()
{
    const Result<GatewaySettings> stored = Database::wait(m_shop->services.gatewaySettings->load());
    if (!stored)
        qWarning() << stored.error().message;
    return stored.ok() ? stored.value() : GatewaySettings();
}

ReceiptSettings TestPaymentSettings::storedPrinter()
{
    const Result<ReceiptSettings> stored = Database::wait(m_shop->services.receiptSettings->load(RegisterOne));
    if (!stored)
        qWarning() << stored.error().message;
    return stored.ok() ? stored.value() : ReceiptSettings();
}

void TestPaymentSettings::showsTheStoredSettings()
{
    GatewaySettings gateway;
    gateway.baseUrl = m_gateway->url();
    gateway.apiKey = GatewayKey;
    gateway.terminalId = u"T7"_s;
    gateway.requestTimeout = std::chrono::seconds(15);
    QVERIFY(Database::wait(m_shop->services.gatewaySettings->save(m_shop->admin, gateway)).ok());
    ReceiptSettings printer;
    printer.printerHost = u"192.168.1.50"_s;
    printer.printerPort = 9101;
    printer.columns = 32;
    printer.codePage = PrinterCodePage::Cp437;
    printer.drawerKickOnCash = false;
    QVERIFY(Database::wait(m_shop->services.receiptSettings->save(m_shop->admin, RegisterOne, printer)).ok());

    auto page = openPage(m_shop->admin);
    QVERIFY(page);
    QCOMPARE(page->registerId(), RegisterOne);
    QCOMPARE(page->findChild<QLineEdit *>(u"gatewayUrl"_s)->text(), m_gateway->url().toString());
    // The key itself never comes back to the screen.
    auto *key = page->findChild<QLineEdit *>(u"gatewayApiKey"_s);
    QVERIFY(key->text().isEmpty());
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    QVERIFY(page->findChild<QLabel *>(u"gatewayApiKeyState"_s)->text().contains(u"A key is saved"_s));
    QCOMPARE(page->findChild<QLineEdit *>(u"gatewayTerminalId"_s)->text(), u"T7"_s);
    QCOMPARE(page->findChild<QSpinBox *>(u"gatewayTimeout"_s)->value(), 15);
    QCOMPARE(page->findChild<QComboBox *>(u"printerKind"_s)->currentIndex(), 1);
    QCOMPARE(page->findChild<QLineEdit *>(u"printerHost"_s)->text(), u"192.168.1.50"_s);
    QCOMPARE(page->findChild<QSpinBox *>(u"printerPort"_s)->value(), 9101);
    QCOMPARE(page->findChild<QComboBox *>(u"printerColumns"_s)->currentData().toInt(), 32);
    QCOMPARE(page->findChild<QComboBox *>(u"printerCodePage"_s)->currentData().toInt(), int(PrinterCodePage::Cp437));
    QVERIFY(!page->findChild<QCheckBox *>(u"drawerKickOnCash"_s)->isChecked());
    QVERIFY(page->findChild<QLabel *>(u"printerRegister"_s)->text().contains(u"R1"_s));
    QVERIFY(!page->hasUnsavedChanges());
    QVERIFY(!page->findChild<QPushButton *>(u"saveSettingsButton"_s)->isEnabled());
    test::saveScreenshotIfWanted(page.get(), u"settings-payments-stored"_s);
}

void TestPaymentSettings::savesAndShowsThemAgain()
{
    auto page = openPage(m_shop->admin);
    QVERIFY(page);
    // A new database: cash only, no printer.
    QVERIFY(page->findChild<QLineEdit *>(u"gatewayUrl"_s)->text().isEmpty());
    QVERIFY(page->findChild<QLabel *>(u"gatewayApiKeyState"_s)->text().contains(u"The key the payment service"_s));
    QCOMPARE(page->findChild<QComboBox *>(u"printerKind"_s)->currentIndex(), 0);
    QVERIFY(!page->findChild<QLineEdit *>(u"printerHost"_s)->isEnabled());
    QCOMPARE(page->findChild<QSpinBox *>(u"printerPort"_s)->value(), 9100);

    type(page->findChild<QLineEdit *>(u"gatewayUrl"_s), m_gateway->url().toString());
    type(page->findChild<QLineEdit *>(u"gatewayApiKey"_s), GatewayKey);
    type(page->findChild<QLineEdit *>(u"gatewayTerminalId"_s), u"FRONT-2"_s);
    page->findChild<QSpinBox *>(u"gatewayTimeout"_s)->setValue(20);
    page->findChild<QComboBox *>(u"printerKind"_s)->setCurrentIndex(1);
    QVERIFY(page->findChild<QLineEdit *>(u"printerHost"_s)->isEnabled());
    type(page->findChild<QLineEdit *>(u"printerHost"_s), u"receipts.shop.lan"_s);
    auto *columns = page->findChild<QComboBox *>(u"printerColumns"_s);
    columns->setCurrentIndex(columns->findData(48));
    page->findChild<QCheckBox *>(u"drawerKickOnCash"_s)->setChecked(false);
    QVERIFY(page->hasUnsavedChanges());
    QVERIFY(page->findChild<QPushButton *>(u"saveSettingsButton"_s)->isEnabled());
    test::saveScreenshotIfWanted(page.get(), u"settings-payments-edited"_s);

    QVERIFY(saveAndWait(*page));
    QCOMPARE(page->message(), u"Settings saved."_s);
    QVERIFY(!page->hasUnsavedChanges());
    QVERIFY(page->findChild<QLineEdit *>(u"gatewayApiKey"_s)->text().isEmpty());
    QVERIFY(page->findChild<QLabel *>(u"gatewayApiKeyState"_s)->text().contains(u"A key is saved"_s));

    const GatewaySettings gateway = storedGateway();
    QCOMPARE(gateway.baseUrl, m_gateway->url());
    QCOMPARE(gateway.apiKey, GatewayKey);
    QCOMPARE(gateway.terminalId, u"FRONT-2"_s);
    QCOMPARE(gateway.requestTimeout, std::chrono::milliseconds(20'000));
    // The register's client uses them from the next payment on.
    QCOMPARE(m_shop->services.gateway->settings().baseUrl, m_gateway->url());
    QCOMPARE(m_shop->services.gateway->settings().apiKey, GatewayKey);
    QCOMPARE(m_shop->services.gateway->settings().terminalId, u"FRONT-2"_s);
    ReceiptSettings expected;
    expected.printerHost = u"receipts.shop.lan"_s;
    expected.columns = 48;
    expected.drawerKickOnCash = false;
    QCOMPARE(storedPrinter(), expected);
    test::saveScreenshotIfWanted(page.get(), u"settings-payments-saved"_s);

    page.reset();
    auto again = openPage(m_shop->admin);
    QVERIFY(again);
    QCOMPARE(again->findChild<QLineEdit *>(u"gatewayUrl"_s)->text(), m_gateway->url().toString());
    QCOMPARE(again->findChild<QLineEdit *>(u"gatewayTerminalId"_s)->text(), u"FRONT-2"_s);
    QCOMPARE(again->findChild<QSpinBox *>(u"gatewayTimeout"_s)->value(), 20);
    QCOMPARE(again->findChild<QLineEdit *>(u"printerHost"_s)->text(), u"receipts.shop.lan"_s);
    QCOMPARE(again->findChild<QComboBox *>(u"printerColumns"_s)->currentData().toInt(), 48);
    QVERIFY(!again->findChild<QCheckBox *>(u"drawerKickOnCash"_s)->isChecked());
    QVERIFY(!again->hasUnsavedChanges());

    // No printer again: the host is cleared, the rest stays.
    again->findChild<QComboBox *>(u"printerKind"_s)->setCurrentIndex(0);
    QVERIFY(saveAndWait(*again));
    expected.printerHost.clear();
    QCOMPARE(storedPrinter(), expected);
}

void TestPaymentSettings::keepsTheSavedKeyWhenLeftEmpty()
{
    GatewaySettings gateway;
    gateway.baseUrl = m_gateway->url();
    gateway.apiKey = GatewayKey;
    QVERIFY(Database::wait(m_shop->services.gatewaySettings->save(m_shop->admin, gateway)).ok());

    auto page = openPage(m_shop->admin);
    QVERIFY(page);
    type(page->findChild<QLineEdit *>(u"gatewayTerminalId"_s), u"R9"_s);
    QVERIFY(saveAndWait(*page));
    QCOMPARE(storedGateway().terminalId, u"R9"_s);
    QCOMPARE(storedGateway().apiKey, GatewayKey);

    // Emptying the address is how a shop goes back to cash only.
    type(page->findChild<QLineEdit *>(u"gatewayUrl"_s), QString());
    QVERIFY(saveAndWait(*page));
    QVERIFY(storedGateway().baseUrl.isEmpty());
}

void TestPaymentSettings::refusesABadAddress()
{
    auto page = openPage(m_shop->admin);
    QVERIFY(page);
    type(page->findChild<QLineEdit *>(u"shopName"_s), u"Renamed Shop"_s);
    auto *url = page->findChild<QLineEdit *>(u"gatewayUrl"_s);
    auto *form = page->findChild<PaymentSettingsForm *>();
    for (const QString &bad : {u"gateway.example.com"_s, u"ftp://gateway.example.com"_s, u"https://"_s,
                               u"http://exa mple.com"_s}) {
        type(url, bad);
        QVERIFY2(!saveAndWait(*page), qPrintable(bad));
        QVERIFY2(form->message().contains(u"web address"_s), qPrintable(form->message()));
        QVERIFY(url->hasFocus());
    }
    test::saveScreenshotIfWanted(page.get(), u"settings-payments-bad-address"_s);
    // Nothing was written, not even the valid shop name.
    QVERIFY(storedGateway().baseUrl.isEmpty());
    QCOMPARE(Database::wait(m_shop->services.settings->load())->shopName, test::ShopName);

    type(url, m_gateway->url().toString());
    type(page->findChild<QLineEdit *>(u"gatewayApiKey"_s), u"two words"_s);
    QVERIFY(!saveAndWait(*page));
    QVERIFY2(form->message().contains(u"API key"_s), qPrintable(form->message()));
    QVERIFY(storedGateway().apiKey.isEmpty());

    type(page->findChild<QLineEdit *>(u"gatewayApiKey"_s), GatewayKey);
    QVERIFY(saveAndWait(*page));
    QVERIFY(form->message().isEmpty());
    QCOMPARE(storedGateway().baseUrl, m_gateway->url());
}

void TestPaymentSettings::refusesANetworkPrinterWithoutHost()
{
    auto page = openPage(m_shop->admin);
    QVERIFY(page);
    page->findChild<QComboBox *>(u"printerKind"_s)->setCurrentIndex(1);
    QVERIFY(!saveAndWait(*page));
    auto *printer = page->findChild<ReceiptPrinterForm *>();
    QVERIFY2(printer->message().contains(u"IP address"_s), qPrintable(printer->message()));
    QVERIFY(page->findChild<QLineEdit *>(u"printerHost"_s)->hasFocus());
    type(page->findChild<QLineEdit *>(u"printerHost"_s), u"bad_host!"_s);
    QVERIFY(!saveAndWait(*page));
    QVERIFY2(printer->message().contains(u"IP address"_s), qPrintable(printer->message()));
    test::saveScreenshotIfWanted(page.get(), u"settings-printer-bad-host"_s);
    QCOMPARE(storedPrinter(), ReceiptSettings());
}

void TestPaymentSettings::testsTheConnection()
{
    auto page = openPage(m_shop->admin);
    QVERIFY(page);
    auto *form = page->findChild<PaymentSettingsForm *>();
    QVERIFY(!testAndWait(*page));
    QVERIFY2(form->message().contains(u"address first"_s), qPrintable(form->message()));

    type(page->findChild<QLineEdit *>(u"gatewayUrl"_s), m_gateway->url().toString());
    type(page->findChild<QLineEdit *>(u"gatewayApiKey"_s), GatewayKey);
    QVERIFY2(testAndWait(*page), qPrintable(form->message()));
    QCOMPARE(form->message(), u"The payment service answered and accepted the API key."_s);
    QVERIFY(m_gateway->requestsReceived() > 0);
    QVERIFY(m_gateway->payments().isEmpty());
    test::saveScreenshotIfWanted(page.get(), u"settings-payments-test-ok"_s);

    type(page->findChild<QLineEdit *>(u"gatewayApiKey"_s), u"wrong-key"_s);
    QVERIFY(!testAndWait(*page));
    QVERIFY2(form->message().contains(u"refused this API key"_s), qPrintable(form->message()));
    test::saveScreenshotIfWanted(page.get(), u"settings-payments-test-wrong-key"_s);

    // Testing saves nothing and leaves the register's client alone.
    QVERIFY(storedGateway().baseUrl.isEmpty());
    QVERIFY(m_shop->services.gateway->settings().apiKey != u"wrong-key"_s);

    m_gateway->close();
    type(page->findChild<QLineEdit *>(u"gatewayApiKey"_s), GatewayKey);
    QVERIFY(!testAndWait(*page));
    QVERIFY2(form->message().contains(u"cannot be reached"_s), qPrintable(form->message()));
}

void TestPaymentSettings::clerkSeesNeitherGroup()
{
    auto page = openPage(m_shop->clerk);
    QVERIFY(page);
    QVERIFY(page->isLoaded());
    QVERIFY(!page->findChild<PaymentSettingsForm *>());
    QVERIFY(!page->findChild<ReceiptPrinterForm *>());
    QVERIFY(!page->findChild<QLineEdit *>(u"gatewayApiKey"_s));
}

QTEST_MAIN(TestPaymentSettings)
#include "tst_paymentsettings.moc"
