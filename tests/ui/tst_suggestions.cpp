// Suggestions at the register: after a few sales through the services, the
// Register page shows what is often bought with the cart's items (name and
// SKU, best first, never an item already in the cart), asks again when the
// cart's products change (once for a scanner burst), and adds a suggestion
// with Alt+digit or a click.

#include "UiTestShop.h"
#include "catalog/ProductService.h"
#include "inventory/InventoryLedger.h"
#include "payments/PaymentService.h"
#include "register/RegisterPage.h"
#include "register/SuggestionsPanel.h"
#include "sales/CartService.h"
#include "sales/CheckoutService.h"
#include "sales/ShiftService.h"

#include <QApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

struct Item {
    QString name;
    QString sku;
    QString price;
};

const QList<Item> Items{
    {u"Espresso Cup"_s, u"CUP-ESP"_s, u"4.50"_s},   {u"Latte Mug"_s, u"MUG-LAT"_s, u"9.90"_s},
    {u"Milk Jug"_s, u"JUG-MLK"_s, u"12.00"_s},      {u"Coffee Beans 1 kg"_s, u"BEAN-1KG"_s, u"18.50"_s},
    {u"Garden Hose"_s, u"HOS-25"_s, u"34.99"_s},
};

constexpr qint64 RegisterOne = 1;

Money eur(qint64 cents)
{
    return Money(cents, u"EUR");
}

QStringList texts(const QListWidget *list)
{
    QStringList shown;
    for (int row = 0; row < list->count(); ++row)
        shown.append(list->item(row)->text());
    return shown;
}

QStringList skus(const Cart &cart)
{
    QStringList found;
    for (const CartLine &line : cart.lines)
        found.append(line.sku);
    return found;
}

} // namespace

class TestSuggestions : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsWhatIsBoughtTogetherAndAddsIt();
    void aScannerBurstAsksOnce();

private:
    bool sell(const QStringList &skus);
    bool openPage();
    void scan(const QString &code);

    std::unique_ptr<test::UiTestShop> m_shop;
    std::unique_ptr<RegisterPage> m_page;
};

