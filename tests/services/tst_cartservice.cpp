// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "sales/CartService.h"
#include "sales/SalesSettings.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

namespace {

const QString ShirtBarcode = u"4006381333931"_s;

Money usd(qint64 cents)
{
    return Money(cents, u"USD");
}

Discount percentOff(qint64 basisPoints, const QString &reason = u"Loyal customer"_s)
{
    return Discount{DiscountKind::Percent, basisPoints, reason, 0};
}

Discount amountOff(qint64 cents, const QString &reason = u"Scratched"_s)
{
    return Discount{DiscountKind::Amount, cents, reason, 0};
}

} // namespace

class TestCartService : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void currentCartIsCreatedOnceAndPriced();
    void addsByBarcodeAndSkuToOneLine();
    void unknownCodeIsNotFoundAndWritesNothing();
    void shortageNamesTheItemAndWhatIsLeft();
    void inactiveProductIsRefused();
    void setQuantityRemoveAndClear();
    void lineDiscountWithinTheLimitNeedsNoApprover();
    void discountAboveTheLimitNeedsAnAdministrator();
    void cartDiscountIsLimitedAndAllocated();
    void discountsAndOverridesNeedAReason();
    void priceOverride();
    void parkReservesAndRecallReleases();
    void recallIsRefusedWhileTheCurrentSaleHasItems();
    void attachCustomer();
    void cartWithACompletedPaymentIsFrozen();
    void availabilityCheckNamesWhatIsShort();
    void cartSurvivesReopeningTheDatabase();
    void vendorsCannotUseTheRegister();
    void settingsChangeLimitsAndTaxClasses();

private:
    Cart currentCart();
    Result<Cart> add(const QString &code, qint64 quantity = 1);
    qint64 insertCustomer(const QString &email, const QString &first, const QString &last);

    test::InventoryFixture m_f;
    std::unique_ptr<CartService> m_carts;
    qint64 m_register = 0;
    qint64 m_cartId = 0;
};

void TestCartService::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_carts = std::make_unique<CartService>(m_f.m_db);
    m_register = m_f.scalar(u"SELECT id FROM registers WHERE code = 'R1'"_s).toLongLong();
    QVERIFY(m_register > 0);
    m_cartId = currentCart().id;
    QVERIFY(m_cartId > 0);
}

void TestCartService::cleanup()
{
    m_carts.reset();
    m_f.tearDown();
}

Cart TestCartService::currentCart()
{
    Result<Cart> cart = Database::wait(m_carts->current(m_f.m_clerk, m_register));
    if (!cart)
        qWarning() << why(cart);
    return cart.ok() ? cart.value() : Cart();
}

Result<Cart> TestCartService::add(const QString &code, qint64 quantity)
{
    return Database::wait(m_carts->addByCode(m_f.m_clerk, m_cartId, code, quantity));
}

qint64 TestCartService::insertCustomer(const QString &email, const QString &first, const QString &last)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return m_f.insert(u"INSERT INTO users (email, password_hash, first_name, last_name, role, created_at, updated_at) "
                      "VALUES (?, 'x', ?, ?, 'customer', ?, ?) RETURNING id"_s,
                      {email, first, last, now, now});
}

void TestCartService::currentCartIsCreatedOnceAndPriced()
{
    const Cart again = currentCart();
    QCOMPARE(again.id, m_cartId);
    QCOMPARE(m_f.count(u"carts"_s), 1);
    QVERIFY(again.isEmpty());
    QCOMPARE(again.status, CartStatus::Open);
    QCOMPARE(again.registerId, std::optional<qint64>(m_register));
    QCOMPARE(again.priced.total, usd(0));
    QCOMPARE(again.due, usd(0));

    Result<Cart> unknown = Database::wait(m_carts->current(m_f.m_clerk, 9999));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, ErrorCode::NotFound);
}

