#pragma once

#include "auth/Session.h"
#include "core/Money.h"
#include "core/Result.h"

#include <QFuture>
#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace sk {

class Connection;
class Database;

// One line of a customer's online cart as the shop shows it.
struct OnlineCartItem {
    qint64 cartItemId = 0;
    qint64 productId = 0;
    qint64 variantId = 0;
    QString name;               // the product's name
    QString options;            // "M / Blue"; "" for a product without options
    QString sku;
    qint64 quantity = 0;
    Money unitPrice;            // the catalog price when the item was added
    Money lineTotal;            // unit price x quantity, before tax
    bool available = true;      // still sold and enough in stock for the quantity
    qint64 availableQuantity = 0;
};

// The cart with the register's Pricing (tax per tax class, half-up per line;
// the original's shipping rule), so GET /api/cart shows what the order will
// charge.
struct OnlineCartSummary {
    qint64 cartId = 0;          // 0 while the customer has no open cart
    QList<OnlineCartItem> items;
    qint64 totalItems = 0;      // units
    Money subtotal;
    Money tax;
    Money shipping;
    Money total;
};

// A customer's one open online cart (carts.owner_user_id = the customer, no
// register), created by the first add. Every call needs PlaceOnlineOrders
// and sees only the caller's own cart: another customer's cart item is
// NotFound, exactly like an id that never existed. Each change runs in one
// write transaction and writes nothing when it is refused (docs/api.md).
class OnlineCartService {
public:
    static constexpr qint64 kMaxLineQuantity = 999;

    explicit OnlineCartService(std::shared_ptr<Database> database);

    // Adds quantity (1..999) of the product's variant; a product without
    // options needs no variant id (its one default variant is taken). The
    // same variant again adds to its line. Unknown ids are NotFound, a
    // product or variant not for sale InvalidInput, more than available a
    // Conflict naming what is left. Returns the line's cart_item_id.
    QFuture<Result<qint64>> add(const Session &customer, qint64 productId, std::optional<qint64> variantId,
                                qint64 quantity);
    QFuture<Result<OnlineCartSummary>> summary(const Session &customer);
    // quantity 0 removes the line (the original's rule); negative or above
    // 999 is InvalidInput. Fewer is always allowed; more is checked against
    // the stock available.
    QFuture<Status> update(const Session &customer, qint64 cartItemId, qint64 quantity);
    QFuture<Status> remove(const Session &customer, qint64 cartItemId);

    // The customer's open online cart, if any (OrderService::placeOnline takes its id).
    static Result<std::optional<qint64>> openCartIdInTransaction(Connection &connection, qint64 customerId);
    static Result<OnlineCartSummary> summaryInTransaction(Connection &connection, qint64 customerId);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
