#include "core/Money.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using sk::Money;

namespace sk {
// Lets QCOMPARE print both amounts when they differ.
char *toString(const Money &money)
{
    const QString text = money.isValid() ? money.toDecimalString() + u' ' + money.currency() : u"invalid"_s;
    return qstrdup(text.toUtf8().constData());
}
} // namespace sk

namespace {

constexpr qint64 kMax = std::numeric_limits<qint64>::max();
// The first integer a double cannot hold: formatting through double would print ...992.
constexpr qint64 kBeyondDouble = (qint64(1) << 53) + 1;

Money usd(qint64 cents)
{
    return Money(cents, u"USD");
}

QLocale localeNamed(const QString &name)
{
    return name == u"C"_s ? QLocale::c() : QLocale(name);
}

} // namespace

class TestMoney : public QObject {
    Q_OBJECT

private slots:
    void currencyCodes_data();
    void currencyCodes();
    void minorUnitDigits_data();
    void minorUnitDigits();
    void invalidMoney();

    void arithmetic_data();
    void arithmetic();
    void comparisons();
    void multiplyByQuantity_data();
    void multiplyByQuantity();
    void overflowDetected_data();
    void overflowDetected();
    void mixedCurrenciesRefused();
    void hashAndEquality();

    void roundingHalfAwayFromZero_data();
    void roundingHalfAwayFromZero();
    void eightPercentTaxTable_data();
    void eightPercentTaxTable();

    void allocate_data();
    void allocate();
    void allocateRandomAmountsSumExactly();
    void allocateRejectsBadWeights();

    void toDecimalString_data();
    void toDecimalString();
    void parseDecimal_data();
    void parseDecimal();
    void format_data();
    void format();
    void formatMatchesQLocale_data();
    void formatMatchesQLocale();
    void parse_data();
    void parse();
    void roundTrip_data();
    void roundTrip();
};

void TestMoney::currencyCodes_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("valid");

    QTest::newRow("USD") << u"USD"_s << true;
    QTest::newRow("KWD") << u"KWD"_s << true;
    QTest::newRow("lower case") << u"usd"_s << false;
    QTest::newRow("mixed case") << u"Usd"_s << false;
    QTest::newRow("two letters") << u"US"_s << false;
    QTest::newRow("four letters") << u"USDX"_s << false;
    QTest::newRow("digit") << u"U5D"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("non-ASCII") << u"\u00C4BC"_s << false;
}

void TestMoney::currencyCodes()
{
    QFETCH(QString, code);
    QFETCH(bool, valid);

    QCOMPARE(Money::isValidCurrencyCode(code), valid);
    const std::optional<Money> money = Money::fromMinorUnits(100, code);
    QCOMPARE(money.has_value(), valid);
    if (valid) {
        QVERIFY(money->isValid());
        QCOMPARE(money->currency(), code);
        QCOMPARE(money->minorUnits(), 100);
    }
}

void TestMoney::minorUnitDigits_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("digits");

    QTest::newRow("USD") << u"USD"_s << 2;
    QTest::newRow("EUR") << u"EUR"_s << 2;
    QTest::newRow("GBP") << u"GBP"_s << 2;
    QTest::newRow("unknown code") << u"XYZ"_s << 2;
    QTest::newRow("JPY") << u"JPY"_s << 0;
    QTest::newRow("KRW") << u"KRW"_s << 0;
    QTest::newRow("ISK") << u"ISK"_s << 0;
    QTest::newRow("CLP") << u"CLP"_s << 0;
    QTest::newRow("VND") << u"VND"_s << 0;
    QTest::newRow("BHD") << u"BHD"_s << 3;
    QTest::newRow("KWD") << u"KWD"_s << 3;
    QTest::newRow("OMR") << u"OMR"_s << 3;
    QTest::newRow("JOD") << u"JOD"_s << 3;
    QTest::newRow("TND") << u"TND"_s << 3;
    QTest::newRow("CLF") << u"CLF"_s << 4;
}

void TestMoney::minorUnitDigits()
{
    QFETCH(QString, code);
    QFETCH(int, digits);

    QCOMPARE(Money::minorUnitDigits(code), digits);
    QCOMPARE(Money(1, code).minorUnitDigits(), digits);
}

void TestMoney::invalidMoney()
{
    static_assert(sizeof(Money) == 16, "Money should stay a cheap value type");

    const Money none;
    QVERIFY(!none.isValid());
    QVERIFY(none.currency().isEmpty());
    QCOMPARE(none.minorUnits(), 0);
    QVERIFY(none.toString(QLocale(u"en_US"_s)).isEmpty());
    QVERIFY(none.toDecimalString().isEmpty());
    QVERIFY(!none.checkedAdd(none).has_value());
    QVERIFY(!none.checkedMultiply(2).has_value());
    QVERIFY(!none.checkedPercentOf(800).has_value());

    // INT64_MIN is outside the symmetric range, so -x and abs() never overflow.
    QVERIFY(!Money::fromMinorUnits(std::numeric_limits<qint64>::min(), u"USD").has_value());
    QCOMPARE(Money::fromMinorUnits(-kMax, u"USD")->minorUnits(), -kMax);
    QCOMPARE(Money::zero(u"EUR"_s), Money(0, u"EUR"));
}

void TestMoney::arithmetic_data()
{
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");
    QTest::addColumn<qint64>("sum");
    QTest::addColumn<qint64>("difference");

    QTest::newRow("zero") << qint64(0) << qint64(0) << qint64(0) << qint64(0);
    QTest::newRow("cents") << qint64(150) << qint64(275) << qint64(425) << qint64(-125);
    QTest::newRow("negative") << qint64(-150) << qint64(50) << qint64(-100) << qint64(-200);
    QTest::newRow("both negative") << qint64(-150) << qint64(-50) << qint64(-200) << qint64(-100);
    QTest::newRow("up to max") << kMax - 1 << qint64(1) << kMax << kMax - 2;
    QTest::newRow("down to -max") << -kMax + 1 << qint64(-1) << -kMax << -kMax + 2;
    QTest::newRow("max and max") << kMax << kMax << qint64(0) << qint64(0);
}

