#include "sales/Pricing.h"

#include "sales/SalesSettings.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

Error tooLarge()
{
    return invalid(QCoreApplication::translate("Pricing", "The amounts in this sale are too large to add up. "
                                                          "Check the quantities and prices."));
}

QString describe(const CartLine &line)
{
    return line.sku.isEmpty() ? line.name
                              : QCoreApplication::translate("Pricing", "%1 (SKU %2)").arg(line.name, line.sku);
}

// What a discount takes off `base`; refuses what a person cannot have meant
// instead of silently capping it.
Result<Money> discountOn(const Money &base, const Discount &discount, const QString &what)
{
    if (discount.value < 0)
        return invalid(QCoreApplication::translate("Pricing", "The discount on %1 is negative. Enter a discount "
                                                              "of zero or more.")
                           .arg(what));
    if (discount.kind == DiscountKind::Percent) {
        if (discount.value > Money::kBasisPointsPerWhole)
            return invalid(QCoreApplication::translate("Pricing", "The discount on %1 is above 100 %. Enter at "
                                                                  "most 100 %.")
                               .arg(what));
        std::optional<Money> off = base.checkedPercentOf(qint32(discount.value));
        if (!off)
            return tooLarge();
        return *off;
    }
    std::optional<Money> off = Money::fromMinorUnits(discount.value, base.currency());
    if (!off)
        return tooLarge();
    if (*off > base)
        return invalid(QCoreApplication::translate("Pricing", "The discount of %1 on %2 is more than its %3. Enter "
                                                              "a smaller discount.")
                           .arg(off->toString(), what, base.toString()));
    return *off;
}

} // namespace

int Pricing::taxRateFor(const QString &taxClass, const PricingRules &rules)
{
    const QString key = taxClass.trimmed().toLower();
    return rules.taxRateBasisPoints.value(key, rules.defaultTaxRateBasisPoints);
}

Result<PricedCart> Pricing::price(const QList<CartLine> &lines, const std::optional<Discount> &cartDiscount,
                                  const PricingRules &rules)
{
    if (!Money::isValidCurrencyCode(rules.currency))
        return invalid(QCoreApplication::translate("Pricing", "The shop's currency \"%1\" is not a three-letter ISO "
                                                              "code. Correct it in Settings.")
                           .arg(rules.currency));
    const Money zero = Money::zero(rules.currency);
    PricedCart cart;
    cart.subtotal = cart.discount = cart.tax = cart.shipping = cart.total = zero;

    // Steps 1 and 2: subtotals and the lines' own discounts.
    Money netBeforeCart = zero;
    QList<qint64> weights;
    for (const CartLine &line : lines) {
        const Money unitPrice = line.effectiveUnitPrice();
        if (!unitPrice.isValid() || unitPrice.currency() != rules.currency)
            return invalid(QCoreApplication::translate("Pricing", "The price of %1 is not in %2, the shop's "
                                                                  "currency. Remove the item and add it again.")
                               .arg(describe(line), rules.currency));
        if (unitPrice.isNegative())
            return invalid(QCoreApplication::translate("Pricing", "The price of %1 is negative. Enter a price of "
                                                                  "zero or more.")
                               .arg(describe(line)));
        if (line.quantity <= 0)
            return invalid(QCoreApplication::translate("Pricing", "The quantity of %1 must be at least 1.")
                               .arg(describe(line)));
        PricedLine priced;
        priced.lineId = line.id;
        priced.unitPrice = unitPrice;
        priced.quantity = line.quantity;
        std::optional<Money> subtotal = unitPrice.checkedMultiply(line.quantity);
        if (!subtotal)
            return tooLarge();
        priced.subtotal = *subtotal;
        priced.lineDiscount = zero;
        if (line.discount) {
            Result<Money> off = discountOn(priced.subtotal, *line.discount, describe(line));
            if (!off)
                return off.error();
            priced.lineDiscount = off.value();
        }
        priced.cartDiscountShare = zero;
        priced.taxRateBasisPoints = taxRateFor(line.taxClass, rules);
        const Money net = priced.subtotal - priced.lineDiscount;
        std::optional<Money> running = netBeforeCart.checkedAdd(net);
        std::optional<Money> runningSubtotal = cart.subtotal.checkedAdd(priced.subtotal);
        if (!running || !runningSubtotal)
            return tooLarge();
        netBeforeCart = *running;
        cart.subtotal = *runningSubtotal;
        weights.append(net.minorUnits());
        cart.itemCount += line.quantity;
        cart.lines.append(priced);
    }

    // Step 3: the cart discount, split so that the shares add up exactly.
    if (cartDiscount) {
        Result<Money> off = discountOn(netBeforeCart, *cartDiscount,
                                       QCoreApplication::translate("Pricing", "the whole sale"));
        if (!off)
            return off.error();
        if (!off->isZero()) {
            const QList<Money> shares = off->allocate(weights);
            for (qsizetype i = 0; i < shares.size(); ++i)
                cart.lines[i].cartDiscountShare = shares[i];
        }
    }

    // Steps 4 and 5: tax per line, then the totals.
    for (PricedLine &priced : cart.lines) {
        priced.discount = priced.lineDiscount + priced.cartDiscountShare;
        const Money net = priced.subtotal - priced.discount;
        std::optional<Money> tax = net.checkedPercentOf(priced.taxRateBasisPoints);
        if (!tax)
            return tooLarge();
        priced.tax = *tax;
        std::optional<Money> total = net.checkedAdd(priced.tax);
        std::optional<Money> cartTax = cart.tax.checkedAdd(priced.tax);
        if (!total || !cartTax)
            return tooLarge();
        priced.total = *total;
        cart.tax = *cartTax;
        cart.discount += priced.discount;
    }
    const Money net = cart.subtotal - cart.discount;
    // Nothing to ship, nothing to charge for it.
    if (rules.chargeShipping && !cart.lines.isEmpty() && net.minorUnits() < rules.freeShippingFromMinor) {
        std::optional<Money> fee = Money::fromMinorUnits(rules.shippingFeeMinor, rules.currency);
        if (!fee || fee->isNegative())
            return tooLarge();
        cart.shipping = *fee;
    }
    std::optional<Money> withTax = net.checkedAdd(cart.tax);
    std::optional<Money> total = withTax ? withTax->checkedAdd(cart.shipping) : std::nullopt;
    if (!total)
        return tooLarge();
    cart.total = *total;
    return cart;
}

Result<PricingRules> Pricing::rulesInTransaction(Connection &connection)
{
    Result<SalesSettings> settings = SalesSettings::loadInTransaction(connection);
    if (!settings)
        return settings.error();
    PricingRules rules;
    rules.currency = settings->currency;
    rules.defaultTaxRateBasisPoints = settings->standardTaxRateBasisPoints;
    for (auto it = settings->taxClassRates.cbegin(); it != settings->taxClassRates.cend(); ++it)
        rules.taxRateBasisPoints.insert(it.key(), it.value());
    rules.chargeShipping = false;
    return rules;
}

} // namespace sk