void TestCartService::addsByBarcodeAndSkuToOneLine()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    m_f.receive(m_f.m_mug, m_f.m_store, 5);
    Result<Cart> cart = add(ShirtBarcode);
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->lines.size(), 1);
    QCOMPARE(cart->lines[0].name, u"Linen shirt"_s);
    QCOMPARE(cart->lines[0].sku, u"SHIRT-1"_s);
    QCOMPARE(cart->lines[0].unitPrice, usd(1000));
    QCOMPARE(cart->lines[0].available, 5);
    QVERIFY(cart->lines[0].isAvailable);
    const int version = cart->version;

    // The SKU in another case finds the same variant and adds to its line.
    cart = add(u"shirt-1"_s, 2);
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->lines.size(), 1);
    QCOMPARE(cart->lines[0].quantity, 3);
    QVERIFY(cart->version > version);

    cart = add(u" MUG-1 "_s);
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->lines.size(), 2);
    QCOMPARE(cart->lines[1].name, u"Tea mug"_s);
    // 3 x 10.00 + 10.00 = 40.00, tax 8 % per line: 2.40 + 0.80.
    QCOMPARE(cart->priced.itemCount, 4);
    QCOMPARE(cart->priced.subtotal, usd(4000));
    QCOMPARE(cart->priced.tax, usd(320));
    QCOMPARE(cart->priced.total, usd(4320));
    QCOMPARE(cart->priced.shipping, usd(0));
    QCOMPARE(cart->due, usd(4320));
}

void TestCartService::unknownCodeIsNotFoundAndWritesNothing()
{
    Result<Cart> cart = add(u"NOPE-42"_s);
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::NotFound);
    QVERIFY2(cart.error().message.contains(u"NOPE-42"_s), qPrintable(cart.error().message));
    QCOMPARE(m_f.count(u"cart_items"_s), 0);
    QCOMPARE(m_f.scalar(u"SELECT version FROM carts WHERE id = ?"_s, {m_cartId}).toInt(), currentCart().version);
}

void TestCartService::shortageNamesTheItemAndWhatIsLeft()
{
    m_f.receive(m_f.m_mug, m_f.m_store, 2);
    Result<Cart> cart = add(u"MUG-1"_s, 3);
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::Conflict);
    QCOMPARE(cart.error().message, u"Only 2 of Tea mug (SKU MUG-1) left."_s);

    QVERIFY(add(u"MUG-1"_s, 2).ok());
    // Adding again counts what is already in the cart.
    cart = add(u"MUG-1"_s, 1);
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().message, u"Only 2 of Tea mug (SKU MUG-1) left."_s);

    cart = add(ShirtBarcode);
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::Conflict);
    QVERIFY2(cart.error().message.contains(u"Linen shirt (SKU SHIRT-1)"_s), qPrintable(cart.error().message));
    QVERIFY2(cart.error().message.contains(u"none left"_s), qPrintable(cart.error().message));
    QCOMPARE(m_f.scalar(u"SELECT SUM(quantity) FROM cart_items"_s).toLongLong(), 2);

    // Stock in the back room does not count at the register's location.
    m_f.receive(m_f.m_shirt, m_f.m_back, 10);
    QVERIFY(!add(ShirtBarcode).ok());
}

void TestCartService::inactiveProductIsRefused()
{
    m_f.receive(m_f.m_mug, m_f.m_store, 2);
    QVERIFY(m_f.run(u"UPDATE products SET status = 'inactive' WHERE id = (SELECT product_id FROM product_variants "
                    "WHERE id = ?)"_s,
                    {m_f.m_mug})
                .ok());
    Result<Cart> cart = add(u"MUG-1"_s);
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::Conflict);
    QVERIFY2(cart.error().message.contains(u"Tea mug (SKU MUG-1) is not for sale"_s), qPrintable(cart.error().message));
    QCOMPARE(m_f.count(u"cart_items"_s), 0);
}