void TestMoney::arithmetic()
{
    QFETCH(qint64, a);
    QFETCH(qint64, b);
    QFETCH(qint64, sum);
    QFETCH(qint64, difference);

    if (QByteArrayView(QTest::currentDataTag()) == "max and max") {
        // The difference fits though the sum does not.
        QVERIFY(!usd(a).checkedAdd(usd(b)).has_value());
        QCOMPARE(usd(a) - usd(b), usd(difference));
        return;
    }
    QCOMPARE(usd(a) + usd(b), usd(sum));
    QCOMPARE(usd(a).checkedAdd(usd(b)), std::optional<Money>(usd(sum)));
    QCOMPARE(usd(a) - usd(b), usd(difference));
    QCOMPARE(usd(a).checkedSubtract(usd(b)), std::optional<Money>(usd(difference)));
    QCOMPARE(-usd(a), usd(-a));
    QCOMPARE(usd(a).abs(), usd(a < 0 ? -a : a));

    Money running = usd(a);
    running += usd(b);
    QCOMPARE(running, usd(sum));
}

void TestMoney::comparisons()
{
    QVERIFY(usd(100) == usd(100));
    QVERIFY(usd(100) != usd(101));
    QVERIFY(usd(-5) < usd(0));
    QVERIFY(usd(0) <= usd(0));
    QVERIFY(usd(kMax) > usd(-kMax));
    QVERIFY(usd(7) >= usd(6));
    QVERIFY(usd(-1).isNegative());
    QVERIFY(usd(0).isZero());
    // Same number, other currency: simply not equal (no assertion).
    QVERIFY(usd(100) != Money(100, u"EUR"));
}

void TestMoney::multiplyByQuantity_data()
{
    QTest::addColumn<qint64>("unitPrice");
    QTest::addColumn<qint64>("quantity");
    QTest::addColumn<qint64>("total");

    QTest::newRow("three items") << qint64(1999) << qint64(3) << qint64(5997);
    QTest::newRow("refund of three") << qint64(-1999) << qint64(3) << qint64(-5997);
    QTest::newRow("negative quantity") << qint64(1999) << qint64(-2) << qint64(-3998);
    QTest::newRow("zero quantity") << qint64(1999) << qint64(0) << qint64(0);
    QTest::newRow("grams of cheese") << qint64(3) << qint64(1250) << qint64(3750);
    QTest::newRow("max times one") << kMax << qint64(1) << kMax;
    QTest::newRow("max times minus one") << kMax << qint64(-1) << -kMax;
}

void TestMoney::multiplyByQuantity()
{
    QFETCH(qint64, unitPrice);
    QFETCH(qint64, quantity);
    QFETCH(qint64, total);

    QCOMPARE(usd(unitPrice) * quantity, usd(total));
    QCOMPARE(quantity * usd(unitPrice), usd(total));
    QCOMPARE(usd(unitPrice).checkedMultiply(quantity), std::optional<Money>(usd(total)));
}

