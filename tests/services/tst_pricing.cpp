#include "sales/Pricing.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace sk;

namespace sk {
char *toString(const Money &money)
{
    const QString text = money.isValid() ? money.toDecimalString() + u' ' + money.currency() : u"invalid"_s;
    return qstrdup(text.toUtf8().constData());
}
} // namespace sk

namespace {

using Lines = QList<CartLine>;
using Cents = QList<qint64>;
using OptionalDiscount = std::optional<Discount>;

// What one row of a table expects; -1 in lineDiscounts/lineTaxes is never used.
struct Expected {
    qint64 subtotal = 0;
    qint64 discount = 0;
    qint64 tax = 0;
    qint64 shipping = 0;
    qint64 total = 0;
    Cents lineDiscounts;
    Cents lineTaxes;
};

CartLine line(qint64 priceMinor, qint64 quantity, const QString &taxClass = u"standard"_s,
              const QString &currency = u"USD"_s)
{
    static qint64 nextId = 1;
    CartLine l;
    l.id = nextId++;
    l.quantity = quantity;
    l.unitPrice = Money(priceMinor, currency);
    l.taxClass = taxClass;
    return l;
}

CartLine withDiscount(CartLine l, DiscountKind kind, qint64 value)
{
    l.discount = Discount{kind, value, u"Damaged box"_s, 0};
    return l;
}

CartLine withOverride(CartLine l, qint64 priceMinor)
{
    l.overridePrice = Money(priceMinor, l.unitPrice.currency());
    l.overrideReason = u"Price match"_s;
    return l;
}

OptionalDiscount percent(qint64 basisPoints)
{
    return Discount{DiscountKind::Percent, basisPoints, u"Regular customer"_s, 0};
}

OptionalDiscount amount(qint64 minor)
{
    return Discount{DiscountKind::Amount, minor, u"Loyalty voucher"_s, 0};
}

PricingRules usdRules()
{
    PricingRules rules;
    rules.taxRateBasisPoints.insert(u"reduced"_s, 500);
    rules.taxRateBasisPoints.insert(u"zero"_s, 0);
    return rules;
}

PricingRules onlineRules()
{
    PricingRules rules = usdRules();
    rules.chargeShipping = true;
    return rules;
}

PricingRules yenRules()
{
    PricingRules rules;
    rules.currency = u"JPY"_s;
    rules.defaultTaxRateBasisPoints = 1000;
    rules.taxRateBasisPoints.insert(u"reduced"_s, 800);
    return rules;
}

} // namespace

Q_DECLARE_METATYPE(Lines)
Q_DECLARE_METATYPE(OptionalDiscount)
Q_DECLARE_METATYPE(PricingRules)
Q_DECLARE_METATYPE(Expected)

class TestPricing : public QObject {
    Q_OBJECT

private slots:
    void prices_data();
    void prices();
    void refused_data();
    void refused();
    void taxRateForUnknownClassIsTheDefault();
    void cartDiscountPartsAddUpOverManyLines();

private:
    static void verifyInvariant(const PricedCart &cart);
};

