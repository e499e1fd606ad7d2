#pragma once

#include "core/Result.h"
#include "sales/SalesTypes.h"

#include <QHash>
#include <QString>

namespace sk {

class Connection;

// Everything that decides a price, read from the shop's settings.
struct PricingRules {
    QString currency = QStringLiteral("USD");
    int defaultTaxRateBasisPoints = 800;              // tax class "standard" and unknown classes
    QHash<QString, int> taxRateBasisPoints;           // per tax class, e.g. "reduced" -> 500, "exempt" -> 0
    // Online orders only (the original platform's rule): a flat fee below the
    // threshold, free from it. Compared with the subtotal after discounts.
    bool chargeShipping = false;
    qint64 shippingFeeMinor = 599;
    qint64 freeShippingFromMinor = 5000;
};

// The one place where a cart's money is computed (docs/sales.md has the
// rules with worked examples). Pure: no database, no clock.
//  1. line subtotal = effective unit price x quantity;
//  2. line discount: percent of the subtotal (half-up) or an amount, never
//     more than the subtotal;
//  3. cart discount: percent of (sum of subtotals - line discounts), or an
//     amount, never more than that; split over the lines in proportion to
//     their net amounts with Money::allocate (parts add up exactly);
//  4. tax per line = rate of its class x (subtotal - discount), half-up;
//  5. shipping when the rules charge it; total = subtotal - discount + tax + shipping.
// Refuses (InvalidInput) an amount discount larger than what it discounts, a
// percent above 100 %, negative values, mixed currencies and overflow.
class Pricing {
public:
    static Result<PricedCart> price(const QList<CartLine> &lines, const std::optional<Discount> &cartDiscount,
                                    const PricingRules &rules);
    static int taxRateFor(const QString &taxClass, const PricingRules &rules);
    // In-store rules (no shipping) from the settings table.
    static Result<PricingRules> rulesInTransaction(Connection &connection);
};

} // namespace sk