void TestCartService::setQuantityRemoveAndClear()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    m_f.receive(m_f.m_mug, m_f.m_store, 5);
    QVERIFY(add(ShirtBarcode).ok());
    Result<Cart> cart = add(u"MUG-1"_s);
    QVERIFY(cart.ok());
    const qint64 shirtLine = cart->lines[0].id;
    const qint64 mugLine = cart->lines[1].id;

    cart = Database::wait(m_carts->setQuantity(m_f.m_clerk, m_cartId, shirtLine, 4));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->lines[0].quantity, 4);
    QCOMPARE(cart->priced.subtotal, usd(5000));

    cart = Database::wait(m_carts->setQuantity(m_f.m_clerk, m_cartId, shirtLine, 6));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().message, u"Only 5 of Linen shirt (SKU SHIRT-1) left."_s);

    cart = Database::wait(m_carts->setQuantity(m_f.m_clerk, m_cartId, shirtLine, -1));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::InvalidInput);

    cart = Database::wait(m_carts->setQuantity(m_f.m_clerk, m_cartId, shirtLine, 0));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->lines.size(), 1);
    QCOMPARE(cart->lines[0].id, mugLine);

    cart = Database::wait(m_carts->removeLine(m_f.m_clerk, m_cartId, shirtLine));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::NotFound);

    QVERIFY(add(ShirtBarcode).ok());
    cart = Database::wait(m_carts->setCartDiscount(m_f.m_clerk, m_cartId, amountOff(100)));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    cart = Database::wait(m_carts->removeLine(m_f.m_clerk, m_cartId, mugLine));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->lines.size(), 1);

    cart = Database::wait(m_carts->clear(m_f.m_clerk, m_cartId));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QVERIFY(cart->isEmpty());
    QVERIFY(!cart->discount);
    QCOMPARE(cart->priced.total, usd(0));
    QCOMPARE(m_f.count(u"cart_items"_s), 0);
}

void TestCartService::lineDiscountWithinTheLimitNeedsNoApprover()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    Result<Cart> cart = add(ShirtBarcode, 2);
    QVERIFY(cart.ok());
    const qint64 line = cart->lines[0].id;
    cart = Database::wait(m_carts->setLineDiscount(m_f.m_clerk, m_cartId, line, percentOff(1000)));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->lines[0].discount->value, 1000);
    QCOMPARE(cart->lines[0].discount->approvedBy, 0);
    QCOMPARE(cart->lines[0].discount->reason, u"Loyal customer"_s);
    // 20.00 - 2.00 = 18.00, tax 1.44.
    QCOMPARE(cart->priced.discount, usd(200));
    QCOMPARE(cart->priced.tax, usd(144));
    QCOMPARE(cart->priced.total, usd(1944));
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'cart.line_discounted'"_s).toLongLong(), 1);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'cart.approved'"_s).toLongLong(), 0);

    // An amount of 2.00 on 20.00 is 10 %: within the limit as well.
    cart = Database::wait(m_carts->setLineDiscount(m_f.m_clerk, m_cartId, line, amountOff(200)));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->priced.discount, usd(200));

    cart = Database::wait(m_carts->setLineDiscount(m_f.m_clerk, m_cartId, line, std::nullopt));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QVERIFY(!cart->lines[0].discount);
    QCOMPARE(cart->priced.total, usd(2160));
}

void TestCartService::discountAboveTheLimitNeedsAnAdministrator()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    Result<Cart> cart = add(ShirtBarcode);
    QVERIFY(cart.ok());
    const qint64 line = cart->lines[0].id;

    cart = Database::wait(m_carts->setLineDiscount(m_f.m_clerk, m_cartId, line, percentOff(1500)));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::PermissionDenied);
    QVERIFY2(cart.error().message.contains(u"administrator must approve"_s), qPrintable(cart.error().message));
    QVERIFY2(cart.error().message.contains(u"10 %"_s), qPrintable(cart.error().message));
    QVERIFY(m_f.scalar(u"SELECT discount_kind FROM cart_items"_s).isNull());

    // Another clerk cannot approve.
    cart = Database::wait(m_carts->setLineDiscount(m_f.m_clerk, m_cartId, line, percentOff(1500), m_f.m_clerk));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::PermissionDenied);

    cart = Database::wait(m_carts->setLineDiscount(m_f.m_clerk, m_cartId, line, percentOff(1500), m_f.m_admin));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->lines[0].discount->approvedBy, m_f.m_adminUser);
    QCOMPARE(cart->priced.discount, usd(150));
    QCOMPARE(m_f.scalar(u"SELECT actor_id FROM audit_log WHERE action = 'cart.approved'"_s).toLongLong(),
             m_f.m_adminUser);

    // Administrators need nobody's approval.
    cart = Database::wait(m_carts->setLineDiscount(m_f.m_admin, m_cartId, line, percentOff(5000)));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->priced.discount, usd(500));
}

