#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "receipts/ReceiptData.h"

#include <QFuture>
#include <QList>
#include <memory>

namespace sk {

class Connection;
class Database;

// Reads what a receipt shows (docs/receipts.md): the shop's details from the
// settings, the order's price and tax snapshots, its tenders. The same call
// reprints any past receipt. Permissions: UseRegister or ViewAllOrders.
class ReceiptService {
public:
    explicit ReceiptService(std::shared_ptr<Database> database);

    QFuture<Result<ReceiptData>> saleReceipt(const Session &actor, qint64 orderId);
    // The refunds of one return (ReturnResult::refundIds) on one receipt.
    QFuture<Result<ReceiptData>> refundReceipt(const Session &actor, const QList<qint64> &refundIds);

    static Result<ReceiptData> saleReceiptInTransaction(Connection &connection, qint64 orderId);
    static Result<ReceiptData> refundReceiptInTransaction(Connection &connection, const QList<qint64> &refundIds);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