void TestSuggestions::initTestCase()
{
    test::isolateSettings();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestSuggestions::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
    const Services &services = m_shop->services;
    QList<StockLine> lines;
    for (const Item &item : Items) {
        ProductDraft draft;
        draft.name = item.name;
        VariantDraft variant;
        variant.sku = item.sku;
        variant.price = item.price;
        draft.variants = {variant};
        const Result<Product> created = Database::wait(services.products->create(m_shop->admin, draft));
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        lines.append(StockLine{created->variants.constFirst().id, 20, eur(100)});
    }
    const Result<QList<Location>> locations = Database::wait(services.ledger->locations(m_shop->admin));
    QVERIFY2(locations.ok(), locations.ok() ? "" : qPrintable(locations.error().message));
    const Result<qint64> receipt = Database::wait(
        services.ledger->receive(m_shop->admin, locations->constFirst().id, u"Wholesale Ltd"_s, u"DN-1"_s, lines));
    QVERIFY2(receipt.ok(), receipt.ok() ? "" : qPrintable(receipt.error().message));
    const Result<Shift> shift = Database::wait(services.shifts->open(m_shop->clerk, RegisterOne, eur(100'00)));
    QVERIFY2(shift.ok(), shift.ok() ? "" : qPrintable(shift.error().message));

    // The shop's history: beans go with the cup twice, the mug and the jug once.
    QVERIFY(sell({u"CUP-ESP"_s, u"MUG-LAT"_s, u"BEAN-1KG"_s}));
    QVERIFY(sell({u"CUP-ESP"_s, u"BEAN-1KG"_s}));
    QVERIFY(sell({u"CUP-ESP"_s, u"JUG-MLK"_s}));
    QVERIFY(sell({u"MUG-LAT"_s, u"BEAN-1KG"_s}));
}

void TestSuggestions::cleanup()
{
    m_page.reset();
    m_shop.reset();
}

bool TestSuggestions::sell(const QStringList &codes)
{
    const Services &services = m_shop->services;
    Result<Cart> cart = Database::wait(services.carts->current(m_shop->clerk, RegisterOne));
    for (const QString &code : codes)
        if (cart)
            cart = Database::wait(services.carts->addByCode(m_shop->clerk, cart->id, code, 1));
    if (!cart) {
        qWarning() << cart.error().message;
        return false;
    }
    const Result<Payment> paid = Database::wait(services.payments->addCash(m_shop->clerk, cart->id, cart->due));
    if (!paid) {
        qWarning() << paid.error().message;
        return false;
    }
    const Result<CompletedSale> sale = Database::wait(services.checkout->complete(m_shop->clerk, cart->id));
    if (!sale)
        qWarning() << sale.error().message;
    return sale.ok();
}

bool TestSuggestions::openPage()
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

void TestSuggestions::scan(const QString &code)
{
    m_page->scanBox()->setFocus();
    QTest::keyClicks(m_page->scanBox(), code);
    QTest::keyClick(m_page->scanBox(), Qt::Key_Return);
}

void TestSuggestions::showsWhatIsBoughtTogetherAndAddsIt()
{
    QVERIFY(openPage());
    SuggestionsPanel *panel = m_page->suggestions();
    QVERIFY(!panel->isVisible());

    scan(u"CUP-ESP"_s);
    QTRY_COMPARE(m_page->cart().lines.size(), qsizetype(1));
    // Beans twice with the cup; the mug and the jug once each (the mug was added first).
    QTRY_COMPARE(texts(panel->list()), (QStringList{u"Alt+1  Coffee Beans 1 kg · BEAN-1KG"_s,
                                                    u"Alt+2  Latte Mug · MUG-LAT"_s, u"Alt+3  Milk Jug · JUG-MLK"_s}));
    QVERIFY(panel->isVisible());
    test::saveScreenshotIfWanted(m_page.get(), u"register-suggestions"_s);

    // Alt+1 from the scan box takes the beans; the cup and the beans are
    // never suggested for a cart that holds them.
    m_page->scanBox()->setFocus();
    QTest::keyClick(m_page->scanBox(), Qt::Key_1, Qt::AltModifier);
    QTRY_COMPARE(skus(m_page->cart()), (QStringList{u"CUP-ESP"_s, u"BEAN-1KG"_s}));
    // The mug: once with the cup and twice with the beans.
    QTRY_COMPARE(texts(panel->list()),
                 (QStringList{u"Alt+1  Latte Mug · MUG-LAT"_s, u"Alt+2  Milk Jug · JUG-MLK"_s}));
    QVERIFY(m_page->scanBox()->hasFocus());

    // A click on the jug adds it.
    const QRect jug = panel->list()->visualItemRect(panel->list()->item(1));
    QTest::mouseClick(panel->list()->viewport(), Qt::LeftButton, {}, jug.center());
    QTRY_COMPARE(skus(m_page->cart()), (QStringList{u"CUP-ESP"_s, u"BEAN-1KG"_s, u"JUG-MLK"_s}));
    QTRY_COMPARE(texts(panel->list()), (QStringList{u"Alt+1  Latte Mug · MUG-LAT"_s}));
    test::saveScreenshotIfWanted(m_page.get(), u"register-suggestions-added"_s);

    // A key without a suggestion adds nothing.
    QTest::keyClick(m_page->scanBox(), Qt::Key_5, Qt::AltModifier);
    QTest::qWait(SuggestionsPanel::kDebounceMs);
    QCOMPARE(m_page->cart().lines.size(), qsizetype(3));
}

void TestSuggestions::aScannerBurstAsksOnce()
{
    QVERIFY(openPage());
    auto asked = std::make_shared<std::atomic<int>>(0);
    SuggestionsPanel::Provider real = SuggestionsPanel::recommendationsProvider(m_shop->services.recommendations);
    m_page->setSuggestionProvider([asked, real](const Session &session, const Cart &cart) {
        ++*asked;
        return real(session, cart);
    });
    scan(u"CUP-ESP"_s);
    scan(u"MUG-LAT"_s);
    scan(u"HOS-25"_s);
    QTRY_COMPARE(m_page->cart().lines.size(), qsizetype(3));
    QTRY_COMPARE(texts(m_page->suggestions()->list()),
                 (QStringList{u"Alt+1  Coffee Beans 1 kg · BEAN-1KG"_s, u"Alt+2  Milk Jug · JUG-MLK"_s}));
    QTest::qWait(2 * SuggestionsPanel::kDebounceMs);
    QCOMPARE(asked->load(), 1);

    // A second unit of an item in the cart changes no product: no new question.
    scan(u"CUP-ESP"_s);
    QTRY_COMPARE(m_page->cart().lines.constFirst().quantity, qint64(2));
    QTest::qWait(2 * SuggestionsPanel::kDebounceMs);
    QCOMPARE(asked->load(), 1);
}

QTEST_MAIN(TestSuggestions)
#include "tst_suggestions.moc"
