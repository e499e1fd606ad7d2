#include "core/Money.h"

#include <QDebug>
#include <QStringList>

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

using CurrencyCode = std::array<char, 3>;
using Int128 = __int128;

constexpr qint64 kMaxMinorUnits = std::numeric_limits<qint64>::max();
constexpr int kDecimalBase = 10;

struct CurrencyExponent {
    QLatin1StringView code;
    int digits;
};

// ISO 4217 currencies whose exponent is not the usual 2.
constexpr CurrencyExponent kExponentExceptions[] = {
    {"BIF"_L1, 0}, {"CLP"_L1, 0}, {"DJF"_L1, 0}, {"GNF"_L1, 0}, {"ISK"_L1, 0},
    {"JPY"_L1, 0}, {"KMF"_L1, 0}, {"KRW"_L1, 0}, {"PYG"_L1, 0}, {"RWF"_L1, 0},
    {"UGX"_L1, 0}, {"UYI"_L1, 0}, {"VND"_L1, 0}, {"VUV"_L1, 0}, {"XAF"_L1, 0},
    {"XOF"_L1, 0}, {"XPF"_L1, 0},
    {"BHD"_L1, 3}, {"IQD"_L1, 3}, {"JOD"_L1, 3}, {"KWD"_L1, 3}, {"LYD"_L1, 3},
    {"OMR"_L1, 3}, {"TND"_L1, 3},
    {"CLF"_L1, 4}, {"UYW"_L1, 4},
};
constexpr int kDefaultMinorUnitDigits = 2;

template<typename CodeView>
int exponentOf(CodeView currency)
{
    for (const CurrencyExponent &exception : kExponentExceptions) {
        if (currency == exception.code)
            return exception.digits;
    }
    return kDefaultMinorUnitDigits;
}

std::optional<CurrencyCode> currencyCodeFrom(QStringView code)
{
    constexpr qsizetype kCodeLength = 3;
    if (code.size() != kCodeLength)
        return std::nullopt;
    CurrencyCode out{};
    for (qsizetype i = 0; i < kCodeLength; ++i) {
        const char16_t c = code[i].unicode();
        if (c < u'A' || c > u'Z')
            return std::nullopt;
        out[size_t(i)] = char(c);
    }
    return out;
}

QLatin1StringView codeView(const CurrencyCode &code)
{
    return QLatin1StringView(code.data(), qsizetype(code.size()));
}

// Exponents are at most 4, so the scale always fits.
qint64 scaleFor(int digits)
{
    qint64 scale = 1;
    for (int i = 0; i < digits; ++i)
        scale *= kDecimalBase;
    return scale;
}

// INT64_MIN is outside the range on purpose (see Money.h).
bool fitsMinorUnits(Int128 value)
{
    return value <= kMaxMinorUnits && value >= -kMaxMinorUnits;
}

Int128 absolute(Int128 value)
{
    return value < 0 ? -value : value;
}

// The one rounding rule of Storekeeper: half away from zero (0.5 → 1,
// -0.5 → -1), so that the tax on a refund is exactly minus the tax on the sale.
Int128 divideRoundingHalfAwayFromZero(Int128 numerator, Int128 denominator)
{
    Int128 quotient = numerator / denominator;
    const Int128 remainder = numerator % denominator;
    if (2 * absolute(remainder) >= absolute(denominator))
        quotient += ((numerator < 0) != (denominator < 0)) ? -1 : 1;
    return quotient;
}

Money requireResult(std::optional<Money> result, [[maybe_unused]] const char *where)
{
    Q_ASSERT_X(result.has_value(), where,
               "different currencies, an invalid operand or an overflow");
    return result.value_or(Money());
}

// Builds a magnitude digit by digit with overflow checks; the same code serves
// the strict machine parser and the clerk-facing one.
class DecimalAccumulator {
public:
    explicit DecimalAccumulator(int fractionDigitsAllowed) : m_fractionDigitsAllowed(fractionDigitsAllowed) {}

    bool addIntegerDigit(int digit)
    {
        ++m_integerDigits;
        return !__builtin_mul_overflow(m_integer, kDecimalBase, &m_integer)
            && !__builtin_add_overflow(m_integer, digit, &m_integer);
    }
    // False when the currency has no room for another fraction digit: we
    // refuse rather than round what a person typed.
    bool addFractionDigit(int digit)
    {
        if (m_fractionDigits >= m_fractionDigitsAllowed)
            return false;
        ++m_fractionDigits;
        m_fraction = m_fraction * kDecimalBase + digit;
        return true;
    }
    int integerDigits() const { return m_integerDigits; }
    int fractionDigits() const { return m_fractionDigits; }
    qint64 integerPart() const { return m_integer; }

