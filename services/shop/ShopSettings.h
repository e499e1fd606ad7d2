#pragma once

#include <QString>

namespace sk {

// The shop's own details and defaults, kept as key/value rows in `settings`.
struct ShopSettings {
    QString shopName;
    QString address;
    QString phone;
    QString email;
    QString currency = QStringLiteral("USD");   // ISO 4217
    int defaultTaxRateBasisPoints = 800;         // 8.00 %, the original platform's rate
    int idleLockMinutes = 5;                     // 0 = never lock
    QString receiptFooter;

    friend bool operator==(const ShopSettings &, const ShopSettings &) = default;
};

} // namespace sk