void TestCartService::cartDiscountIsLimitedAndAllocated()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    m_f.receive(m_f.m_mug, m_f.m_store, 5);
    QVERIFY(add(ShirtBarcode).ok());
    QVERIFY(add(u"MUG-1"_s, 2).ok());
    // 2.00 off 30.00 is 6.67 %: within the limit.
    Result<Cart> cart = Database::wait(m_carts->setCartDiscount(m_f.m_clerk, m_cartId, amountOff(200, u"Voucher"_s)));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->discount->value, 200);
    QCOMPARE(cart->priced.lines[0].cartDiscountShare, usd(67));
    QCOMPARE(cart->priced.lines[1].cartDiscountShare, usd(133));
    // (10.00 - 0.67) x 8 % = 0.7464 -> 0.75; (20.00 - 1.33) x 8 % = 1.4936 -> 1.49.
    QCOMPARE(cart->priced.tax, usd(224));
    QCOMPARE(cart->priced.total, usd(3024));

    cart = Database::wait(m_carts->setCartDiscount(m_f.m_clerk, m_cartId, amountOff(301, u"Voucher"_s)));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::PermissionDenied);

    cart = Database::wait(m_carts->setCartDiscount(m_f.m_clerk, m_cartId, amountOff(3001, u"Voucher"_s), m_f.m_admin));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::InvalidInput);
    QCOMPARE(m_f.scalar(u"SELECT discount_value FROM carts WHERE id = ?"_s, {m_cartId}).toLongLong(), 200);

    cart = Database::wait(m_carts->setCartDiscount(m_f.m_clerk, m_cartId, percentOff(10000, u"Staff"_s), m_f.m_admin));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->priced.total, usd(0));
    QCOMPARE(cart->discount->approvedBy, m_f.m_adminUser);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'cart.discounted'"_s).toLongLong(), 2);
}

void TestCartService::discountsAndOverridesNeedAReason()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    Result<Cart> cart = add(ShirtBarcode);
    QVERIFY(cart.ok());
    const qint64 line = cart->lines[0].id;
    cart = Database::wait(m_carts->setLineDiscount(m_f.m_clerk, m_cartId, line, percentOff(500, u"  "_s)));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::InvalidInput);
    cart = Database::wait(m_carts->setCartDiscount(m_f.m_clerk, m_cartId, amountOff(10, QString())));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::InvalidInput);
    cart = Database::wait(m_carts->overridePrice(m_f.m_clerk, m_cartId, line, usd(950), QString()));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::InvalidInput);
    cart = Database::wait(m_carts->setLineDiscount(m_f.m_clerk, m_cartId, line, percentOff(10001), m_f.m_admin));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::InvalidInput);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action LIKE 'cart.%'"_s).toLongLong(), 0);
}

void TestCartService::priceOverride()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    Result<Cart> cart = add(ShirtBarcode, 2);
    QVERIFY(cart.ok());
    const qint64 line = cart->lines[0].id;

    cart = Database::wait(m_carts->overridePrice(m_f.m_clerk, m_cartId, line, usd(950), u"Price match"_s));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->lines[0].overridePrice, std::optional<Money>(usd(950)));
    QCOMPARE(cart->lines[0].overrideReason, u"Price match"_s);
    QCOMPARE(cart->lines[0].unitPrice, usd(1000));
    // 2 x 9.50 = 19.00, tax 1.52.
    QCOMPARE(cart->priced.subtotal, usd(1900));
    QCOMPARE(cart->priced.total, usd(2052));

    cart = Database::wait(m_carts->overridePrice(m_f.m_clerk, m_cartId, line, usd(500), u"Display model"_s));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::PermissionDenied);

    cart = Database::wait(
        m_carts->overridePrice(m_f.m_clerk, m_cartId, line, usd(500), u"Display model"_s, m_f.m_admin));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->priced.subtotal, usd(1000));

    // A higher price needs no approval.
    cart = Database::wait(m_carts->overridePrice(m_f.m_clerk, m_cartId, line, usd(1200), u"Gift wrap"_s));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->priced.subtotal, usd(2400));

    cart = Database::wait(m_carts->overridePrice(m_f.m_clerk, m_cartId, line, std::nullopt, QString()));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QVERIFY(!cart->lines[0].overridePrice);
    QCOMPARE(cart->priced.subtotal, usd(2000));
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'cart.price_overridden'"_s).toLongLong(), 3);
}