    std::optional<qint64> minorUnits(bool negative) const
    {
        const qint64 fraction = m_fraction * scaleFor(m_fractionDigitsAllowed - m_fractionDigits);
        qint64 magnitude = 0;
        if (__builtin_mul_overflow(m_integer, scaleFor(m_fractionDigitsAllowed), &magnitude)
            || __builtin_add_overflow(magnitude, fraction, &magnitude))
            return std::nullopt;
        return negative ? -magnitude : magnitude;
    }

private:
    int m_fractionDigitsAllowed;
    qint64 m_integer = 0;
    qint64 m_fraction = 0;
    int m_integerDigits = 0;
    int m_fractionDigits = 0;
};

// Bidi marks and other invisible format characters appear in Qt's own output
// (ar, fa locales) and in pasted text; compatibility normalisation turns
// full-width digits and yen signs from Japanese input methods, and no-break
// spaces, into their plain forms.
QString normalizedForParsing(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.category() != QChar::Other_Format)
            out.append(c);
    }
    return out.normalized(QString::NormalizationForm_KC);
}

QChar singleChar(const QString &text)
{
    return text.size() == 1 ? text.front() : QChar();
}

QString currencySymbolFor(const QLocale &locale, QLatin1StringView code)
{
    if (locale.currencySymbol(QLocale::CurrencyIsoCode) == code) {
        const QString symbol = locale.currencySymbol(QLocale::CurrencySymbol);
        if (!symbol.isEmpty())
            return symbol;
    }
    return QString(code);
}

// Group lengths the clerk typed, e.g. {1, 234, 567} → {1, 3, 3}. Accepted
// when they follow the common thousands rule or match exactly how the locale
// itself groups this number (Indian lakh grouping: 12,34,567).
bool groupingIsValid(const QList<int> &groups, qint64 integerPart, const QLocale &locale, QChar groupChar)
{
    constexpr int kThousandsGroup = 3;
    const bool thousands = groups.front() >= 1 && groups.front() <= kThousandsGroup
        && std::all_of(groups.begin() + 1, groups.end(), [](int length) { return length == kThousandsGroup; });
    if (thousands)
        return true;
    const QString canonical = normalizedForParsing(locale.toString(integerPart));
    QList<int> canonicalGroups;
    for (const QStringView part : QStringView(canonical).split(groupChar))
        canonicalGroups.append(int(part.size()));
    return canonicalGroups == groups;
}

// Parses the bare number (no sign, no symbol) in the locale's notation into
// a magnitude in minor units.
std::optional<qint64> parseLocalizedMagnitude(QStringView number, int digits, const QLocale &locale)
{
    const QChar groupChar = singleChar(normalizedForParsing(locale.groupSeparator()));
    const QChar decimalChar = singleChar(normalizedForParsing(locale.decimalPoint()));
    // '.' and ',' both mean "decimal point" unless the locale groups with
    // them: a French clerk may type 12.50, but 1.234 in German is 1234.
    const auto isDecimal = [&](QChar c) {
        return c == decimalChar || ((c == u'.' || c == u',') && c != groupChar);
    };
    // Swiss ’ is typed as an ASCII apostrophe on most keyboards.
    const auto isGroup = [&](QChar c) {
        return (!groupChar.isNull() && c == groupChar) || (groupChar == u'\u2019' && c == u'\'');
    };

    DecimalAccumulator accumulator(digits);
    QList<int> groups;
    int currentGroup = 0;
    bool sawDecimal = false;
    for (const QChar c : number) {
        if (c.isDigit()) {
            const int digit = c.digitValue();
            if (sawDecimal) {
                if (!accumulator.addFractionDigit(digit))
                    return std::nullopt;
            } else {
                if (!accumulator.addIntegerDigit(digit))
                    return std::nullopt;
                ++currentGroup;
            }
        } else if (!sawDecimal && isGroup(c)) {
            if (currentGroup == 0)
                return std::nullopt;
            groups.append(currentGroup);
            currentGroup = 0;
        } else if (!sawDecimal && isDecimal(c)) {
            sawDecimal = true;
        } else {
            return std::nullopt;
        }
    }
    if (!groups.isEmpty()) {
        if (currentGroup == 0)
            return std::nullopt;
        groups.append(currentGroup);
        if (!groupingIsValid(groups, accumulator.integerPart(), locale, groupChar))
            return std::nullopt;
    }
    if (accumulator.integerDigits() == 0 && accumulator.fractionDigits() == 0)
        return std::nullopt;
    // "12." is more likely an unfinished entry than a deliberate 12.
    if (sawDecimal && accumulator.fractionDigits() == 0)
        return std::nullopt;
    return accumulator.minorUnits(false);
}

} // namespace