void TestPricing::prices_data()
{
    QTest::addColumn<Lines>("lines");
    QTest::addColumn<OptionalDiscount>("cartDiscount");
    QTest::addColumn<PricingRules>("rules");
    QTest::addColumn<Expected>("expected");

    const PricingRules usd = usdRules();
    const OptionalDiscount none;

    // Tax per line, half-up, at the default 8 %.
    QTest::newRow("0.06 at 8 % -> 0.00 tax") << Lines{line(6, 1)} << none << usd
                                           << Expected{6, 0, 0, 0, 6, {0}, {0}};
    QTest::newRow("0.07 at 8 % -> 0.01 tax") << Lines{line(7, 1)} << none << usd
                                           << Expected{7, 0, 1, 0, 8, {0}, {1}};
    QTest::newRow("19.99 at 8 % -> 1.60 tax") << Lines{line(1999, 1)} << none << usd
                                            << Expected{1999, 0, 160, 0, 2159, {0}, {160}};
    QTest::newRow("12.50 at 8 % -> 1.00 tax") << Lines{line(1250, 1)} << none << usd
                                            << Expected{1250, 0, 100, 0, 1350, {0}, {100}};
    // Rounded per line, not per cart: 3 x (0.07 -> 0.01) = 0.03, where the
    // cart's 0.21 x 8 % would give 0.02.
    QTest::newRow("rounded per line") << Lines{line(7, 1), line(7, 1), line(7, 1)} << none << usd
                                      << Expected{21, 0, 3, 0, 24, {0, 0, 0}, {1, 1, 1}};
    QTest::newRow("quantity multiplies before tax") << Lines{line(1999, 3)} << none << usd
                                                    << Expected{5997, 0, 480, 0, 6477, {0}, {480}};

    // Tax classes.
    QTest::newRow("standard, reduced and zero classes")
        << Lines{line(1000, 1), line(1000, 1, u"reduced"_s), line(1000, 1, u"zero"_s)} << none << usd
        << Expected{3000, 0, 130, 0, 3130, {0, 0, 0}, {80, 50, 0}};
    QTest::newRow("reduced 5 % of 0.30 -> 0.015 -> 0.02") << Lines{line(30, 1, u"reduced"_s)} << none << usd
                                                         << Expected{30, 0, 2, 0, 32, {0}, {2}};

    // Line discounts.
    QTest::newRow("line 10 % of 19.99 -> 2.00 (half-up)")
        << Lines{withDiscount(line(1999, 1), DiscountKind::Percent, 1000)} << none << usd
        << Expected{1999, 200, 144, 0, 1943, {200}, {144}};
    QTest::newRow("line amount 5.00 off 2 x 12.50")
        << Lines{withDiscount(line(1250, 2), DiscountKind::Amount, 500)} << none << usd
        << Expected{2500, 500, 160, 0, 2160, {500}, {160}};
    QTest::newRow("line 100 % discount: nothing to pay, no tax")
        << Lines{withDiscount(line(1999, 2), DiscountKind::Percent, 10000)} << none << usd
        << Expected{3998, 3998, 0, 0, 0, {3998}, {0}};
    QTest::newRow("line amount equal to the subtotal")
        << Lines{withDiscount(line(450, 1), DiscountKind::Amount, 450)} << none << usd
        << Expected{450, 450, 0, 0, 0, {450}, {0}};

    // Override price replaces the catalog price.
    QTest::newRow("override 15.00 instead of 19.99") << Lines{withOverride(line(1999, 2), 1500)} << none << usd
                                                     << Expected{3000, 0, 240, 0, 3240, {0}, {240}};
    QTest::newRow("override and a line discount on it")
        << Lines{withDiscount(withOverride(line(1999, 1), 1000), DiscountKind::Percent, 2500)} << none << usd
        << Expected{1000, 250, 60, 0, 810, {250}, {60}};
    QTest::newRow("zero-price line") << Lines{line(0, 3), line(500, 1)} << none << usd
                                     << Expected{500, 0, 40, 0, 540, {0, 0}, {0, 40}};
    QTest::newRow("override to zero") << Lines{withOverride(line(1999, 1), 0)} << none << usd
                                      << Expected{0, 0, 0, 0, 0, {0}, {0}};

    // Cart discounts, allocated over the lines' net amounts.
    // 1.00 over 3 equal lines: 0.34 + 0.33 + 0.33, the odd cent to the first.
    QTest::newRow("cart 1.00 over three equal lines")
        << Lines{line(1000, 1), line(1000, 1), line(1000, 1)} << amount(100) << usd
        << Expected{3000, 100, 231, 0, 3131, {34, 33, 33}, {77, 77, 77}};
    // 10 % of 30.00 = 3.00, by weight 20.00 : 10.00 -> 2.00 and 1.00.
    QTest::newRow("cart 10 % by weight") << Lines{line(2000, 1), line(1000, 1)} << percent(1000) << usd
                                         << Expected{3000, 300, 216, 0, 2916, {200, 100}, {144, 72}};
    // 0.05 over 0.10 and 0.10: 0.025 each, the tie goes to the earlier line.
    QTest::newRow("cart remainder tie to the earlier line") << Lines{line(10, 1), line(10, 1)} << amount(5) << usd
                                                            << Expected{20, 5, 2, 0, 17, {3, 2}, {1, 1}};
    // Lines' own discounts come first; the cart percent applies to what is left.
    QTest::newRow("cart percent after line discounts")
        << Lines{withDiscount(line(2000, 1), DiscountKind::Amount, 1000), line(1000, 1, u"reduced"_s)} << percent(5000)
        << usd << Expected{3000, 2000, 65, 0, 1065, {1500, 500}, {40, 25}};
    QTest::newRow("cart 100 %") << Lines{line(1999, 1), line(501, 2)} << percent(10000) << usd
                                << Expected{3001, 3001, 0, 0, 0, {1999, 1002}, {0, 0}};
    QTest::newRow("cart amount equal to the whole cart") << Lines{line(1999, 1)} << amount(1999) << usd
                                                         << Expected{1999, 1999, 0, 0, 0, {1999}, {0}};
    QTest::newRow("cart discount skips a free line") << Lines{line(0, 1), line(1000, 1)} << amount(100) << usd
                                                     << Expected{1000, 100, 72, 0, 972, {0, 100}, {0, 72}};

    // Online orders: 5.99 below 50.00 after discounts, free from 50.00.
    const PricingRules online = onlineRules();
    QTest::newRow("shipping below 50.00") << Lines{line(4999, 1)} << none << online
                                          << Expected{4999, 0, 400, 599, 5998, {0}, {400}};
    QTest::newRow("free shipping at 50.00") << Lines{line(5000, 1)} << none << online
                                            << Expected{5000, 0, 400, 0, 5400, {0}, {400}};
    QTest::newRow("a discount below 50.00 brings shipping back") << Lines{line(5000, 1)} << amount(1) << online
                                                                 << Expected{5000, 1, 400, 599, 5998, {1}, {400}};
    QTest::newRow("the original's cart: 2 x 19.99 + 5.99 shipping") << Lines{line(1999, 2)} << none << online
                                                                    << Expected{3998, 0, 320, 599, 4917, {0}, {320}};
    QTest::newRow("no shipping in store") << Lines{line(1000, 1)} << none << usd
                                          << Expected{1000, 0, 80, 0, 1080, {0}, {80}};
    QTest::newRow("an empty online cart ships nothing") << Lines{} << none << online
                                                        << Expected{0, 0, 0, 0, 0, {}, {}};

    // Currencies without minor units: yen, 10 % standard and 8 % reduced.
    const PricingRules yen = yenRules();
    QTest::newRow("JPY 1,999 at 10 % -> 200") << Lines{line(1999, 1, u"standard"_s, u"JPY"_s)} << none << yen
                                              << Expected{1999, 0, 200, 0, 2199, {0}, {200}};
    QTest::newRow("JPY 105 reduced 8 % -> 8.4 -> 8") << Lines{line(105, 1, u"reduced"_s, u"JPY"_s)} << none << yen
                                                     << Expected{105, 0, 8, 0, 113, {0}, {8}};
    QTest::newRow("JPY cart 100 over three lines")
        << Lines{line(500, 1, u"standard"_s, u"JPY"_s), line(500, 1, u"standard"_s, u"JPY"_s),
                 line(500, 1, u"standard"_s, u"JPY"_s)}
        << amount(100) << yen << Expected{1500, 100, 141, 0, 1541, {34, 33, 33}, {47, 47, 47}};
}