void TestCartService::parkReservesAndRecallReleases()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    QVERIFY(add(ShirtBarcode, 2).ok());

    Result<Cart> empty = Database::wait(m_carts->park(m_f.m_clerk, 0, u"Nothing"_s));
    QVERIFY(!empty.ok());

    Result<Cart> next = Database::wait(m_carts->park(m_f.m_clerk, m_cartId, u"Mrs Smith"_s));
    QVERIFY2(next.ok(), qPrintable(why(next)));
    QVERIFY(next->id != m_cartId);
    QVERIFY(next->isEmpty());
    QCOMPARE(next->status, CartStatus::Open);
    QCOMPARE(currentCart().id, next->id);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM reservations WHERE reference_type = 'cart' AND reference_id = ? "
                        "AND status = 'active'"_s,
                        {m_cartId})
                 .toLongLong(),
             1);

    Result<QList<Cart>> parked = Database::wait(m_carts->parked(m_f.m_clerk, m_register));
    QVERIFY2(parked.ok(), qPrintable(why(parked)));
    QCOMPARE(parked->size(), 1);
    QCOMPARE(parked->at(0).id, m_cartId);
    QCOMPARE(parked->at(0).label, u"Mrs Smith"_s);
    QCOMPARE(parked->at(0).status, CartStatus::Parked);
    QVERIFY(parked->at(0).parkedAt.isValid());
    // Its own reservation does not make it short.
    QVERIFY(parked->at(0).lines[0].isAvailable);
    QCOMPARE(parked->at(0).lines[0].available, 5);

    // A parked sale cannot be changed until recalled.
    Result<Cart> changed = Database::wait(m_carts->addByCode(m_f.m_clerk, m_cartId, ShirtBarcode));
    QVERIFY(!changed.ok());
    QCOMPARE(changed.error().code, ErrorCode::Conflict);

    // Only 3 are left for other sales.
    Result<Cart> other = Database::wait(m_carts->addByCode(m_f.m_clerk, next->id, ShirtBarcode, 4));
    QVERIFY(!other.ok());
    QCOMPARE(other.error().message, u"Only 3 of Linen shirt (SKU SHIRT-1) left."_s);

    Result<Cart> recalled = Database::wait(m_carts->recall(m_f.m_clerk, m_cartId));
    QVERIFY2(recalled.ok(), qPrintable(why(recalled)));
    QCOMPARE(recalled->id, m_cartId);
    QCOMPARE(recalled->status, CartStatus::Open);
    QCOMPARE(recalled->lines.size(), 1);
    QCOMPARE(recalled->lines[0].quantity, 2);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(currentCart().id, m_cartId);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM carts WHERE status = 'open'"_s).toLongLong(), 1);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 5);

    Result<Cart> twice = Database::wait(m_carts->recall(m_f.m_clerk, m_cartId));
    QVERIFY(!twice.ok());
    QCOMPARE(twice.error().code, ErrorCode::Conflict);
}

void TestCartService::recallIsRefusedWhileTheCurrentSaleHasItems()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    m_f.receive(m_f.m_mug, m_f.m_store, 5);
    QVERIFY(add(ShirtBarcode).ok());
    Result<Cart> next = Database::wait(m_carts->park(m_f.m_clerk, m_cartId, QString()));
    QVERIFY2(next.ok(), qPrintable(why(next)));
    QVERIFY(Database::wait(m_carts->addByCode(m_f.m_clerk, next->id, u"MUG-1"_s)).ok());

    Result<Cart> recalled = Database::wait(m_carts->recall(m_f.m_clerk, m_cartId));
    QVERIFY(!recalled.ok());
    QCOMPARE(recalled.error().code, ErrorCode::Conflict);
    QVERIFY2(recalled.error().message.contains(u"park it"_s), qPrintable(recalled.error().message));
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 1);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {m_cartId}).toString(), u"parked"_s);
}

