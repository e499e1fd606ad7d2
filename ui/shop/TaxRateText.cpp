#include "shop/TaxRateText.h"

#include "core/Money.h"

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int BasisPointsPerPercent = Money::kBasisPointsPerWhole / 100;
constexpr int MaxBasisPoints = Money::kBasisPointsPerWhole; // 100 %
constexpr int FractionDigits = 2;

} // namespace

QString formatTaxRate(int basisPoints, const QLocale &locale)
{
    const int whole = basisPoints / BasisPointsPerPercent;
    const int fraction = basisPoints % BasisPointsPerPercent;
    QString text = locale.toString(whole);
    text += locale.decimalPoint();
    text += u"%1"_s.arg(fraction, FractionDigits, 10, QLatin1Char('0'));
    return text;
}

std::optional<int> parseTaxRate(QStringView text, const QLocale &locale)
{
    QStringView rest = text.trimmed();
    if (rest.endsWith(u'%'))
        rest = rest.chopped(1).trimmed();
    if (rest.isEmpty())
        return std::nullopt;
    const QString decimalPoint = locale.decimalPoint();
    qsizetype separator = -1;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QChar c = rest.at(i);
        if (c.isDigit() && c.unicode() < 128)
            continue;
        if (separator < 0 && (c == u'.' || QStringView(decimalPoint) == QStringView(&c, 1))) {
            separator = i;
            continue;
        }
        return std::nullopt;
    }
    const QStringView wholeDigits = separator < 0 ? rest : rest.first(separator);
    QStringView fractionDigits = separator < 0 ? QStringView() : rest.sliced(separator + 1);
    if (wholeDigits.isEmpty() || wholeDigits.size() > 3 || fractionDigits.size() > FractionDigits)
        return std::nullopt;
    int basisPoints = wholeDigits.toInt() * BasisPointsPerPercent;
    if (!fractionDigits.isEmpty())
        basisPoints += fractionDigits.toInt() * (fractionDigits.size() == 1 ? 10 : 1);
    if (basisPoints > MaxBasisPoints)
        return std::nullopt;
    return basisPoints;
}

} // namespace sk