void TestPricing::prices()
{
    QFETCH(Lines, lines);
    QFETCH(OptionalDiscount, cartDiscount);
    QFETCH(PricingRules, rules);
    QFETCH(Expected, expected);

    Result<PricedCart> priced = Pricing::price(lines, cartDiscount, rules);
    QVERIFY2(priced.ok(), qPrintable(priced.ok() ? QString() : priced.error().message));
    const PricedCart &cart = priced.value();
    const auto money = [&rules](qint64 minor) { return Money(minor, rules.currency); };
    QCOMPARE(cart.subtotal, money(expected.subtotal));
    QCOMPARE(cart.discount, money(expected.discount));
    QCOMPARE(cart.tax, money(expected.tax));
    QCOMPARE(cart.shipping, money(expected.shipping));
    QCOMPARE(cart.total, money(expected.total));
    QCOMPARE(cart.lines.size(), lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QCOMPARE(cart.lines[i].lineId, lines[i].id);
        QCOMPARE(cart.lines[i].discount, money(expected.lineDiscounts[i]));
        QCOMPARE(cart.lines[i].tax, money(expected.lineTaxes[i]));
    }
    verifyInvariant(cart);
}

void TestPricing::refused_data()
{
    QTest::addColumn<Lines>("lines");
    QTest::addColumn<OptionalDiscount>("cartDiscount");
    QTest::addColumn<PricingRules>("rules");

    const PricingRules usd = usdRules();
    const OptionalDiscount none;
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();

    QTest::newRow("line amount discount above the subtotal")
        << Lines{withDiscount(line(1000, 1), DiscountKind::Amount, 1001)} << none << usd;
    QTest::newRow("line percent above 100 %") << Lines{withDiscount(line(1000, 1), DiscountKind::Percent, 10001)}
                                             << none << usd;
    QTest::newRow("negative line discount") << Lines{withDiscount(line(1000, 1), DiscountKind::Amount, -1)} << none
                                            << usd;
    QTest::newRow("cart amount above the cart") << Lines{line(1000, 1)} << amount(1001) << usd;
    QTest::newRow("cart amount above what line discounts left")
        << Lines{withDiscount(line(1000, 1), DiscountKind::Amount, 600)} << amount(401) << usd;
    QTest::newRow("cart amount on a free cart") << Lines{line(0, 1)} << amount(1) << usd;
    QTest::newRow("cart percent above 100 %") << Lines{line(1000, 1)} << percent(10001) << usd;
    QTest::newRow("negative cart percent") << Lines{line(1000, 1)} << percent(-1) << usd;
    QTest::newRow("zero quantity") << Lines{line(1000, 0)} << none << usd;
    QTest::newRow("negative price") << Lines{line(-1, 1)} << none << usd;
    QTest::newRow("negative override") << Lines{withOverride(line(1000, 1), -5)} << none << usd;
    QTest::newRow("another currency") << Lines{line(1000, 1, u"standard"_s, u"EUR"_s)} << none << usd;
    QTest::newRow("quantity overflow") << Lines{line(kMax / 2, 3)} << none << usd;
    QTest::newRow("subtotal overflow") << Lines{line(kMax / 2 + 1, 1), line(kMax / 2 + 1, 1)} << none << usd;
    QTest::newRow("total overflow through tax") << Lines{line(kMax - 10, 1)} << none << usd;
}