Money::Money(qint64 minorUnits, QStringView currency)
{
    const std::optional<Money> money = fromMinorUnits(minorUnits, currency);
    Q_ASSERT_X(money.has_value(), "Money::Money",
               "currency must be three uppercase letters and minorUnits must not be INT64_MIN");
    if (money)
        *this = *money;
}

std::optional<Money> Money::fromMinorUnits(qint64 minorUnits, QStringView currency)
{
    const std::optional<CurrencyCode> code = currencyCodeFrom(currency);
    if (!code || !fitsMinorUnits(minorUnits))
        return std::nullopt;
    return Money(minorUnits, *code);
}

bool Money::isValidCurrencyCode(QStringView code)
{
    return currencyCodeFrom(code).has_value();
}

int Money::minorUnitDigits(QStringView currency)
{
    return exponentOf(currency);
}

QString Money::currency() const
{
    return isValid() ? QString(codeView(m_currency)) : QString();
}

int Money::minorUnitDigits() const
{
    return exponentOf(codeView(m_currency));
}

std::optional<Money> Money::checkedAdd(const Money &other) const
{
    qint64 sum = 0;
    if (!isValid() || m_currency != other.m_currency
        || __builtin_add_overflow(m_minorUnits, other.m_minorUnits, &sum) || !fitsMinorUnits(sum))
        return std::nullopt;
    return Money(sum, m_currency);
}

std::optional<Money> Money::checkedSubtract(const Money &other) const
{
    qint64 difference = 0;
    if (!isValid() || m_currency != other.m_currency
        || __builtin_sub_overflow(m_minorUnits, other.m_minorUnits, &difference)
        || !fitsMinorUnits(difference))
        return std::nullopt;
    return Money(difference, m_currency);
}

std::optional<Money> Money::checkedMultiply(qint64 quantity) const
{
    qint64 product = 0;
    if (!isValid() || __builtin_mul_overflow(m_minorUnits, quantity, &product) || !fitsMinorUnits(product))
        return std::nullopt;
    return Money(product, m_currency);
}

std::optional<Money> Money::checkedScaled(qint64 numerator, qint64 denominator) const
{
    if (!isValid() || denominator == 0)
        return std::nullopt;
    // |minorUnits × numerator| < 2^126: no overflow in 128 bits.
    const Int128 result = divideRoundingHalfAwayFromZero(Int128(m_minorUnits) * numerator, denominator);
    if (!fitsMinorUnits(result))
        return std::nullopt;
    return Money(qint64(result), m_currency);
}

std::optional<Money> Money::checkedPercentOf(qint32 rateBasisPoints) const
{
    return checkedScaled(rateBasisPoints, kBasisPointsPerWhole);
}

Money Money::scaled(qint64 numerator, qint64 denominator) const
{
    return requireResult(checkedScaled(numerator, denominator), "Money::scaled");
}

Money Money::percentOf(qint32 rateBasisPoints) const
{
    return requireResult(checkedPercentOf(rateBasisPoints), "Money::percentOf");
}

