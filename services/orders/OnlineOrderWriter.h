#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "orders/OrderService.h"

namespace sk {

class Connection;

// The write path of an online order, inside the caller's transaction
// (docs/orders.md, Online orders): the cart claimed, the addresses checked
// and kept, the lines priced by Pricing with their snapshots, the stock
// reserved, the gapless W- number taken, and a card payment taken at the
// gateway recorded; the sale counts in the reports once it is paid in full.
class OnlineOrderWriter {
public:
    static Result<PlacedOrder> placeInTransaction(Connection &connection, const Session &actor,
                                                  const OnlineOrderRequest &request);
    static Status recordPaymentInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                             const OnlinePayment &payment);
    // Ok, or the sentence saying which field is missing or too long.
    static Status validateAddress(const OrderAddress &address, bool billing);
};

} // namespace sk
