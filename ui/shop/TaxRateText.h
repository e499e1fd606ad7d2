#pragma once

#include <QLocale>
#include <QString>
#include <QStringView>
#include <optional>

namespace sk {

// Tax rates as staff type and read them: a percentage with two decimals
// ("8.00", "8,25" in German), held as integer basis points (800, 825) so no
// floating point is involved at any step.
QString formatTaxRate(int basisPoints, const QLocale &locale = QLocale());
// Accepts an optional trailing "%", the locale's decimal separator or '.',
// and at most two decimals; nullopt for anything else or above 100 %.
std::optional<int> parseTaxRate(QStringView text, const QLocale &locale = QLocale());

} // namespace sk
