#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "sales/SalesTypes.h"

#include <QFuture>
#include <memory>
#include <optional>

namespace sk {

class Connection;
class Database;

// A register's carts, kept in the database so a crash or restart brings the
// sale back (carts, cart_items). Each call returns the whole cart re-read and
// priced (Cart::priced), so the screen never computes money itself.
//
// Permissions: UseRegister. Discounts and price overrides within the
// clerk's limit (settings, docs/sales.md) need nothing more; above it an
// approver Session with ApproveDiscounts must be passed (the UI gets it by
// asking an admin for their PIN or password through AuthService).
// Once a payment has been taken for a cart its lines are frozen: changing
// them is a Conflict until the payments are voided.
class CartService {
public:
    explicit CartService(std::shared_ptr<Database> database);

    // The register's open cart, created empty when there is none.
    QFuture<Result<Cart>> current(const Session &actor, qint64 registerId);
    QFuture<Result<Cart>> cart(const Session &actor, qint64 cartId);

    // A scanned or typed barcode or SKU (case-insensitive). Adding an item
    // already in the cart adds to its quantity. Unknown codes are NotFound
    // with the code in the sentence; inactive products and quantities above
    // what is available are Conflicts naming the item and what is left.
    QFuture<Result<Cart>> addByCode(const Session &actor, qint64 cartId, const QString &code, qint64 quantity = 1);
    QFuture<Result<Cart>> addVariant(const Session &actor, qint64 cartId, qint64 variantId, qint64 quantity = 1);
    // quantity 0 removes the line.
    QFuture<Result<Cart>> setQuantity(const Session &actor, qint64 cartId, qint64 lineId, qint64 quantity);
    QFuture<Result<Cart>> removeLine(const Session &actor, qint64 cartId, qint64 lineId);
    QFuture<Result<Cart>> clear(const Session &actor, qint64 cartId);

    // std::nullopt removes the override / discount.
    QFuture<Result<Cart>> overridePrice(const Session &actor, qint64 cartId, qint64 lineId,
                                        const std::optional<Money> &price, const QString &reason,
                                        const std::optional<Session> &approver = {});
    QFuture<Result<Cart>> setLineDiscount(const Session &actor, qint64 cartId, qint64 lineId,
                                          const std::optional<Discount> &discount,
                                          const std::optional<Session> &approver = {});
    QFuture<Result<Cart>> setCartDiscount(const Session &actor, qint64 cartId,
                                          const std::optional<Discount> &discount,
                                          const std::optional<Session> &approver = {});
    QFuture<Result<Cart>> attachCustomer(const Session &actor, qint64 cartId, std::optional<qint64> customerId);

    // Lines that cannot be sold now (inactive product, not enough available).
    QFuture<Result<QList<Shortage>>> checkAvailability(const Session &actor, qint64 cartId);

    // Parks the cart under a label, reserving its stock (reference "cart"),
    // and returns the register's new empty cart.
    QFuture<Result<Cart>> park(const Session &actor, qint64 cartId, const QString &label);
    QFuture<Result<QList<Cart>>> parked(const Session &actor, qint64 registerId);
    // Brings a parked cart back as the register's open cart, releasing its
    // reservations. The current cart must be empty (park it first).
    QFuture<Result<Cart>> recall(const Session &actor, qint64 parkedCartId);

    // For code already in a write transaction (checkout, the API).
    static Result<Cart> loadInTransaction(Connection &connection, qint64 cartId);
    static Result<Cart> currentInTransaction(Connection &connection, const Session &actor, qint64 registerId);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