QList<Money> Money::allocate(const QList<qint64> &weights) const
{
    if (!isValid() || weights.isEmpty())
        return {};
    Int128 totalWeight = 0;
    for (const qint64 weight : weights) {
        if (weight < 0)
            return {};
        totalWeight += weight;
    }
    if (totalWeight == 0)
        return {};

    // Allocating the magnitude and restoring the sign keeps negative amounts
    // (refunds) the exact mirror of positive ones.
    const bool negative = m_minorUnits < 0;
    const Int128 magnitude = absolute(m_minorUnits);
    const size_t count = size_t(weights.size());
    std::vector<qint64> parts(count);
    std::vector<Int128> remainders(count);
    Int128 assigned = 0;
    for (size_t i = 0; i < count; ++i) {
        const Int128 share = magnitude * weights[qsizetype(i)];
        parts[i] = qint64(share / totalWeight);
        remainders[i] = share % totalWeight;
        assigned += parts[i];
    }
    // Fewer than `count` units are left, since each part lost less than one.
    const auto leftover = size_t(magnitude - assigned);
    std::vector<size_t> order(count);
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
    for (size_t i = 0; i < leftover; ++i)
        ++parts[order[i]];

    QList<Money> result;
    result.reserve(weights.size());
    for (const qint64 part : parts)
        result.append(Money(negative ? -part : part, m_currency));
    return result;
}

QString Money::toDecimalString() const
{
    if (!isValid())
        return {};
    const int digits = minorUnitDigits();
    const quint64 scale = quint64(scaleFor(digits));
    const auto magnitude = quint64(absolute(m_minorUnits));
    QString out;
    if (isNegative())
        out.append(u'-');
    out.append(QString::number(magnitude / scale));
    if (digits > 0) {
        out.append(u'.');
        out.append(QString::number(magnitude % scale).rightJustified(digits, u'0'));
    }
    return out;
}

QString Money::toString(const QLocale &locale) const
{
    if (!isValid())
        return {};
    const int digits = minorUnitDigits();
    const quint64 scale = quint64(scaleFor(digits));
    const auto magnitude = quint64(absolute(m_minorUnits));

    // Integer and fraction are formatted as integers: toCurrencyString(double)
    // would lose exactness above 2^53 minor units.
    QString number = locale.toString(magnitude / scale);
    if (digits > 0) {
        number.append(locale.decimalPoint());
        const QString fraction = QString::number(magnitude % scale).rightJustified(digits, u'0');
        for (const QChar digit : fraction)
            number.append(locale.toString(digit.digitValue()));
    }

    // Qt does not expose the locale's currency pattern, so let Qt place a
    // placeholder symbol around the number 1 and substitute both.
    const QChar placeholder(u'\uE000');
    const QString one = locale.toString(1);
    QString pattern = locale.toCurrencyString(qlonglong(isNegative() ? -1 : 1), QString(placeholder));
    const qsizetype numberAt = pattern.indexOf(one);
    const qsizetype symbolAt = pattern.indexOf(placeholder);
    QString symbol = currencySymbolFor(locale, codeView(m_currency));
    if (numberAt < 0 || symbolAt < 0) {
        return symbol + QChar(u'\u00A0') + (isNegative() ? locale.negativeSign() : QString()) + number;
    }

    // An ISO code glued to the digits ("USD12.50") is hard to read.
    if (symbolAt < numberAt) {
        if (symbol.back().isLetter() && !pattern.at(symbolAt + 1).isSpace())
            symbol.append(QChar(u'\u00A0'));
    } else {
        if (symbol.front().isLetter() && !pattern.at(symbolAt - 1).isSpace())
            symbol.prepend(QChar(u'\u00A0'));
    }
    // Replace the later one first so the earlier position stays valid.
    if (numberAt > symbolAt) {
        pattern.replace(numberAt, one.size(), number);
        pattern.replace(symbolAt, 1, symbol);
    } else {
        pattern.replace(symbolAt, 1, symbol);
        pattern.replace(numberAt, one.size(), number);
    }
    return pattern;
}