void TestCartService::attachCustomer()
{
    const qint64 ada = insertCustomer(u"ada@example.test"_s, u"Ada"_s, u"Lovelace"_s);
    Result<Cart> cart = Database::wait(m_carts->attachCustomer(m_f.m_clerk, m_cartId, ada));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->customerId, std::optional<qint64>(ada));
    QCOMPARE(cart->customerName, u"Ada Lovelace"_s);

    // Staff accounts are not customers.
    cart = Database::wait(m_carts->attachCustomer(m_f.m_clerk, m_cartId, m_f.m_adminUser));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::NotFound);

    cart = Database::wait(m_carts->attachCustomer(m_f.m_clerk, m_cartId, std::nullopt));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QVERIFY(!cart->customerId);
    QVERIFY(cart->customerName.isEmpty());
}

void TestCartService::cartWithACompletedPaymentIsFrozen()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    Result<Cart> cart = add(ShirtBarcode, 2);
    QVERIFY(cart.ok());
    const qint64 line = cart->lines[0].id;
    QVERIFY(m_f.insert(u"INSERT INTO payments (cart_id, register_id, tender, status, currency, amount_cents, "
                       "idempotency_key, created_at) VALUES (?, ?, 'cash', 'completed', 'USD', 1000, 'k-1', ?) "
                       "RETURNING id"_s,
                       {m_cartId, m_register, QDateTime::currentDateTimeUtc()})
            > 0);

    cart = Database::wait(m_carts->cart(m_f.m_clerk, m_cartId));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->paid, usd(1000));
    QCOMPARE(cart->due, usd(1160));

    const QString frozen = u"A payment has been taken for this sale: void it before changing the items."_s;
    Result<Cart> changed = add(ShirtBarcode);
    QVERIFY(!changed.ok());
    QCOMPARE(changed.error().code, ErrorCode::Conflict);
    QCOMPARE(changed.error().message, frozen);
    changed = Database::wait(m_carts->setQuantity(m_f.m_clerk, m_cartId, line, 1));
    QCOMPARE(changed.error().message, frozen);
    changed = Database::wait(m_carts->clear(m_f.m_clerk, m_cartId));
    QCOMPARE(changed.error().message, frozen);
    changed = Database::wait(m_carts->setLineDiscount(m_f.m_clerk, m_cartId, line, percentOff(500)));
    QCOMPARE(changed.error().message, frozen);
    changed = Database::wait(m_carts->park(m_f.m_clerk, m_cartId, u"Later"_s));
    QCOMPARE(changed.error().message, frozen);
    QCOMPARE(m_f.scalar(u"SELECT quantity FROM cart_items WHERE id = ?"_s, {line}).toLongLong(), 2);

    // Once the payment is voided the sale can change again.
    QVERIFY(m_f.run(u"UPDATE payments SET status = 'voided'"_s).ok());
    QVERIFY(Database::wait(m_carts->setQuantity(m_f.m_clerk, m_cartId, line, 1)).ok());
}

void TestCartService::availabilityCheckNamesWhatIsShort()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 3);
    m_f.receive(m_f.m_mug, m_f.m_store, 3);
    QVERIFY(add(ShirtBarcode, 3).ok());
    QVERIFY(add(u"MUG-1"_s, 1).ok());
    Result<QList<Shortage>> shortages = Database::wait(m_carts->checkAvailability(m_f.m_clerk, m_cartId));
    QVERIFY2(shortages.ok(), qPrintable(why(shortages)));
    QVERIFY(shortages->isEmpty());

    // Another register sells two shirts meanwhile.
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 2, {}}}).ok());
    shortages = Database::wait(m_carts->checkAvailability(m_f.m_clerk, m_cartId));
    QVERIFY2(shortages.ok(), qPrintable(why(shortages)));
    QCOMPARE(shortages->size(), 1);
    QCOMPARE(shortages->at(0).variantId, m_f.m_shirt);
    QCOMPARE(shortages->at(0).wanted, 3);
    QCOMPARE(shortages->at(0).available, 1);
    QCOMPARE(shortages->at(0).message, u"Only 1 of Linen shirt (SKU SHIRT-1) left."_s);
    Result<Cart> cart = Database::wait(m_carts->cart(m_f.m_clerk, m_cartId));
    QVERIFY(!cart->lines[0].isAvailable);
    QVERIFY(cart->lines[1].isAvailable);
}

