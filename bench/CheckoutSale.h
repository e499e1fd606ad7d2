#pragma once

#include "CheckoutShop.h"

#include "auth/Session.h"
#include "core/Result.h"

#include <QList>
#include <memory>

namespace sk {
class CartService;
class CheckoutService;
class Database;
class PaymentService;
}

namespace sk::bench {

struct SaleLine {
    qint64 variantId = 0;
    qint64 quantity = 1;
};

// What one sale did.
struct SaleOutcome {
    qint64 units = 0;            // units in the completed sale; 0: nothing could be sold
    qint64 conflicts = 0;        // lines refused or shortened because the stock was gone
    qint64 lockFailures = 0;     // calls retried after a lock failure (busy, deadlock, serialization)
    QList<qint64> soldOut;       // variants found with nothing left
};

// One register's sale through the services, the calls the Register page
// makes: CartService::current, addVariant per line, PaymentService::addCash
// for the amount due, CheckoutService::complete. Each call is its own write
// transaction on the database's writer thread, as at the register.
//
// When other registers took the stock meanwhile (a Conflict), it does what a
// clerk does: a line that cannot be added is left out; a checkout refused
// for stock voids the cash payment, shortens or removes the short lines
// (CartService::checkAvailability) and takes the payment again. A lock
// failure rolls the call back; it is retried and counted.
class ServiceSale {
public:
    ServiceSale(std::shared_ptr<Database> database, Session clerk, Till till);
    ~ServiceSale();
    ServiceSale(const ServiceSale &) = delete;
    ServiceSale &operator=(const ServiceSale &) = delete;

    Result<SaleOutcome> sell(const QList<SaleLine> &lines);

private:
    Session m_clerk;
    Till m_till;
    std::unique_ptr<CartService> m_carts;
    std::shared_ptr<PaymentService> m_payments;
    std::unique_ptr<CheckoutService> m_checkout;
};

} // namespace sk::bench