std::optional<Money> Money::parse(QStringView input, QStringView currency, const QLocale &locale)
{
    const std::optional<CurrencyCode> code = currencyCodeFrom(currency);
    if (!code)
        return std::nullopt;

    const QString text = normalizedForParsing(input).trimmed();
    QStringView rest(text);
    bool negative = false;
    if (rest.size() >= 2 && rest.startsWith(u'(') && rest.endsWith(u')')) {
        negative = true;
        rest = rest.sliced(1, rest.size() - 2).trimmed();
    }

    QStringList minusSigns{u"-"_s, u"\u2212"_s};
    const QString localeMinus = normalizedForParsing(locale.negativeSign());
    if (!localeMinus.isEmpty() && !minusSigns.contains(localeMinus))
        minusSigns.append(localeMinus);
    // False when a second sign appears: "--12", "(-12)".
    const auto takeSign = [&]() {
        for (const QString &sign : std::as_const(minusSigns)) {
            if (rest.startsWith(sign)) {
                if (negative)
                    return false;
                negative = true;
                rest = rest.sliced(sign.size()).trimmed();
                return true;
            }
        }
        return true;
    };

    // Only this currency's own marks: "$12" for a EUR amount is refused
    // rather than silently taken as euros.
    QStringList symbols{QString(codeView(*code))};
    const QString localeSymbol = normalizedForParsing(currencySymbolFor(locale, codeView(*code)));
    if (!localeSymbol.isEmpty() && !symbols.contains(localeSymbol, Qt::CaseInsensitive))
        symbols.append(localeSymbol);

    if (!takeSign())
        return std::nullopt;
    bool symbolTaken = false;
    for (const QString &symbol : std::as_const(symbols)) {
        if (rest.startsWith(symbol, Qt::CaseInsensitive)) {
            rest = rest.sliced(symbol.size()).trimmed();
            symbolTaken = true;
            break;
        }
    }
    if (symbolTaken) {
        // "$-12.50" and pt_BR "R$ -12,50" put the sign after the symbol.
        if (!takeSign())
            return std::nullopt;
    } else {
        for (const QString &symbol : std::as_const(symbols)) {
            if (rest.endsWith(symbol, Qt::CaseInsensitive)) {
                rest = rest.chopped(symbol.size()).trimmed();
                break;
            }
        }
    }

    const int digits = minorUnitDigits(currency);
    const std::optional<qint64> magnitude = parseLocalizedMagnitude(rest, digits, locale);
    if (!magnitude)
        return std::nullopt;
    return Money(negative ? -*magnitude : *magnitude, *code);
}

std::optional<Money> Money::parseDecimal(QStringView input, QStringView currency)
{
    const std::optional<CurrencyCode> code = currencyCodeFrom(currency);
    if (!code)
        return std::nullopt;
    QStringView rest = input;
    const bool negative = rest.startsWith(u'-');
    if (negative)
        rest = rest.sliced(1);

    const auto isAsciiDigit = [](QChar c) { return c >= u'0' && c <= u'9'; };
    DecimalAccumulator accumulator(minorUnitDigits(currency));
    qsizetype i = 0;
    for (; i < rest.size() && isAsciiDigit(rest[i]); ++i) {
        if (!accumulator.addIntegerDigit(rest[i].unicode() - u'0'))
            return std::nullopt;
    }
    if (accumulator.integerDigits() == 0)
        return std::nullopt;
    if (i < rest.size()) {
        if (rest[i] != u'.')
            return std::nullopt;
        ++i;
        if (i == rest.size())
            return std::nullopt;
        for (; i < rest.size(); ++i) {
            if (!isAsciiDigit(rest[i]) || !accumulator.addFractionDigit(rest[i].unicode() - u'0'))
                return std::nullopt;
        }
    }
    const std::optional<qint64> minorUnits = accumulator.minorUnits(negative);
    if (!minorUnits)
        return std::nullopt;
    return Money(*minorUnits, *code);
}

Money Money::operator-() const
{
    // Cannot overflow: INT64_MIN is never stored.
    return Money(-m_minorUnits, m_currency);
}

Money &Money::operator+=(const Money &other)
{
    return *this = requireResult(checkedAdd(other), "Money::operator+");
}

Money &Money::operator-=(const Money &other)
{
    return *this = requireResult(checkedSubtract(other), "Money::operator-");
}

Money &Money::operator*=(qint64 quantity)
{
    return *this = requireResult(checkedMultiply(quantity), "Money::operator*");
}

std::partial_ordering operator<=>(const Money &lhs, const Money &rhs)
{
    if (!lhs.isValid() || lhs.m_currency != rhs.m_currency) {
        Q_ASSERT_X(false, "Money::operator<=>", "comparing amounts of different currencies");
        return std::partial_ordering::unordered;
    }
    return lhs.m_minorUnits <=> rhs.m_minorUnits;
}

QDebug operator<<(QDebug debug, const Money &money)
{
    const QDebugStateSaver saver(debug);
    debug.nospace() << "Money(";
    if (money.isValid())
        debug.noquote() << money.toDecimalString() << ' ' << money.currency();
    else
        debug << "invalid";
    debug << ')';
    return debug;
}

} // namespace sk