void TestPricing::refused()
{
    QFETCH(Lines, lines);
    QFETCH(OptionalDiscount, cartDiscount);
    QFETCH(PricingRules, rules);

    Result<PricedCart> priced = Pricing::price(lines, cartDiscount, rules);
    QVERIFY(!priced.ok());
    QCOMPARE(priced.error().code, ErrorCode::InvalidInput);
    QVERIFY(!priced.error().message.isEmpty());
    QVERIFY2(priced.error().message.endsWith(u'.'), qPrintable(priced.error().message));
}

void TestPricing::taxRateForUnknownClassIsTheDefault()
{
    const PricingRules rules = usdRules();
    QCOMPARE(Pricing::taxRateFor(u"standard"_s, rules), 800);
    QCOMPARE(Pricing::taxRateFor(u"reduced"_s, rules), 500);
    QCOMPARE(Pricing::taxRateFor(u" Reduced "_s, rules), 500);
    QCOMPARE(Pricing::taxRateFor(u"zero"_s, rules), 0);
    QCOMPARE(Pricing::taxRateFor(u"luxury"_s, rules), 800);
    QCOMPARE(Pricing::taxRateFor(QString(), rules), 800);
}

void TestPricing::cartDiscountPartsAddUpOverManyLines()
{
    const PricingRules rules = usdRules();
    Lines lines;
    for (int i = 1; i <= 17; ++i)
        lines.append(line(i * 37, i % 3 + 1, i % 2 ? u"standard"_s : u"reduced"_s));
    for (const qint64 off : {1LL, 7LL, 333LL, 1000LL}) {
        Result<PricedCart> priced = Pricing::price(lines, amount(off), rules);
        QVERIFY(priced.ok());
        qint64 shares = 0;
        for (const PricedLine &l : priced->lines)
            shares += l.cartDiscountShare.minorUnits();
        QCOMPARE(shares, off);
        verifyInvariant(priced.value());
    }
    for (const qint64 bp : {1LL, 333LL, 1250LL, 9999LL}) {
        Result<PricedCart> priced = Pricing::price(lines, percent(bp), rules);
        QVERIFY(priced.ok());
        verifyInvariant(priced.value());
    }
}

void TestPricing::verifyInvariant(const PricedCart &cart)
{
    QCOMPARE(cart.total, cart.subtotal - cart.discount + cart.tax + cart.shipping);
    Money subtotal = Money::zero(cart.total.currency());
    Money discount = subtotal;
    Money tax = subtotal;
    qint64 units = 0;
    for (const PricedLine &l : cart.lines) {
        QCOMPARE(l.subtotal, l.unitPrice * l.quantity);
        QCOMPARE(l.discount, l.lineDiscount + l.cartDiscountShare);
        QCOMPARE(l.total, l.subtotal - l.discount + l.tax);
        QCOMPARE(l.tax, (l.subtotal - l.discount).percentOf(l.taxRateBasisPoints));
        QVERIFY(l.discount <= l.subtotal);
        QVERIFY(!l.discount.isNegative());
        subtotal += l.subtotal;
        discount += l.discount;
        tax += l.tax;
        units += l.quantity;
    }
    QCOMPARE(cart.subtotal, subtotal);
    QCOMPARE(cart.discount, discount);
    QCOMPARE(cart.tax, tax);
    QCOMPARE(cart.itemCount, units);
}

QTEST_GUILESS_MAIN(TestPricing)
#include "tst_pricing.moc"
