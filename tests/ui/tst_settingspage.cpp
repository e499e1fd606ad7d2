// The settings page: a save round trip through SettingsService, validation
// sentences, Revert; and the tax-rate text it is built on.

#include "UiTestShop.h"
#include "settings/SettingsPage.h"
#include "shop/CurrencyComboBox.h"
#include "shop/TaxRateText.h"

#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestSettingsPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void parsesTaxRates_data();
    void parsesTaxRates();
    void formatsTaxRates();

    void showsTheStoredSettings();
    void savesARoundTrip();
    void explainsInputItCannotSave();
    void revertsToTheDatabase();
    void clerkMayNotSave();

private:
    std::unique_ptr<SettingsPage> openPage(const Session &session);
    bool clickAndWait(SettingsPage &page, const QString &buttonName);

    std::unique_ptr<test::UiTestShop> m_shop;
};

void TestSettingsPage::initTestCase()
{
    test::isolateSettings();
}

void TestSettingsPage::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
}

void TestSettingsPage::cleanup()
{
    m_shop.reset();
}

void TestSettingsPage::parsesTaxRates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("locale");
    QTest::addColumn<int>("basisPoints"); // -1: refused

    QTest::newRow("two decimals") << u"8.00"_s << u"en_US"_s << 800;
    QTest::newRow("whole percent") << u"8"_s << u"en_US"_s << 800;
    QTest::newRow("one decimal") << u"8.5"_s << u"en_US"_s << 850;
    QTest::newRow("quarter") << u"7.25"_s << u"en_US"_s << 725;
    QTest::newRow("with percent sign") << u" 7.25 %"_s << u"en_US"_s << 725;
    QTest::newRow("German comma") << u"19,00"_s << u"de_DE"_s << 1900;
    QTest::newRow("point in German too") << u"19.5"_s << u"de_DE"_s << 1950;
    QTest::newRow("zero") << u"0"_s << u"en_US"_s << 0;
    QTest::newRow("hundred") << u"100.00"_s << u"en_US"_s << 10000;
    QTest::newRow("above hundred") << u"100.01"_s << u"en_US"_s << -1;
    QTest::newRow("three decimals") << u"8.125"_s << u"en_US"_s << -1;
    QTest::newRow("negative") << u"-1"_s << u"en_US"_s << -1;
    QTest::newRow("letters") << u"eight"_s << u"en_US"_s << -1;
    QTest::newRow("empty") << QString() << u"en_US"_s << -1;
    QTest::newRow("two separators") << u"8.0.0"_s << u"en_US"_s << -1;
    QTest::newRow("no digits before") << u".5"_s << u"en_US"_s << -1;
    QTest::newRow("huge") << u"99999999999"_s << u"en_US"_s << -1;
}

void TestSettingsPage::parsesTaxRates()
{
    QFETCH(QString, text);
    QFETCH(QString, locale);
    QFETCH(int, basisPoints);
    const std::optional<int> parsed = parseTaxRate(text, QLocale(locale));
    QCOMPARE(parsed.value_or(-1), basisPoints);
}

void TestSettingsPage::formatsTaxRates()
{
    QCOMPARE(formatTaxRate(800, QLocale(u"en_US"_s)), u"8.00"_s);
    QCOMPARE(formatTaxRate(725, QLocale(u"en_US"_s)), u"7.25"_s);
    QCOMPARE(formatTaxRate(5, QLocale(u"en_US"_s)), u"0.05"_s);
    QCOMPARE(formatTaxRate(1900, QLocale(u"de_DE"_s)), u"19,00"_s);
    QCOMPARE(formatTaxRate(10000, QLocale(u"en_US"_s)), u"100.00"_s);
    for (int bp : {0, 1, 99, 800, 825, 2000, 10000})
        QCOMPARE(parseTaxRate(formatTaxRate(bp, QLocale(u"fr_FR"_s)), QLocale(u"fr_FR"_s)), std::optional<int>(bp));
}

std::unique_ptr<SettingsPage> TestSettingsPage::openPage(const Session &session)
{
    auto page = std::make_unique<SettingsPage>(m_shop->services, session, m_shop->settings);
    page->resize(900, 700);
    page->show();
    if (!QTest::qWaitForWindowExposed(page.get()))
        return nullptr;
    return page;
}

bool TestSettingsPage::clickAndWait(SettingsPage &page, const QString &buttonName)
{
    QSignalSpy finished(&page, &SettingsPage::operationFinished);
    QTest::mouseClick(page.findChild<QPushButton *>(buttonName), Qt::LeftButton);
    return (finished.size() > 0 || finished.wait(5000)) && finished.constLast().at(0).toBool();
}

void TestSettingsPage::showsTheStoredSettings()
{
    auto page = openPage(m_shop->admin);
    QVERIFY(page);
    QCOMPARE(page->findChild<QLineEdit *>(u"shopName"_s)->text(), test::ShopName);
    QCOMPARE(page->findChild<QPlainTextEdit *>(u"shopAddress"_s)->toPlainText(), u"1 Market Street\nSpringfield"_s);
    QCOMPARE(page->findChild<CurrencyComboBox *>(u"shopCurrency"_s)->currency(), u"EUR"_s);
    QCOMPARE(page->findChild<QLineEdit *>(u"defaultTaxRate"_s)->text(), u"8.00"_s);
    QCOMPARE(page->findChild<QSpinBox *>(u"idleLockMinutes"_s)->value(), 5);
    QVERIFY(!page->hasUnsavedChanges());
    QVERIFY(!page->findChild<QPushButton *>(u"saveSettingsButton"_s)->isEnabled());
    QVERIFY(!page->findChild<QPushButton *>(u"revertSettingsButton"_s)->isEnabled());
}