void TestCartService::cartSurvivesReopeningTheDatabase()
{
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    QVERIFY(add(ShirtBarcode, 2).ok());
    Result<Cart> before = Database::wait(m_carts->setCartDiscount(m_f.m_clerk, m_cartId, percentOff(500)));
    QVERIFY(before.ok());

    m_carts.reset();
    m_f.m_ledger.reset();
    m_f.m_db.reset();
    m_f.m_db = m_f.m_testDb->open();
    QVERIFY(m_f.m_db);
    m_carts = std::make_unique<CartService>(m_f.m_db);

    const Cart after = currentCart();
    QCOMPARE(after.id, m_cartId);
    QCOMPARE(after.lines.size(), 1);
    QCOMPARE(after.lines[0].quantity, 2);
    QCOMPARE(after.discount, before->discount);
    QCOMPARE(after.priced.total, before->priced.total);
    QCOMPARE(after.version, before->version);
}

void TestCartService::vendorsCannotUseTheRegister()
{
    Result<Cart> cart = Database::wait(m_carts->current(m_f.m_vendor, m_register));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::PermissionDenied);
    cart = Database::wait(m_carts->addByCode(m_f.m_vendor, m_cartId, u"TEA-1"_s));
    QVERIFY(!cart.ok());
    QCOMPARE(cart.error().code, ErrorCode::PermissionDenied);
}

void TestCartService::settingsChangeLimitsAndTaxClasses()
{
    Result<SalesSettings> defaults = Database::wait(SalesSettings::load(m_f.m_db));
    QVERIFY2(defaults.ok(), qPrintable(why(defaults)));
    QCOMPARE(defaults->standardTaxRateBasisPoints, 800);
    QCOMPARE(defaults->maxLineDiscountBasisPoints, 1000);
    QCOMPARE(defaults->taxClassRates.value(u"reduced"_s), 500);

    SalesSettings changed = defaults.value();
    changed.maxLineDiscountBasisPoints = 2000;
    changed.taxClassRates.insert(u"books"_s, 700);
    QCOMPARE(Database::wait(SalesSettings::save(m_f.m_db, m_f.m_clerk, changed)).error().code,
             ErrorCode::PermissionDenied);
    SalesSettings wrong = changed;
    wrong.taxClassRates.insert(u"Bad Class"_s, 100);
    QCOMPARE(Database::wait(SalesSettings::save(m_f.m_db, m_f.m_admin, wrong)).error().code, ErrorCode::InvalidInput);
    Status saved = Database::wait(SalesSettings::save(m_f.m_db, m_f.m_admin, changed));
    QVERIFY2(saved.ok(), qPrintable(why(saved)));
    QCOMPARE(Database::wait(SalesSettings::load(m_f.m_db)).value(), changed);

    QVERIFY(m_f.run(u"UPDATE products SET tax_class = 'books' WHERE id = (SELECT product_id FROM product_variants "
                    "WHERE id = ?)"_s,
                    {m_f.m_shirt})
                .ok());
    m_f.receive(m_f.m_shirt, m_f.m_store, 5);
    Result<Cart> cart = add(ShirtBarcode);
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    // 10.00 at the books rate of 7 %.
    QCOMPARE(cart->priced.tax, usd(70));
    cart = Database::wait(m_carts->setLineDiscount(m_f.m_clerk, m_cartId, cart->lines[0].id, percentOff(1500)));
    QVERIFY2(cart.ok(), qPrintable(why(cart)));
    QCOMPARE(cart->lines[0].discount->approvedBy, 0);
}

QTEST_GUILESS_MAIN(TestCartService)
#include "tst_cartservice.moc"
