#pragma once

#include <QHashFunctions>
#include <QList>
#include <QLocale>
#include <QString>
#include <QStringView>

#include <array>
#include <compare>
#include <optional>

class QDebug;

namespace sk {

// An exact amount of one currency: a 64-bit count of the currency's minor
// units (cents, fils, yen) plus its ISO 4217 code. No floating point is used
// anywhere, so sums, tax and allocations are reproducible to the last unit.
// docs/money.md states the rounding rule and the parse/format rules.
//
// The representable range is symmetric, ±(2^63 − 1) minor units: INT64_MIN is
// treated as overflow so that negation and abs() can never overflow.
//
// A default-constructed Money is invalid (no currency). Mixing currencies or
// overflowing in an unchecked operator is a programming error: it fails a
// Q_ASSERT in debug builds and yields an invalid Money in release builds,
// which every later binary operation propagates and which must never be
// stored. Code that handles untrusted input uses the checked* variants, which
// return std::nullopt instead and never assert.
class Money {
public:
    // Rates are in basis points: 800 is 8.00 %. Finer rates (8.875 %) go
    // through scaled(88'750, kMillionthsPerWhole).
    static constexpr qint32 kBasisPointsPerWhole = 10'000;
    static constexpr qint64 kMillionthsPerWhole = 1'000'000;

    Money() = default;
    // `currency` must be three uppercase ASCII letters (Q_ASSERT; invalid otherwise).
    Money(qint64 minorUnits, QStringView currency);

    // For amounts read from files or the database: nullopt instead of asserting.
    static std::optional<Money> fromMinorUnits(qint64 minorUnits, QStringView currency);
    static Money zero(QStringView currency) { return Money(0, currency); }

    static bool isValidCurrencyCode(QStringView code);
    // ISO 4217 exponent: 2 for most, 0 for JPY/KRW/ISK/CLP/VND..., 3 for
    // BHD/KWD/OMR/JOD/TND/IQD/LYD, 4 for CLF/UYW. Unknown codes get 2.
    static int minorUnitDigits(QStringView currency);

    bool isValid() const { return m_currency[0] != 0; }
    qint64 minorUnits() const { return m_minorUnits; }
    QString currency() const;
    int minorUnitDigits() const;
    bool isZero() const { return m_minorUnits == 0; }
    bool isNegative() const { return m_minorUnits < 0; }
    Money abs() const { return isNegative() ? -*this : *this; }

    // nullopt on overflow, on different currencies and on an invalid operand.
    std::optional<Money> checkedAdd(const Money &other) const;
    std::optional<Money> checkedSubtract(const Money &other) const;
    std::optional<Money> checkedMultiply(qint64 quantity) const;
    // this × numerator / denominator, rounded half away from zero, computed
    // in 128 bits; nullopt when the result does not fit or denominator is 0.
    std::optional<Money> checkedScaled(qint64 numerator, qint64 denominator) const;
    std::optional<Money> checkedPercentOf(qint32 rateBasisPoints) const;

    Money scaled(qint64 numerator, qint64 denominator) const;
    // The tax or discount on this amount: 19.99 × 800 bp = 1.5992 → 1.60.
    // Rounds half away from zero, so a refund's tax mirrors the sale's.
    Money percentOf(qint32 rateBasisPoints) const;

    // Splits this amount in proportion to non-negative weights (largest
    // remainder method): the parts always sum to exactly this amount, each is
    // within one minor unit of its exact share, ties go to the earlier weight.
    // Empty when this is invalid or the weights are empty, negative or all zero.
    QList<Money> allocate(const QList<qint64> &weights) const;

    // In the locale's currency format (as QLocale::toCurrencyString), exact
    // for every value. The locale's symbol is used when the locale's own
    // currency is this one; otherwise the ISO code, which cannot be mistaken
    // for another dollar or krona. Empty for an invalid Money.
    QString toString(const QLocale &locale = QLocale()) const;
    // Machine form for CSV and JSON: "1234.50", "-0.05", "1234" (JPY).
    QString toDecimalString() const;

    // What a clerk types, in the clerk's locale: "12", "12,50" (de_DE),
    // "1,234.56" (en_US), "-$12.50", "($12.50)", "12,50 €", "USD 12.50".
    // Rejects more fraction digits than the currency has, misplaced group
    // separators, other currencies' symbols, letters and overflow.
    static std::optional<Money> parse(QStringView input, QStringView currency,
                                      const QLocale &locale = QLocale());
    // The strict machine form that toDecimalString() writes: -?digits(.digits)?
    static std::optional<Money> parseDecimal(QStringView input, QStringView currency);

    Money operator-() const;
    Money &operator+=(const Money &other);
    Money &operator-=(const Money &other);
    Money &operator*=(qint64 quantity);

    friend Money operator+(Money lhs, const Money &rhs) { return lhs += rhs; }
    friend Money operator-(Money lhs, const Money &rhs) { return lhs -= rhs; }
    friend Money operator*(Money lhs, qint64 quantity) { return lhs *= quantity; }
    friend Money operator*(qint64 quantity, Money rhs) { return rhs *= quantity; }

    // Equality across currencies is simply false; ordering across currencies
    // asserts and is unordered (every <, <=, >, >= is false).
    friend bool operator==(const Money &, const Money &) = default;
    friend std::partial_ordering operator<=>(const Money &lhs, const Money &rhs);

    friend size_t qHash(const Money &money, size_t seed = 0) noexcept
    {
        return qHashMulti(seed, money.m_minorUnits, money.m_currency[0], money.m_currency[1],
                          money.m_currency[2]);
    }

private:
    // Three ASCII letters; all zero means "no currency" (invalid). Keeps
    // Money at 16 bytes and free of allocations.
    using CurrencyCode = std::array<char, 3>;

    Money(qint64 minorUnits, CurrencyCode currency) : m_minorUnits(minorUnits), m_currency(currency) {}

    qint64 m_minorUnits = 0;
    CurrencyCode m_currency{};
};

QDebug operator<<(QDebug debug, const Money &money);

} // namespace sk
