#pragma once

#include "core/Money.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace sk {

// A discount on a line or on the whole cart: a percentage (basis points,
// 1000 = 10 %) or an amount of money. A reason is always kept; above the
// clerk's limit (docs/sales.md) it also names who approved it.
enum class DiscountKind { Percent, Amount };

struct Discount {
    DiscountKind kind = DiscountKind::Percent;
    qint64 value = 0;          // basis points for Percent, minor units for Amount
    QString reason;
    qint64 approvedBy = 0;     // user id of the approving admin, 0 when within the clerk's limit
    friend bool operator==(const Discount &, const Discount &) = default;
};

enum class CartStatus { Open, Parked, CheckedOut, Voided };

// One line of a cart. unitPrice is the catalog price when the item was added
// (the original's cart_items.price); overridePrice replaces it when set.
struct CartLine {
    qint64 id = 0;
    qint64 productId = 0;
    qint64 variantId = 0;
    std::optional<qint64> vendorId;
    QString sku;
    QString barcode;
    QString name;              // product name
    QString options;           // "M / Blue", "" for a product without options
    qint64 quantity = 0;
    Money unitPrice;
    std::optional<Money> overridePrice;
    QString overrideReason;
    std::optional<Discount> discount;
    QString taxClass = QStringLiteral("standard");
    qint64 available = 0;      // at the cart's location, when the cart was read
    bool isAvailable = true;   // product active and available >= quantity
    int position = 0;
    Money effectiveUnitPrice() const { return overridePrice.value_or(unitPrice); }
};

// Pricing of one line. subtotal = effective unit price x quantity;
// discount = the line's own discount + its share of the cart discount;
// tax = rate of (subtotal - discount), rounded half-up per line;
// total = subtotal - discount + tax.
struct PricedLine {
    qint64 lineId = 0;
    Money unitPrice;
    qint64 quantity = 0;
    Money subtotal;
    Money lineDiscount;
    Money cartDiscountShare;
    Money discount;
    int taxRateBasisPoints = 0;
    Money tax;
    Money total;
};

// The cart's totals, exact: total = subtotal - discount + tax + shipping,
// and each of subtotal, discount and tax is the sum of the lines'.
struct PricedCart {
    QList<PricedLine> lines;
    qint64 itemCount = 0;      // units
    Money subtotal;
    Money discount;
    Money tax;
    Money shipping;
    Money total;
};

struct Cart {
    qint64 id = 0;
    std::optional<qint64> registerId;
    std::optional<qint64> ownerUserId;   // an online customer's own cart
    std::optional<qint64> customerId;    // attached at the register
    QString customerName;
    CartStatus status = CartStatus::Open;
    QString label;                       // parked carts: what the clerk called it
    std::optional<Discount> discount;    // on the whole cart
    QList<CartLine> lines;               // in the order they were added
    PricedCart priced;                   // computed by Pricing whenever the cart is read
    Money paid;                          // completed payments already taken for this cart
    Money due;                           // priced.total - paid, never below zero
    int version = 0;
    QDateTime updatedAt;
    QDateTime parkedAt;
    bool isEmpty() const { return lines.isEmpty(); }
};

// What is short when a cart is checked: names the item and what is left.
struct Shortage {
    qint64 lineId = 0;
    qint64 variantId = 0;
    QString name;
    QString sku;
    qint64 wanted = 0;
    qint64 available = 0;
    QString message;           // "Only 2 of Latte Mug (SKU MUG-LAT) left."
};

} // namespace sk
