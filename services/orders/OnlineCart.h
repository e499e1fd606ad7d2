#pragma once

#include "core/Result.h"
#include "inventory/StockTypes.h"

#include <QList>

namespace sk {

class Connection;

// A customer's online cart (carts.owner_user_id set, no register), as the
// online shop's API and the demo shop fill it; CartService runs the
// registers' carts. OrderService::placeOnline turns it into an order.
class OnlineCart {
public:
    // A new open cart for the customer with the lines at the catalog's
    // current prices (lines of the same variant merged). Returns its id.
    static Result<qint64> createInTransaction(Connection &connection, qint64 customerId,
                                              const QList<StockLine> &lines);
};

} // namespace sk