void TestMoney::overflowDetected_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");

    QTest::newRow("max + 1") << u"add"_s << kMax << qint64(1);
    QTest::newRow("max + max") << u"add"_s << kMax << kMax;
    QTest::newRow("-max + -1 is INT64_MIN") << u"add"_s << -kMax << qint64(-1);
    QTest::newRow("-max - 1 is INT64_MIN") << u"subtract"_s << -kMax << qint64(1);
    QTest::newRow("-max - max") << u"subtract"_s << -kMax << kMax;
    QTest::newRow("max - -1") << u"subtract"_s << kMax << qint64(-1);
    QTest::newRow("max * 2") << u"multiply"_s << kMax << qint64(2);
    QTest::newRow("(max/2 + 1) * 2") << u"multiply"_s << kMax / 2 + 1 << qint64(2);
    QTest::newRow("-2^62 * 2 is INT64_MIN") << u"multiply"_s << -(qint64(1) << 62) << qint64(2);
    QTest::newRow("max * -max") << u"multiply"_s << kMax << -kMax;
    QTest::newRow("200% of max") << u"percent"_s << kMax << qint64(20'000);
    QTest::newRow("100.01% of max") << u"percent"_s << kMax << qint64(10'001);
    QTest::newRow("-100.01% of max") << u"percent"_s << kMax << qint64(-10'001);
    QTest::newRow("max * 3/2") << u"scale"_s << kMax << qint64(3);
}

void TestMoney::overflowDetected()
{
    QFETCH(QString, operation);
    QFETCH(qint64, a);
    QFETCH(qint64, b);

    std::optional<Money> result;
    if (operation == u"add"_s)
        result = usd(a).checkedAdd(usd(b));
    else if (operation == u"subtract"_s)
        result = usd(a).checkedSubtract(usd(b));
    else if (operation == u"multiply"_s)
        result = usd(a).checkedMultiply(b);
    else if (operation == u"percent"_s)
        result = usd(a).checkedPercentOf(qint32(b));
    else if (operation == u"scale"_s)
        result = usd(a).checkedScaled(b, 2);
    else
        QFAIL("unknown operation");
    QVERIFY2(!result.has_value(), qPrintable(result ? result->toDecimalString() : QString()));
}

void TestMoney::mixedCurrenciesRefused()
{
    const Money euro(100, u"EUR");
    QVERIFY(!usd(100).checkedAdd(euro).has_value());
    QVERIFY(!usd(100).checkedSubtract(euro).has_value());
    QVERIFY(!usd(100).checkedAdd(Money()).has_value());
    QVERIFY(!Money().checkedAdd(usd(100)).has_value());
    QVERIFY(usd(100) != euro);

#ifdef QT_NO_DEBUG
    // Release builds: the defined behaviour behind the Q_ASSERT.
    QVERIFY(!(usd(100) + euro).isValid());
    QVERIFY(!(usd(100) - euro).isValid());
    QVERIFY(!((usd(100) + euro) + usd(1)).isValid());
    QVERIFY(!(usd(kMax) + usd(1)).isValid());
    QVERIFY(!(usd(kMax) * 2).isValid());
    QVERIFY(!(usd(100) < euro));
    QVERIFY(!(usd(100) > euro));
    QVERIFY(!(usd(100) <= euro));
    QVERIFY(!(usd(100) >= euro));
#endif
}

void TestMoney::hashAndEquality()
{
    QCOMPARE(qHash(usd(1234)), qHash(usd(1234)));
    const QSet<Money> amounts{usd(1234), usd(1234), Money(1234, u"EUR"), usd(-1234)};
    QCOMPARE(amounts.size(), 3);
    QVERIFY(amounts.contains(Money(1234, u"EUR")));
}

void TestMoney::roundingHalfAwayFromZero_data()
{
    QTest::addColumn<qint64>("amount");
    QTest::addColumn<qint64>("numerator");
    QTest::addColumn<qint64>("denominator");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("0.5 -> 1") << qint64(1) << qint64(1) << qint64(2) << qint64(1);
    QTest::newRow("1.5 -> 2") << qint64(3) << qint64(1) << qint64(2) << qint64(2);
    QTest::newRow("2.5 -> 3, not to even") << qint64(5) << qint64(1) << qint64(2) << qint64(3);
    QTest::newRow("0.4999 -> 0") << qint64(4999) << qint64(1) << qint64(10'000) << qint64(0);
    QTest::newRow("0.5000 -> 1") << qint64(5000) << qint64(1) << qint64(10'000) << qint64(1);
    QTest::newRow("0.5001 -> 1") << qint64(5001) << qint64(1) << qint64(10'000) << qint64(1);
    QTest::newRow("-0.5 -> -1") << qint64(-1) << qint64(1) << qint64(2) << qint64(-1);
    QTest::newRow("-2.5 -> -3") << qint64(-5) << qint64(1) << qint64(2) << qint64(-3);
    QTest::newRow("-0.4999 -> 0") << qint64(-4999) << qint64(1) << qint64(10'000) << qint64(0);
    QTest::newRow("-0.5001 -> -1") << qint64(-5001) << qint64(1) << qint64(10'000) << qint64(-1);
    QTest::newRow("negative denominator") << qint64(1) << qint64(1) << qint64(-2) << qint64(-1);
    QTest::newRow("both signs negative") << qint64(-1) << qint64(-1) << qint64(2) << qint64(1);
    QTest::newRow("1/3 -> 0") << qint64(1) << qint64(1) << qint64(3) << qint64(0);
    QTest::newRow("2/3 -> 1") << qint64(2) << qint64(1) << qint64(3) << qint64(1);
    QTest::newRow("-2/3 -> -1") << qint64(-2) << qint64(1) << qint64(3) << qint64(-1);
    // Rows over kBasisPointsPerWhole are also checked through percentOf().
    QTest::newRow("50% of 1 cent = 0.5 cent -> 1") << qint64(1) << qint64(5000) << qint64(10'000) << qint64(1);
    QTest::newRow("49.99% of 1 cent -> 0") << qint64(1) << qint64(4999) << qint64(10'000) << qint64(0);
    QTest::newRow("50% of -1 cent -> -1") << qint64(-1) << qint64(5000) << qint64(10'000) << qint64(-1);
    QTest::newRow("50% of 3 cents = 1.5 -> 2") << qint64(3) << qint64(5000) << qint64(10'000) << qint64(2);
    QTest::newRow("50% of -3 cents = -1.5 -> -2") << qint64(-3) << qint64(5000) << qint64(10'000) << qint64(-2);
    QTest::newRow("100% of max, 128-bit intermediate") << kMax << qint64(10'000) << qint64(10'000) << kMax;
    QTest::newRow("8% of max") << kMax << qint64(800) << qint64(10'000) << qint64(737869762948382065);
    QTest::newRow("-8% of max") << kMax << qint64(-800) << qint64(10'000) << qint64(-737869762948382065);
    QTest::newRow("8.875% of 100.00 = 8.875 -> 8.88")
        << qint64(10'000) << qint64(88'750) << Money::kMillionthsPerWhole << qint64(888);
    QTest::newRow("8.875% of -100.00 -> -8.88")
        << qint64(-10'000) << qint64(88'750) << Money::kMillionthsPerWhole << qint64(-888);
}

void TestMoney::roundingHalfAwayFromZero()
{
    QFETCH(qint64, amount);
    QFETCH(qint64, numerator);
    QFETCH(qint64, denominator);
    QFETCH(qint64, expected);

    QCOMPARE(usd(amount).scaled(numerator, denominator), usd(expected));
    QCOMPARE(usd(amount).checkedScaled(numerator, denominator), std::optional<Money>(usd(expected)));
    if (denominator == Money::kBasisPointsPerWhole) {
        QCOMPARE(usd(amount).percentOf(qint32(numerator)), usd(expected));
        QCOMPARE(usd(amount).checkedPercentOf(qint32(numerator)), std::optional<Money>(usd(expected)));
    }
    QVERIFY(!usd(amount).checkedScaled(numerator, 0).has_value());
}

void TestMoney::eightPercentTaxTable_data()
{
    QTest::addColumn<qint64>("price");
    QTest::addColumn<qint64>("tax");

    // Every cent from 0.01 to 1.00. Half-up on a non-negative exact value
    // c × 8 / 100 is floor((8c + 50) / 100): an expectation computed without
    // the code under test.
    for (qint64 cents = 1; cents <= 100; ++cents)
        QTest::addRow("%s", qPrintable(usd(cents).toDecimalString())) << cents << (cents * 8 + 50) / 100;

    // The cases people check by hand.
    QTest::newRow("0.06 -> 0.0048 -> 0.00 (hand)") << qint64(6) << qint64(0);
    QTest::newRow("0.07 -> 0.0056 -> 0.01 (hand)") << qint64(7) << qint64(1);
    QTest::newRow("0.18 -> 0.0144 -> 0.01 (hand)") << qint64(18) << qint64(1);
    QTest::newRow("0.19 -> 0.0152 -> 0.02 (hand)") << qint64(19) << qint64(2);
    QTest::newRow("6.25 -> 0.50 exactly (hand)") << qint64(625) << qint64(50);
    QTest::newRow("12.50 -> 1.00 (hand)") << qint64(1250) << qint64(100);
    QTest::newRow("19.99 -> 1.5992 -> 1.60 (hand)") << qint64(1999) << qint64(160);
    QTest::newRow("43.75 -> 3.50 (hand)") << qint64(4375) << qint64(350);
    QTest::newRow("9.94 -> 0.7952 -> 0.80 (hand)") << qint64(994) << qint64(80);
    QTest::newRow("9.93 -> 0.7944 -> 0.79 (hand)") << qint64(993) << qint64(79);
}

void TestMoney::eightPercentTaxTable()
{
    QFETCH(qint64, price);
    QFETCH(qint64, tax);

    constexpr qint32 kEightPercent = 800;
    QCOMPARE(usd(price).percentOf(kEightPercent), usd(tax));
    // A refund's tax is exactly minus the sale's.
    QCOMPARE(usd(-price).percentOf(kEightPercent), usd(-tax));
}

void TestMoney::allocate_data()
{
    QTest::addColumn<qint64>("amount");
    QTest::addColumn<QList<qint64>>("weights");
    QTest::addColumn<QList<qint64>>("expected");

    QTest::newRow("1.00 in three") << qint64(100) << QList<qint64>{1, 1, 1} << QList<qint64>{34, 33, 33};
    QTest::newRow("-1.00 in three") << qint64(-100) << QList<qint64>{1, 1, 1} << QList<qint64>{-34, -33, -33};
    QTest::newRow("largest remainder wins")
        << qint64(100) << QList<qint64>{1, 2, 3} << QList<qint64>{17, 33, 50};
    QTest::newRow("tie goes to the earlier part") << qint64(5) << QList<qint64>{3, 7} << QList<qint64>{2, 3};
    QTest::newRow("exact shares") << qint64(1000) << QList<qint64>{1, 2, 3, 4} << QList<qint64>{100, 200, 300, 400};
    QTest::newRow("5.00 discount over lines 19.99, 5.00, 125.50")
        << qint64(-500) << QList<qint64>{1999, 500, 12'550} << QList<qint64>{-66, -17, -417};
    QTest::newRow("zero weight gets nothing") << qint64(100) << QList<qint64>{0, 1, 0} << QList<qint64>{0, 100, 0};
    QTest::newRow("fewer units than parts") << qint64(2) << QList<qint64>{1, 1, 1, 1} << QList<qint64>{1, 1, 0, 0};
    QTest::newRow("single part") << qint64(12'345) << QList<qint64>{7} << QList<qint64>{12'345};
    QTest::newRow("zero amount") << qint64(0) << QList<qint64>{1, 2} << QList<qint64>{0, 0};
    QTest::newRow("max in two") << kMax << QList<qint64>{1, 1} << QList<qint64>{kMax / 2 + 1, kMax / 2};
    QTest::newRow("weights summing beyond 64 bits")
        << kMax << QList<qint64>{kMax, kMax, kMax}
        << QList<qint64>{kMax / 3 + 1, kMax / 3, kMax / 3};
}

void TestMoney::allocate()
{
    QFETCH(qint64, amount);
    QFETCH(QList<qint64>, weights);
    QFETCH(QList<qint64>, expected);

    const QList<Money> parts = Money(amount, u"EUR").allocate(weights);
    QCOMPARE(parts.size(), expected.size());
    for (qsizetype i = 0; i < parts.size(); ++i)
        QCOMPARE(parts.at(i), Money(expected.at(i), u"EUR"));
}

void TestMoney::allocateRandomAmountsSumExactly()
{
    constexpr quint32 kSeed = 20'240'601;
    constexpr int kRounds = 2000;
    constexpr qint64 kAmountLimit = 1'000'000'000'000;
    constexpr qint64 kWeightLimit = 1'000'000;
    QRandomGenerator random(kSeed);
    for (int round = 0; round < kRounds; ++round) {
        const qint64 amount = random.bounded(-kAmountLimit, kAmountLimit);
        QList<qint64> weights(random.bounded(1, 13));
        for (qint64 &weight : weights)
            weight = random.bounded(qint64(0), kWeightLimit);
        weights.front() += 1;
        const QList<Money> parts = usd(amount).allocate(weights);
        QCOMPARE(parts.size(), weights.size());

        __int128 totalWeight = 0;
        for (const qint64 weight : weights)
            totalWeight += weight;
        qint64 sum = 0;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            sum += parts.at(i).minorUnits();
            // Within one unit of the exact share: |part × W − amount × w| < W.
            __int128 error = __int128(parts.at(i).minorUnits()) * totalWeight - __int128(amount) * weights.at(i);
            if (error < 0)
                error = -error;
            QVERIFY2(error < totalWeight, qPrintable(u"round %1, part %2"_s.arg(round).arg(i)));
        }
        QCOMPARE(sum, amount);
    }
}

void TestMoney::allocateRejectsBadWeights()
{
    QVERIFY(usd(100).allocate({}).isEmpty());
    QVERIFY(usd(100).allocate({0, 0}).isEmpty());
    QVERIFY(usd(100).allocate({3, -1}).isEmpty());
    QVERIFY(Money().allocate({1, 1}).isEmpty());
}

void TestMoney::toDecimalString_data()
{
    QTest::addColumn<qint64>("minorUnits");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<QString>("expected");

    QTest::newRow("dollars") << qint64(123'450) << u"USD"_s << u"1234.50"_s;
    QTest::newRow("negative cents") << qint64(-5) << u"USD"_s << u"-0.05"_s;
    QTest::newRow("zero") << qint64(0) << u"USD"_s << u"0.00"_s;
    QTest::newRow("seven cents") << qint64(7) << u"USD"_s << u"0.07"_s;
    QTest::newRow("minus one") << qint64(-100) << u"USD"_s << u"-1.00"_s;
    QTest::newRow("yen") << qint64(1234) << u"JPY"_s << u"1234"_s;
    QTest::newRow("negative yen") << qint64(-1234) << u"JPY"_s << u"-1234"_s;
    QTest::newRow("dinar") << qint64(1'234'567) << u"KWD"_s << u"1234.567"_s;
    QTest::newRow("five fils") << qint64(5) << u"KWD"_s << u"0.005"_s;
    QTest::newRow("CLF four digits") << qint64(12'345) << u"CLF"_s << u"1.2345"_s;
    QTest::newRow("max") << kMax << u"USD"_s << u"92233720368547758.07"_s;
    QTest::newRow("-max") << -kMax << u"USD"_s << u"-92233720368547758.07"_s;
    QTest::newRow("2^53 + 1") << kBeyondDouble << u"USD"_s << u"90071992547409.93"_s;
}

void TestMoney::toDecimalString()
{
    QFETCH(qint64, minorUnits);
    QFETCH(QString, currency);
    QFETCH(QString, expected);

    const Money money(minorUnits, currency);
    QCOMPARE(money.toDecimalString(), expected);
    QCOMPARE(Money::parseDecimal(expected, currency), std::optional<Money>(money));
}

void TestMoney::parseDecimal_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("minorUnits");

    const auto good = [](const char *tag, const QString &input, const QString &currency, qint64 minorUnits) {
        QTest::newRow(tag) << input << currency << true << minorUnits;
    };
    const auto bad = [](const char *tag, const QString &input, const QString &currency = u"USD"_s) {
        QTest::newRow(tag) << input << currency << false << qint64(0);
    };
    good("dollars", u"1234.50"_s, u"USD"_s, 123'450);
    good("negative cents", u"-0.05"_s, u"USD"_s, -5);
    good("whole", u"12"_s, u"USD"_s, 1200);
    good("one fraction digit", u"12.5"_s, u"USD"_s, 1250);
    good("leading zeros", u"007.10"_s, u"USD"_s, 710);
    good("minus zero", u"-0"_s, u"USD"_s, 0);
    good("yen", u"1234"_s, u"JPY"_s, 1234);
    good("dinar", u"1.234"_s, u"KWD"_s, 1234);
    good("max", u"92233720368547758.07"_s, u"USD"_s, kMax);
    good("-max", u"-92233720368547758.07"_s, u"USD"_s, -kMax);

    bad("empty", QString());
    bad("only minus", u"-"_s);
    bad("trailing point", u"12."_s);
    bad("leading point", u".5"_s);
    bad("group separator", u"1,234.50"_s);
    bad("comma decimal", u"12,50"_s);
    bad("leading space", u" 12.50"_s);
    bad("trailing space", u"12.50 "_s);
    bad("plus sign", u"+12"_s);
    bad("double minus", u"--1"_s);
    bad("three cent digits", u"12.345"_s);
    bad("fraction on yen", u"12.5"_s, u"JPY"_s);
    bad("zero fraction on yen", u"12.0"_s, u"JPY"_s);
    bad("four fils digits", u"1.2345"_s, u"KWD"_s);
    bad("exponent", u"1e3"_s);
    bad("hex", u"0x10"_s);
    bad("two points", u"12.5.0"_s);
    bad("currency code", u"12.50 USD"_s);
    bad("Arabic-Indic digits", u"\u0661\u0662"_s);
    bad("just above max", u"92233720368547758.08"_s);
    bad("just below -max", u"-92233720368547758.08"_s);
    bad("twenty digits", u"99999999999999999999"_s);
    bad("lower-case currency", u"12.50"_s, u"usd"_s);
}

void TestMoney::parseDecimal()
{
    QFETCH(QString, input);
    QFETCH(QString, currency);
    QFETCH(bool, valid);
    QFETCH(qint64, minorUnits);

    const std::optional<Money> parsed = Money::parseDecimal(input, currency);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, Money(minorUnits, currency));
}

void TestMoney::format_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<qint64>("minorUnits");
    QTest::addColumn<QString>("expected");

    QTest::newRow("en_US") << u"en_US"_s << u"USD"_s << qint64(123'450) << u"$1,234.50"_s;
    QTest::newRow("en_US negative") << u"en_US"_s << u"USD"_s << qint64(-123'450) << u"($1,234.50)"_s;
    QTest::newRow("en_US cents") << u"en_US"_s << u"USD"_s << qint64(5) << u"$0.05"_s;
    QTest::newRow("en_US zero") << u"en_US"_s << u"USD"_s << qint64(0) << u"$0.00"_s;
    QTest::newRow("en_US max, exact") << u"en_US"_s << u"USD"_s << kMax << u"$92,233,720,368,547,758.07"_s;
    QTest::newRow("en_US -max, exact") << u"en_US"_s << u"USD"_s << -kMax << u"($92,233,720,368,547,758.07)"_s;
    QTest::newRow("en_US 2^53 + 1, exact")
        << u"en_US"_s << u"USD"_s << kBeyondDouble << u"$90,071,992,547,409.93"_s;
    QTest::newRow("en_US yen by code") << u"en_US"_s << u"JPY"_s << qint64(1234) << u"JPY\u00A01,234"_s;
    QTest::newRow("en_US dinar by code") << u"en_US"_s << u"KWD"_s << qint64(1'234'567) << u"KWD\u00A01,234.567"_s;
    QTest::newRow("en_US negative dinar")
        << u"en_US"_s << u"KWD"_s << qint64(-5) << u"(KWD\u00A00.005)"_s;
    QTest::newRow("de_DE") << u"de_DE"_s << u"EUR"_s << qint64(123'450) << u"1.234,50\u00A0\u20AC"_s;
    QTest::newRow("de_DE negative") << u"de_DE"_s << u"EUR"_s << qint64(-5) << u"-0,05\u00A0\u20AC"_s;
    QTest::newRow("de_DE dollars by code") << u"de_DE"_s << u"USD"_s << qint64(123'450) << u"1.234,50\u00A0USD"_s;
    QTest::newRow("de_DE yen") << u"de_DE"_s << u"JPY"_s << qint64(1234) << u"1.234\u00A0JPY"_s;
    QTest::newRow("fr_FR") << u"fr_FR"_s << u"EUR"_s << qint64(123'456'789)
                           << u"1\u202F234\u202F567,89\u00A0\u20AC"_s;
    QTest::newRow("fr_FR negative") << u"fr_FR"_s << u"EUR"_s << qint64(-123'450) << u"(1\u202F234,50\u00A0\u20AC)"_s;
    QTest::newRow("ja_JP") << u"ja_JP"_s << u"JPY"_s << qint64(1'234'567) << u"\uFFE51,234,567"_s;
    QTest::newRow("ar_KW native digits")
        << u"ar_KW"_s << u"KWD"_s << qint64(1'234'567)
        << u"\u0661\u066C\u0662\u0663\u0664\u066B\u0665\u0666\u0667\u00A0\u062F.\u0643.\u200F"_s;
    QTest::newRow("hi_IN lakh grouping") << u"hi_IN"_s << u"INR"_s << qint64(123'456'700) << u"\u20B912,34,567.00"_s;
    QTest::newRow("de_CH") << u"de_CH"_s << u"CHF"_s << qint64(123'450) << u"1\u2019234.50\u00A0CHF"_s;
    QTest::newRow("C locale") << u"C"_s << u"USD"_s << qint64(-123'450) << u"-1234.50\u00A0USD"_s;
}

void TestMoney::format()
{
    QFETCH(QString, locale);
    QFETCH(QString, currency);
    QFETCH(qint64, minorUnits);
    QFETCH(QString, expected);

    QCOMPARE(Money(minorUnits, currency).toString(localeNamed(locale)), expected);
}

void TestMoney::formatMatchesQLocale_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<qint64>("minorUnits");

    // Values a double holds exactly enough for Qt's own formatting to be right.
    const QList<qint64> values{0, 1, 5, 10, 99, 100, 12'345, -1, -12'345, 1'234'567'890, qint64(1) << 40};
    const QStringList locales{u"en_US"_s, u"en_GB"_s, u"en_IN"_s, u"de_DE"_s, u"fr_FR"_s, u"es_ES"_s,
                              u"it_IT"_s, u"nl_NL"_s, u"pt_BR"_s, u"pl_PL"_s, u"sv_SE"_s, u"de_CH"_s,
                              u"ja_JP"_s, u"hi_IN"_s, u"ar_KW"_s, u"ar_EG"_s, u"fa_IR"_s};
    for (const QString &locale : locales) {
        for (const qint64 value : values)
            QTest::addRow("%s %lld", qPrintable(locale), value) << locale << value;
    }
}

void TestMoney::formatMatchesQLocale()
{
    QFETCH(QString, locale);
    QFETCH(qint64, minorUnits);

    const QLocale qlocale(locale);
    const QString currency = qlocale.currencySymbol(QLocale::CurrencyIsoCode);
    QVERIFY(Money::isValidCurrencyCode(currency));
    const int digits = Money::minorUnitDigits(currency);
    double scale = 1;
    for (int i = 0; i < digits; ++i)
        scale *= 10;
    const QString qtFormatted =
        qlocale.toCurrencyString(double(minorUnits) / scale, qlocale.currencySymbol(), digits);
    QCOMPARE(Money(minorUnits, currency).toString(qlocale), qtFormatted);
}

void TestMoney::parse_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("minorUnits");

    const auto good = [](const char *tag, const QString &locale, const QString &currency, const QString &input,
                         qint64 minorUnits) {
        QTest::newRow(tag) << locale << currency << input << true << minorUnits;
    };
    const auto bad = [](const char *tag, const QString &locale, const QString &currency, const QString &input) {
        QTest::newRow(tag) << locale << currency << input << false << qint64(0);
    };

    good("en_US whole", u"en_US"_s, u"USD"_s, u"12"_s, 1200);
    good("en_US one fraction digit", u"en_US"_s, u"USD"_s, u"12.5"_s, 1250);
    good("en_US grouped", u"en_US"_s, u"USD"_s, u"1,234.56"_s, 123'456);
    good("en_US millions", u"en_US"_s, u"USD"_s, u"1,234,567.00"_s, 123'456'700);
    good("en_US spaces around", u"en_US"_s, u"USD"_s, u"  12.50 \t"_s, 1250);
    good("en_US symbol", u"en_US"_s, u"USD"_s, u"$12.50"_s, 1250);
    good("en_US symbol and space", u"en_US"_s, u"USD"_s, u"$ 12.50"_s, 1250);
    good("en_US trailing code", u"en_US"_s, u"USD"_s, u"12.50 USD"_s, 1250);
    good("en_US leading code", u"en_US"_s, u"USD"_s, u"USD12.50"_s, 1250);
    good("en_US lower-case code", u"en_US"_s, u"USD"_s, u"usd 12.50"_s, 1250);
    good("en_US minus", u"en_US"_s, u"USD"_s, u"-12.50"_s, -1250);
    good("en_US minus before symbol", u"en_US"_s, u"USD"_s, u"-$12.50"_s, -1250);
    good("en_US minus after symbol", u"en_US"_s, u"USD"_s, u"$-12.50"_s, -1250);
    good("en_US Unicode minus", u"en_US"_s, u"USD"_s, u"\u221212.50"_s, -1250);
    good("en_US parentheses", u"en_US"_s, u"USD"_s, u"($1,234.50)"_s, -123'450);
    good("en_US leading point", u"en_US"_s, u"USD"_s, u".5"_s, 50);
    good("en_US zero", u"en_US"_s, u"USD"_s, u"0"_s, 0);
    good("en_US minus zero", u"en_US"_s, u"USD"_s, u"-0.00"_s, 0);
    good("en_US max", u"en_US"_s, u"USD"_s, u"92,233,720,368,547,758.07"_s, kMax);
    good("en_US -max", u"en_US"_s, u"USD"_s, u"-92233720368547758.07"_s, -kMax);
    good("de_DE comma", u"de_DE"_s, u"EUR"_s, u"12,50"_s, 1250);
    good("de_DE whole", u"de_DE"_s, u"EUR"_s, u"12"_s, 1200);
    good("de_DE grouped", u"de_DE"_s, u"EUR"_s, u"1.234,56"_s, 123'456);
    good("de_DE point is grouping", u"de_DE"_s, u"EUR"_s, u"1.234"_s, 123'400);
    good("de_DE euro sign", u"de_DE"_s, u"EUR"_s, u"12,50 \u20AC"_s, 1250);
    good("de_DE euro sign glued", u"de_DE"_s, u"EUR"_s, u"12,50\u20AC"_s, 1250);
    good("de_DE negative", u"de_DE"_s, u"EUR"_s, u"-1.234,50\u00A0\u20AC"_s, -123'450);
    good("de_DE leading euro sign", u"de_DE"_s, u"EUR"_s, u"\u20AC 12,50"_s, 1250);
    good("fr_FR typed space", u"fr_FR"_s, u"EUR"_s, u"1 234,56"_s, 123'456);
    good("fr_FR narrow no-break space", u"fr_FR"_s, u"EUR"_s, u"1\u202F234,56\u00A0\u20AC"_s, 123'456);
    good("fr_FR point as decimal", u"fr_FR"_s, u"EUR"_s, u"12.50"_s, 1250);
    good("fr_FR parentheses", u"fr_FR"_s, u"EUR"_s, u"(12,50 \u20AC)"_s, -1250);
    good("de_CH apostrophe", u"de_CH"_s, u"CHF"_s, u"1'234.50"_s, 123'450);
    good("de_CH right quote", u"de_CH"_s, u"CHF"_s, u"CHF 1\u2019234.50"_s, 123'450);
    good("hi_IN lakh grouping", u"hi_IN"_s, u"INR"_s, u"\u20B912,34,567.00"_s, 123'456'700);
    good("hi_IN thousands grouping", u"hi_IN"_s, u"INR"_s, u"1,234,567"_s, 123'456'700);
    good("es_ES grouped thousands", u"es_ES"_s, u"EUR"_s, u"1.234,50"_s, 123'450);
    good("yen", u"en_US"_s, u"JPY"_s, u"1,234"_s, 1234);
    good("yen code", u"en_US"_s, u"JPY"_s, u"JPY 1234"_s, 1234);
    good("ja_JP full-width yen sign", u"ja_JP"_s, u"JPY"_s, u"\uFFE51,234"_s, 1234);
    good("ja_JP half-width yen sign", u"ja_JP"_s, u"JPY"_s, u"\u00A51,234"_s, 1234);
    good("ja_JP full-width digits", u"ja_JP"_s, u"JPY"_s, u"\uFF11\uFF12\uFF13\uFF14"_s, 1234);
    good("dinar", u"en_US"_s, u"KWD"_s, u"1,234.567 KWD"_s, 1'234'567);
    good("dinar fewer digits", u"en_US"_s, u"KWD"_s, u"1.5"_s, 1500);
    good("five fils", u"en_US"_s, u"KWD"_s, u"0.005"_s, 5);
    good("ar_KW native digits", u"ar_KW"_s, u"KWD"_s,
         u"\u061C-\u0661\u066C\u0662\u0663\u0664\u066B\u0665\u0666\u0667\u00A0\u062F.\u0643.\u200F"_s, -1'234'567);
    good("ar_KW Latin digits", u"ar_KW"_s, u"KWD"_s, u"12.500"_s, 12'500);

    bad("empty", u"en_US"_s, u"USD"_s, QString());
    bad("blank", u"en_US"_s, u"USD"_s, u"   "_s);
    bad("letters", u"en_US"_s, u"USD"_s, u"abc"_s);
    bad("trailing letter", u"en_US"_s, u"USD"_s, u"12a"_s);
    bad("letter in the middle", u"en_US"_s, u"USD"_s, u"1O.50"_s);
    bad("only a symbol", u"en_US"_s, u"USD"_s, u"$"_s);
    bad("only a minus", u"en_US"_s, u"USD"_s, u"-"_s);
    bad("two decimal points", u"en_US"_s, u"USD"_s, u"1.2.3"_s);
    bad("three cent digits", u"en_US"_s, u"USD"_s, u"12.345"_s);
    bad("trailing zero beyond cents", u"en_US"_s, u"USD"_s, u"12.500"_s);
    bad("trailing point", u"en_US"_s, u"USD"_s, u"12."_s);
    bad("comma as decimal in en_US", u"en_US"_s, u"USD"_s, u"12,50"_s);
    bad("misplaced group", u"en_US"_s, u"USD"_s, u"1,23.45"_s);
    bad("group of four", u"en_US"_s, u"USD"_s, u"1,2345"_s);
    bad("double group separator", u"en_US"_s, u"USD"_s, u"1,,234"_s);
    bad("leading group separator", u"en_US"_s, u"USD"_s, u",123"_s);
    bad("trailing group separator", u"en_US"_s, u"USD"_s, u"1,234,"_s);
    bad("group after decimal point", u"en_US"_s, u"USD"_s, u"1.234,5"_s);
    bad("space inside number in en_US", u"en_US"_s, u"USD"_s, u"12 34"_s);
    bad("double minus", u"en_US"_s, u"USD"_s, u"--12"_s);
    bad("minus inside parentheses", u"en_US"_s, u"USD"_s, u"(-12)"_s);
    bad("trailing minus", u"en_US"_s, u"USD"_s, u"12-"_s);
    bad("plus", u"en_US"_s, u"USD"_s, u"+12"_s);
    bad("two symbols", u"en_US"_s, u"USD"_s, u"$12 USD"_s);
    bad("exponent", u"en_US"_s, u"USD"_s, u"1e5"_s);
    bad("euro sign for dollars", u"en_US"_s, u"USD"_s, u"\u20AC12.50"_s);
    bad("dollar sign for euros", u"de_DE"_s, u"EUR"_s, u"$12,50"_s);
    bad("other currency code", u"en_US"_s, u"USD"_s, u"EUR 12.50"_s);
    bad("de_DE point as decimal", u"de_DE"_s, u"EUR"_s, u"12.5"_s);
    bad("de_DE three cent digits", u"de_DE"_s, u"EUR"_s, u"12,345"_s);
    bad("yen with fraction", u"en_US"_s, u"JPY"_s, u"12.5"_s);
    bad("yen with zero fraction", u"en_US"_s, u"JPY"_s, u"12.00"_s);
    bad("four fils digits", u"en_US"_s, u"KWD"_s, u"1.2345"_s);
    bad("just above max", u"en_US"_s, u"USD"_s, u"92233720368547758.08"_s);
    bad("just below -max", u"en_US"_s, u"USD"_s, u"-92,233,720,368,547,758.08"_s);
    bad("twenty digits", u"en_US"_s, u"USD"_s, u"99999999999999999999"_s);
    bad("bad currency code", u"en_US"_s, u"usd"_s, u"12.50"_s);
}

void TestMoney::parse()
{
    QFETCH(QString, locale);
    QFETCH(QString, currency);
    QFETCH(QString, input);
    QFETCH(bool, valid);
    QFETCH(qint64, minorUnits);

    const std::optional<Money> parsed = Money::parse(input, currency, localeNamed(locale));
    QVERIFY2(parsed.has_value() == valid,
             qPrintable(parsed ? u"unexpectedly parsed as "_s + parsed->toDecimalString() : u"rejected"_s));
    if (valid)
        QCOMPARE(*parsed, Money(minorUnits, currency));
}

void TestMoney::roundTrip_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<qint64>("minorUnits");

    const QList<qint64> values{0, 1, 5, 99, 100, 1234, 123'450, 100'000'000, 1'234'567'891,
                               -1, -123'450, kBeyondDouble, kMax, -kMax};
    const QList<std::pair<QString, QString>> localesAndCurrencies{
        {u"en_US"_s, u"USD"_s}, {u"en_US"_s, u"EUR"_s}, {u"en_US"_s, u"JPY"_s}, {u"en_US"_s, u"KWD"_s},
        {u"de_DE"_s, u"EUR"_s}, {u"de_DE"_s, u"USD"_s}, {u"de_DE"_s, u"JPY"_s}, {u"de_DE"_s, u"KWD"_s},
        {u"fr_FR"_s, u"EUR"_s}, {u"fr_FR"_s, u"USD"_s}, {u"fr_FR"_s, u"JPY"_s}, {u"fr_FR"_s, u"KWD"_s},
        {u"ja_JP"_s, u"JPY"_s}, {u"ar_KW"_s, u"KWD"_s}, {u"hi_IN"_s, u"INR"_s}, {u"de_CH"_s, u"CHF"_s},
        {u"sv_SE"_s, u"SEK"_s}, {u"pt_BR"_s, u"BRL"_s}, {u"es_ES"_s, u"EUR"_s}, {u"nl_NL"_s, u"EUR"_s},
        {u"pl_PL"_s, u"PLN"_s}, {u"fa_IR"_s, u"IRR"_s}, {u"C"_s, u"USD"_s},
    };
    for (const auto &[locale, currency] : localesAndCurrencies) {
        for (const qint64 value : values) {
            QTest::addRow("%s %s %lld", qPrintable(locale), qPrintable(currency), value)
                << locale << currency << value;
        }
    }
}

void TestMoney::roundTrip()
{
    QFETCH(QString, locale);
    QFETCH(QString, currency);
    QFETCH(qint64, minorUnits);

    const Money money(minorUnits, currency);
    const QString formatted = money.toString(localeNamed(locale));
    QVERIFY(!formatted.isEmpty());
    QCOMPARE(Money::parse(formatted, currency, localeNamed(locale)), std::optional<Money>(money));
    QCOMPARE(Money::parseDecimal(money.toDecimalString(), currency), std::optional<Money>(money));
}

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