void TestSettingsPage::savesARoundTrip()
{
    auto page = openPage(m_shop->admin);
    QVERIFY(page);
    QSignalSpy saved(page.get(), &SettingsPage::settingsSaved);
    auto *name = page->findChild<QLineEdit *>(u"shopName"_s);
    name->selectAll();
    QTest::keyClicks(name, u"Corner Shop East"_s);
    QVERIFY(page->hasUnsavedChanges());
    QVERIFY(page->findChild<QPushButton *>(u"saveSettingsButton"_s)->isEnabled());
    QTest::keyClicks(page->findChild<QLineEdit *>(u"shopPhone"_s), u"+1 555 0100"_s);
    page->findChild<CurrencyComboBox *>(u"shopCurrency"_s)->setCurrency(u"CHF"_s);
    auto *tax = page->findChild<QLineEdit *>(u"defaultTaxRate"_s);
    tax->selectAll();
    QTest::keyClicks(tax, u"7.7"_s);
    page->findChild<QSpinBox *>(u"idleLockMinutes"_s)->setValue(0);
    QTest::keyClicks(page->findChild<QPlainTextEdit *>(u"receiptFooter"_s), u"Thank you for shopping local!"_s);
    test::saveScreenshotIfWanted(page.get(), u"settings-page-edited"_s);

    QVERIFY(clickAndWait(*page, u"saveSettingsButton"_s));
    QCOMPARE(page->message(), u"Settings saved."_s);
    QCOMPARE(saved.size(), 1);
    QVERIFY(!page->hasUnsavedChanges());
    QCOMPARE(tax->text(), u"7.70"_s);

    const Result<ShopSettings> stored = Database::wait(m_shop->services.settings->load());
    QVERIFY(stored.ok());
    QCOMPARE(stored->shopName, u"Corner Shop East"_s);
    QCOMPARE(stored->phone, u"+1 555 0100"_s);
    QCOMPARE(stored->currency, u"CHF"_s);
    QCOMPARE(stored->defaultTaxRateBasisPoints, 770);
    QCOMPARE(stored->idleLockMinutes, 0);
    QCOMPARE(stored->receiptFooter, u"Thank you for shopping local!"_s);
    QCOMPARE(stored.value(), page->savedSettings());
    test::saveScreenshotIfWanted(page.get(), u"settings-page-saved"_s);

    // Ctrl+S saves too.
    name->selectAll();
    QTest::keyClicks(name, u"Corner Shop West"_s);
    QSignalSpy finished(page.get(), &SettingsPage::operationFinished);
    QTest::keyClick(name, Qt::Key_S, Qt::ControlModifier);
    QVERIFY(finished.wait(5000));
    QCOMPARE(Database::wait(m_shop->services.settings->load())->shopName, u"Corner Shop West"_s);
}

void TestSettingsPage::explainsInputItCannotSave()
{
    auto page = openPage(m_shop->admin);
    QVERIFY(page);
    auto *tax = page->findChild<QLineEdit *>(u"defaultTaxRate"_s);
    tax->selectAll();
    QTest::keyClicks(tax, u"8,5.1"_s);
    QVERIFY(!clickAndWait(*page, u"saveSettingsButton"_s));
    QVERIFY2(page->message().contains(u"tax rate"_s), qPrintable(page->message()));
    QVERIFY(tax->hasFocus());
    test::saveScreenshotIfWanted(page.get(), u"settings-page-bad-tax-rate"_s);

    tax->setText(u"8.00"_s);
    auto *name = page->findChild<QLineEdit *>(u"shopName"_s);
    name->clear();
    QTest::keyClicks(name, u"  "_s);
    QVERIFY(!clickAndWait(*page, u"saveSettingsButton"_s));
    QVERIFY2(page->message().contains(u"shop's name"_s), qPrintable(page->message()));
    QCOMPARE(Database::wait(m_shop->services.settings->load()).value(), m_shop->settings);
}

void TestSettingsPage::revertsToTheDatabase()
{
    auto page = openPage(m_shop->admin);
    QVERIFY(page);
    auto *name = page->findChild<QLineEdit *>(u"shopName"_s);
    name->selectAll();
    QTest::keyClicks(name, u"Typo Shopp"_s);
    QVERIFY(page->findChild<QPushButton *>(u"revertSettingsButton"_s)->isEnabled());
    // Someone else changed the footer meanwhile: Revert shows that too.
    ShopSettings elsewhere = m_shop->settings;
    elsewhere.receiptFooter = u"Open every day"_s;
    QVERIFY(Database::wait(m_shop->services.settings->save(m_shop->admin, elsewhere)).ok());
    QVERIFY(clickAndWait(*page, u"revertSettingsButton"_s));
    QCOMPARE(name->text(), test::ShopName);
    QCOMPARE(page->findChild<QPlainTextEdit *>(u"receiptFooter"_s)->toPlainText(), u"Open every day"_s);
    QVERIFY(!page->hasUnsavedChanges());
}

void TestSettingsPage::clerkMayNotSave()
{
    // The main window never shows this page to a clerk; the service refuses anyway.
    auto page = openPage(m_shop->clerk);
    QVERIFY(page);
    auto *name = page->findChild<QLineEdit *>(u"shopName"_s);
    name->selectAll();
    QTest::keyClicks(name, u"Clara's Shop"_s);
    QVERIFY(!clickAndWait(*page, u"saveSettingsButton"_s));
    QMessageBox *box = page->findChild<QMessageBox *>(u"errorMessageBox"_s);
    QVERIFY(box);
    QVERIFY2(box->text().contains(u"administrator"_s), qPrintable(box->text()));
    box->accept();
    QCOMPARE(Database::wait(m_shop->services.settings->load())->shopName, test::ShopName);
}

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
