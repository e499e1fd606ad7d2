#pragma once

#include "CheckoutSale.h"
#include "CheckoutShop.h"

#include "auth/Session.h"

#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace sk::bench {

class RawStatements;

// The raw twin of ServiceSale: the statements a sale writes through the
// services (cart, lines, cash payment, receipt number, order, lines and
// history, stock taken and its movements, change records, shift totals, the
// cart closed, the audit entry), prepared once through the sqlite3 C API on
// the same file, with the application's WAL and synchronous=FULL. It commits
// as often as the service path does: one BEGIN IMMEDIATE ... COMMIT per
// register call (the cart, each line, the payment, the checkout), and it
// reads what the services read to price the cart, so the two compare the
// same work. What it writes passes `storekeeper check`.
class RawCheckout {
public:
    RawCheckout(const QString &sqlitePath, Session clerk, Till till);
    ~RawCheckout();
    RawCheckout(const RawCheckout &) = delete;
    RawCheckout &operator=(const RawCheckout &) = delete;

    bool isOpen() const;
    // Units sold, or nullopt after printing why on stderr.
    std::optional<qint64> sell(const QList<SaleLine> &lines);

private:
    Session m_clerk;
    Till m_till;
    std::unique_ptr<RawStatements> m_db;
};

} // namespace sk::bench
