#include "orders/ReturnService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "orders/OrderEvents.h"
#include "orders/OrderStatus.h"
#include "orders/OrderStatusWriter.h"
#include "payments/PaymentService.h"
#include "sales/ShiftService.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <QCoro/QCoroFuture>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxReasonLength = 500;

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

QString clean(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.isNull() ? u""_s : trimmed;
}

QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

// Clerks return at the register, administrators from the back office.
Status requireReturns(const Session &actor)
{
    if (require(actor, Permission::UseRegister) || require(actor, Permission::ManageOrders))
        return Status::success();
    return require(actor, Permission::UseRegister);
}

// A receipt barcode scans as the printed text, sometimes with Code 39's
// start and stop asterisks, control characters or lower case (a scanner in
// the wrong keyboard mode).
QString normalisedReceiptText(const QString &input)
{
    QString text;
    for (const QChar c : input)
        if (c.isPrint() && !c.isSpace() && c != u'*')
            text.append(c.toUpper());
    return text;
}

Money moneyOf(const QVariant &cents, const QString &currency)
{
    return Money(cents.toLongLong(), currency);
}

Result<ReturnableOrder> loadOrder(Connection &connection, qint64 orderId)
{
    Result<QSqlQuery> head = connection.exec(
        u"SELECT id, order_number, COALESCE(receipt_number, 0), COALESCE(register_id, 0), status, created_at, "
        "currency, total_cents, paid_cents, refunded_cents FROM orders WHERE id = ?"_s,
        {orderId});
    if (!head)
        return head.error();
    QSqlQuery &row = head.value();
    if (!row.next())
        return Error::make(ErrorCode::NotFound, QCoreApplication::translate("ReturnService",
                                                                            "This order does not exist. Check the "
                                                                            "receipt number and try again."));
    ReturnableOrder order;
    order.orderId = row.value(0).toLongLong();
    order.orderNumber = row.value(1).toString();
    order.receiptNumber = row.value(2).toLongLong();
    order.registerId = row.value(3).toLongLong();
    order.status = row.value(4).toString();
    order.createdAt = row.value(5).toDateTime();
    const QString currency = row.value(6).toString();
    order.total = moneyOf(row.value(7), currency);
    order.paid = moneyOf(row.value(8), currency);
    order.refunded = moneyOf(row.value(9), currency);

    Result<QSqlQuery> items = connection.exec(
        u"SELECT i.id, i.variant_id, i.sku, i.name, i.quantity, i.refunded_quantity, i.unit_price_cents, "
        "i.total_cents, (SELECT COALESCE(SUM(l.amount_cents), 0) FROM refund_lines l WHERE l.order_item_id = i.id) "
        "FROM order_items i WHERE i.order_id = ? ORDER BY i.id"_s,
        {orderId});
    if (!items)
        return items.error();
    while (items.value().next()) {
        const QSqlQuery &item = items.value();
        ReturnableLine line;
        line.orderItemId = item.value(0).toLongLong();
        line.variantId = item.value(1).toLongLong();
        line.sku = item.value(2).toString();
        line.name = item.value(3).toString();
        line.quantity = item.value(4).toLongLong();
        line.refundedQuantity = item.value(5).toLongLong();
        line.unitPrice = moneyOf(item.value(6), currency);
        line.total = moneyOf(item.value(7), currency);
        line.refunded = moneyOf(item.value(8), currency);
        order.lines.append(line);
    }

    Result<QSqlQuery> payments = connection.exec(
        u"SELECT id, tender, status, amount_cents, tendered_cents, change_cents, refunded_cents, idempotency_key, "
        "gateway_reference, card_brand, card_last4, failure_message, attempts, created_at, processed_at, "
        "register_id, shift_id, cart_id FROM payments WHERE order_id = ? AND status IN ('completed', 'refunded') "
        "ORDER BY id"_s,
        {orderId});
    if (!payments)
        return payments.error();
    while (payments.value().next()) {
        const QSqlQuery &p = payments.value();
        Payment payment;
        payment.id = p.value(0).toLongLong();
        payment.orderId = orderId;
        payment.tender = tenderFromName(p.value(1).toString()).value_or(Tender::Other);
        payment.status = paymentStatusFromName(p.value(2).toString()).value_or(PaymentStatus::Completed);
        payment.amount = moneyOf(p.value(3), currency);
        if (!p.value(4).isNull())
            payment.tendered = moneyOf(p.value(4), currency);
        payment.change = moneyOf(p.value(5), currency);
        payment.refunded = moneyOf(p.value(6), currency);
        payment.idempotencyKey = p.value(7).toString();
        payment.gatewayReference = p.value(8).toString();
        payment.cardBrand = p.value(9).toString();
        payment.cardLast4 = p.value(10).toString();
        payment.failureMessage = p.value(11).toString();
        payment.attempts = p.value(12).toInt();
        payment.createdAt = p.value(13).toDateTime();
        payment.processedAt = p.value(14).toDateTime();
        if (!p.value(15).isNull())
            payment.registerId = p.value(15).toLongLong();
        if (!p.value(16).isNull())
            payment.shiftId = p.value(16).toLongLong();
        if (!p.value(17).isNull())
            payment.cartId = p.value(17).toLongLong();
        order.payments.append(payment);
    }
    return order;
}

Result<qint64> orderIdForReceipt(Connection &connection, const QString &input)
{
    const QString text = normalisedReceiptText(input);
    if (text.isEmpty())
        return invalid(QCoreApplication::translate("ReturnService", "Scan or type the receipt number, for example "
                                                                    "R1-000042."));
    Result<QVariant> byNumber = connection.scalar(u"SELECT id FROM orders WHERE upper(order_number) = ?"_s, {text});
    if (!byNumber)
        return byNumber.error();
    if (!byNumber.value().isNull())
        return byNumber.value().toLongLong();
    // Typed by hand without the leading zeros: "R1-42".
    static const QRegularExpression receiptPattern(u"^([A-Z0-9]+)-0*([0-9]{1,15})$"_s);
    const QRegularExpressionMatch match = receiptPattern.match(text);
    if (match.hasMatch()) {
        Result<QVariant> byReceipt = connection.scalar(
            u"SELECT o.id FROM orders o JOIN registers r ON r.id = o.register_id "
            "WHERE upper(r.code) = ? AND o.receipt_number = ?"_s,
            {match.captured(1), match.captured(2).toLongLong()});
        if (!byReceipt)
            return byReceipt.error();
        if (!byReceipt.value().isNull())
            return byReceipt.value().toLongLong();
    }
    return Error::make(ErrorCode::NotFound,
                       QCoreApplication::translate("ReturnService", "No sale has the receipt number %1. Check the "
                                                                    "number on the receipt and try again.")
                           .arg(text));
}

struct PlannedRefund {
    qint64 paymentId = 0;   // 0: cash from the drawer, not tied to a payment
    QString tender;
    Money amount;
    Money tax;
    qint64 refundId = 0;
};

// OriginalTender: card payments first, each up to what is left to refund on
// it, then cash and the other tenders, in the order they were taken. The rest
// (possible only when payments were made without an order link) is cash.
// Cash: everything in cash from the drawer.
QList<PlannedRefund> planRefunds(const ReturnableOrder &order, const Money &amount, RefundDestination destination)
{
    QList<PlannedRefund> plan;
    Money left = amount;
    if (destination == RefundDestination::OriginalTender) {
        QList<Payment> ordered;
        for (const Payment &payment : order.payments)
            if (payment.tender == Tender::Card)
                ordered.append(payment);
        for (const Payment &payment : order.payments)
            if (payment.tender != Tender::Card)
                ordered.append(payment);
        for (const Payment &payment : ordered) {
            if (left.isZero())
                break;
            const Money open = payment.amount - payment.refunded;
            if (!open.isNegative() && !open.isZero()) {
                const Money part = open < left ? open : left;
                plan.append(PlannedRefund{payment.id, tenderName(payment.tender), part, {}, 0});
                left -= part;
            }
        }
    }
    if (!left.isZero())
        plan.append(PlannedRefund{0, tenderName(Tender::Cash), left, {}, 0});
    return plan;
}

struct ReturnShare {
    Money amount;
    Money tax;
};

// A line's share for q more units, counted cumulatively: the units returned
// so far and now together are worth total x (returned + q) / quantity,
// rounded half-up, minus what was already given back for the line. The
// first return of q units is exactly total x q / quantity; the last units
// take the remainder, so a line returned in full gives back its total to the
// cent; and no rounding can ever make a later share negative. Tax likewise.
ReturnShare shareOf(const ReturnableLine &line, const Money &lineTax, const Money &taxRefunded, qint64 quantity)
{
    const qint64 after = line.refundedQuantity + quantity;
    Money amount = line.total.scaled(after, line.quantity) - line.refunded;
    Money tax = lineTax.scaled(after, line.quantity) - taxRefunded;
    const Money zero = Money::zero(line.total.currency());
    return {amount.isNegative() ? zero : amount, tax.isNegative() ? zero : tax};
}

struct RefundLineRow {
    qint64 orderItemId = 0;
    qint64 variantId = 0;
    qint64 quantity = 0;
    Money amount;
    Money tax;
    ReturnDisposition disposition = ReturnDisposition::Restock;
    QString writeOffReason;
};

Result<QHash<qint64, Money>> refundedTaxByItem(Connection &connection, qint64 orderId, const QString &currency)
{
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT l.order_item_id, COALESCE(SUM(l.tax_cents), 0) FROM refund_lines l "
        "JOIN order_items i ON i.id = l.order_item_id WHERE i.order_id = ? GROUP BY l.order_item_id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    QHash<qint64, Money> taxes;
    while (rows.value().next())
        taxes.insert(rows.value().value(0).toLongLong(), moneyOf(rows.value().value(1), currency));
    return taxes;
}

Result<qint64> itemTax(Connection &connection, qint64 orderItemId)
{
    Result<QVariant> tax = connection.scalar(u"SELECT tax_cents FROM order_items WHERE id = ?"_s, {orderItemId});
    if (!tax)
        return tax.error();
    return tax.value().toLongLong();
}

Status writeReturn(Connection &connection, const Session &actor, const ReturnRequest &request, ReturnResult &out)
{
    Result<ReturnableOrder> loaded = loadOrder(connection, request.orderId);
    if (!loaded)
        return loaded.error();
    const ReturnableOrder &order = loaded.value();
    const QString currency = order.total.currency();

    Result<QHash<qint64, Money>> taxRefunded = refundedTaxByItem(connection, order.orderId, currency);
    if (!taxRefunded)
        return taxRefunded.error();

    QHash<qint64, ReturnableLine> linesById;
    for (const ReturnableLine &line : order.lines)
        linesById.insert(line.orderItemId, line);

    QList<RefundLineRow> rows;
    QSet<qint64> seen;
    Money amount = Money::zero(currency);
    Money tax = Money::zero(currency);
    for (const ReturnLineRequest &wanted : request.lines) {
        const auto found = linesById.constFind(wanted.orderItemId);
        if (found == linesById.cend())
            return invalid(QCoreApplication::translate("ReturnService", "A line to return is not on this receipt. "
                                                                        "Scan the receipt again and choose its lines."));
        const ReturnableLine &line = found.value();
        if (seen.contains(line.orderItemId))
            return invalid(QCoreApplication::translate("ReturnService", "%1 is chosen twice. Enter the whole "
                                                                        "quantity on one line.")
                               .arg(line.name));
        seen.insert(line.orderItemId);
        if (wanted.quantity <= 0)
            return invalid(QCoreApplication::translate("ReturnService", "Enter a quantity of at least 1 for %1.")
                               .arg(line.name));
        if (wanted.quantity > line.returnable())
            return invalid(QCoreApplication::translate("ReturnService", "Only %1 of %2 can still be returned on "
                                                                        "this receipt.")
                               .arg(line.returnable())
                               .arg(line.name));
        const QString reason = clean(wanted.writeOffReason);
        if (wanted.disposition == ReturnDisposition::WriteOff && reason.isEmpty())
            return invalid(QCoreApplication::translate("ReturnService", "Enter why %1 is written off instead of "
                                                                        "going back on stock.")
                               .arg(line.name));
        if (reason.size() > kMaxReasonLength)
            return invalid(QCoreApplication::translate("ReturnService", "A write-off reason may be at most 500 "
                                                                        "characters long."));
        Result<qint64> lineTax = itemTax(connection, line.orderItemId);
        if (!lineTax)
            return lineTax.error();
        const ReturnShare share =
            shareOf(line, Money(lineTax.value(), currency),
                    taxRefunded.value().value(line.orderItemId, Money::zero(currency)), wanted.quantity);
        rows.append(RefundLineRow{line.orderItemId, line.variantId, wanted.quantity, share.amount, share.tax, wanted.disposition,
                     wanted.disposition == ReturnDisposition::WriteOff ? reason : u""_s});
        amount += share.amount;
        tax += share.tax;
    }
    if (rows.isEmpty())
        return invalid(QCoreApplication::translate("ReturnService", "Choose at least one line and quantity to "
                                                                    "return."));
    const QString reason = clean(request.reason);
    if (reason.size() > kMaxReasonLength)
        return invalid(QCoreApplication::translate("ReturnService", "The reason may be at most 500 characters long."));

    const Money refundable = order.paid - order.refunded;
    if (amount > refundable)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("ReturnService", "These lines come to %1, but only %2 of this "
                                                                        "sale is left to refund. Return fewer items.")
                               .arg(amount.toString(), refundable.toString()));
    if (amount.isZero())
        return invalid(QCoreApplication::translate("ReturnService", "Nothing was paid for these lines, so there is "
                                                                    "nothing to refund."));

    QList<PlannedRefund> plan = planRefunds(order, amount, request.destination);
    bool givesCash = false;
    for (const PlannedRefund &refund : plan)
        givesCash = givesCash || refund.tender != tenderName(Tender::Card);

    qint64 shiftId = 0;
    if (request.registerId > 0) {
        Result<qint64> shift = ShiftService::openShiftIdInTransaction(connection, request.registerId);
        if (!shift)
            return shift.error();
        shiftId = shift.value();
    } else if (givesCash) {
        return invalid(QCoreApplication::translate("ReturnService", "Cash is given back from a register's drawer. "
                                                                    "Make the return at a register with an open "
                                                                    "shift."));
    }
    qint64 locationId = 0;
    {
        Result<QVariant> location =
            request.registerId > 0
                ? connection.scalar(u"SELECT location_id FROM registers WHERE id = ?"_s, {request.registerId})
                : connection.scalar(u"SELECT location_id FROM orders WHERE id = ?"_s, {order.orderId});
        if (!location)
            return location.error();
        locationId = location.value().toLongLong();
    }

    QList<qint64> taxWeights;
    for (const PlannedRefund &refund : plan)
        taxWeights.append(refund.amount.minorUnits());
    const QList<Money> taxParts = tax.allocate(taxWeights);
    for (qsizetype i = 0; i < plan.size(); ++i)
        plan[i].tax = taxParts.value(i, Money::zero(currency));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    out.cash = Money::zero(currency);
    // Keys are written with the rows, in this transaction, before the gateway
    // is first asked: a retry after a crash finds them and reuses them.
    for (PlannedRefund &refund : plan) {
        const bool card = refund.tender == tenderName(Tender::Card);
        Result<qint64> id = connection.insert(
            u"INSERT INTO refunds (order_id, payment_id, shift_id, tender, status, currency, amount_cents, tax_cents, "
            "idempotency_key, reason, user_id, created_at, processed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
            {order.orderId, nullableId(refund.paymentId), nullableId(shiftId), refund.tender,
             card ? u"pending"_s : u"completed"_s, currency, refund.amount.minorUnits(), refund.tax.minorUnits(),
             PaymentService::newIdempotencyKey(), reason, nullableId(actor.userId), now,
             card ? QVariant(QMetaType::fromType<QDateTime>(), nullptr) : QVariant(now)});
        if (!id)
            return id.error();
        refund.refundId = id.value();
        if (refund.paymentId > 0)
            if (Status ok = connection.run(
                    u"UPDATE payments SET refunded_cents = refunded_cents + ?, "
                    "status = CASE WHEN refunded_cents + ? = amount_cents THEN 'refunded' ELSE status END "
                    "WHERE id = ? AND refunded_cents + ? <= amount_cents"_s,
                    {refund.amount.minorUnits(), refund.amount.minorUnits(), refund.paymentId,
                     refund.amount.minorUnits()});
                !ok)
                return ok;
        out.refundIds.append(refund.refundId);
        if (!card)
            out.cash += refund.amount;
        if (shiftId > 0)
            if (Status ok = ShiftService::recordTenderInTransaction(connection, shiftId, refund.tender,
                                                                    Money::zero(currency), refund.amount);
                !ok)
                return ok;
    }

    // The lines of a return hang on its first refund; when the money goes
    // back through several tenders the other refunds carry none.
    const qint64 linesRefundId = plan.first().refundId;
    QList<StockLine> restock;
    QJsonArray linesJson;
    for (const RefundLineRow &row : rows) {
        const bool restocked = row.disposition == ReturnDisposition::Restock;
        if (Status ok = connection.run(
                u"INSERT INTO refund_lines (refund_id, order_item_id, quantity, amount_cents, tax_cents, "
                "disposition, write_off_reason) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                {linesRefundId, row.orderItemId, row.quantity, row.amount.minorUnits(), row.tax.minorUnits(),
                 restocked ? u"restock"_s : u"write_off"_s, row.writeOffReason});
            !ok)
            return ok;
        // Conditional, so two registers returning the same line at once
        // cannot give back more units than were sold.
        Result<QSqlQuery> claimed = connection.exec(
            u"UPDATE order_items SET refunded_quantity = refunded_quantity + ? "
            "WHERE id = ? AND refunded_quantity + ? <= quantity"_s,
            {row.quantity, row.orderItemId, row.quantity});
        if (!claimed)
            return claimed.error();
        if (claimed.value().numRowsAffected() != 1)
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("ReturnService", "These items were returned at another "
                                                                            "register a moment ago. Scan the receipt "
                                                                            "again."));
        if (restocked)
            restock.append(StockLine{row.variantId, row.quantity, {}});
        linesJson.append(QJsonObject{{u"order_item_id"_s, row.orderItemId},
                                     {u"quantity"_s, row.quantity},
                                     {u"amount_cents"_s, row.amount.minorUnits()},
                                     {u"tax_cents"_s, row.tax.minorUnits()},
                                     {u"disposition"_s, restocked ? u"restock"_s : u"write_off"_s}});
    }
    if (!restock.isEmpty())
        if (Status ok = InventoryLedger::returnInTransaction(connection, actor, locationId, restock,
                                                             StockReference{u"refund"_s, linesRefundId});
            !ok)
            return ok;

    Result<QSqlQuery> booked = connection.exec(
        u"UPDATE orders SET refunded_cents = refunded_cents + ?, updated_at = ? "
        "WHERE id = ? AND refunded_cents + ? <= paid_cents"_s,
        {amount.minorUnits(), now, order.orderId, amount.minorUnits()});
    if (!booked)
        return booked.error();
    if (booked.value().numRowsAffected() != 1)
        return Error::make(ErrorCode::Conflict, QCoreApplication::translate("ReturnService",
                                                                            "This sale was refunded at another "
                                                                            "register a moment ago. Scan the receipt "
                                                                            "again."));
    if (shiftId > 0)
        if (Status ok = ShiftService::recordRefundInTransaction(connection, shiftId, amount, tax); !ok)
            return ok;

    Result<QVariant> open = connection.scalar(
        u"SELECT COUNT(*) FROM order_items WHERE order_id = ? AND refunded_quantity < quantity"_s, {order.orderId});
    if (!open)
        return open.error();
    out.orderFullyRefunded = open.value().toLongLong() == 0;
    if (out.orderFullyRefunded) {
        const std::optional<OrderStatus> from = orderStatusFromName(order.status);
        if (!from)
            return Error::make(ErrorCode::Internal, QCoreApplication::translate("ReturnService",
                                                                                "This order has an unknown status. "
                                                                                "Run storekeeper check."));
        if (*from != OrderStatus::Refunded) {
            if (Status allowed = checkTransition(*from, OrderStatus::Refunded); !allowed)
                return allowed;
            if (Status ok = connection.run(u"UPDATE orders SET status = ?, updated_at = ? WHERE id = ?"_s,
                                           {orderStatusName(OrderStatus::Refunded), now, order.orderId});
                !ok)
                return ok;
            if (Status ok = OrderStatusWriter::appendHistoryInTransaction(connection, actor, order.orderId, from,
                                                                         OrderStatus::Refunded, reason);
                !ok)
                return ok;
        }
    }

    if (Status ok = OrderEvents::returnRecordedInTransaction(connection, order.orderId, out.refundIds); !ok)
        return ok;
    for (const PlannedRefund &refund : std::as_const(plan))
        if (refund.tender != tenderName(Tender::Card))
            if (Status ok = OrderEvents::refundCompletedInTransaction(connection, refund.refundId); !ok)
                return ok;

    QJsonArray refundIds;
    for (qint64 id : out.refundIds)
        refundIds.append(id);
    out.amount = amount;
    out.tax = tax;
    return AuditLog::appendInTransaction(
        connection, AuditEntry::by(actor, u"order.returned"_s, u"order:%1"_s.arg(order.orderId),
                                   {{u"refunds"_s, refundIds},
                                    {u"lines"_s, linesJson},
                                    {u"amount_cents"_s, amount.minorUnits()},
                                    {u"destination"_s, request.destination == RefundDestination::Cash
                                                           ? u"cash"_s
                                                           : u"original_tender"_s},
                                    {u"reason"_s, reason}}));
}

struct OpenCardRefund {
    qint64 id = 0;
    QString status;
    Money amount;
    QString failureMessage;
};

Result<QList<OpenCardRefund>> openCardRefunds(Connection &connection, qint64 orderId)
{
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT id, status, amount_cents, currency, failure_message FROM refunds "
        "WHERE order_id = ? AND tender = 'card' AND status IN ('pending', 'failed') ORDER BY id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    QList<OpenCardRefund> refunds;
    while (rows.value().next()) {
        const QSqlQuery &r = rows.value();
        refunds.append(OpenCardRefund{r.value(0).toLongLong(), r.value(1).toString(), moneyOf(r.value(2), r.value(3).toString()),
                        r.value(4).toString()});
    }
    return refunds;
}

// A declined card refund settled by the clerk. Cash: the row becomes a
// completed cash refund from the drawer (the decline stays in its failure
// message and in the audit journal) and the card payment is free again.
// OriginalTender: it is asked again under a new key, which is safe because
// the gateway refused the old one for good.
Status settleFailedRefund(Connection &connection, const Session &actor, qint64 refundId,
                          RefundDestination destination, qint64 registerId)
{
    Result<QSqlQuery> row = connection.exec(
        u"SELECT payment_id, amount_cents, currency, failure_message, order_id, COALESCE(shift_id, 0) FROM refunds "
        "WHERE id = ? AND status = 'failed' AND tender = 'card'"_s,
        {refundId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Status::success();
    const qint64 paymentId = row.value().value(0).toLongLong();
    const Money amount = moneyOf(row.value().value(1), row.value().value(2).toString());
    const QString message = row.value().value(3).toString();
    const qint64 orderId = row.value().value(4).toLongLong();
    const qint64 refundShiftId = row.value().value(5).toLongLong();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (destination == RefundDestination::OriginalTender) {
        if (Status ok = connection.run(u"UPDATE refunds SET status = 'pending', idempotency_key = ?, "
                                       "processed_at = NULL WHERE id = ?"_s,
                                       {PaymentService::newIdempotencyKey(), refundId});
            !ok)
            return ok;
        return AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"refund.retried"_s, u"refund:%1"_s.arg(refundId),
                                       {{u"order_id"_s, orderId}, {u"declined"_s, message}}));
    }
    if (registerId <= 0)
        return invalid(QCoreApplication::translate("ReturnService", "Cash is given back from a register's drawer. "
                                                                    "Make the return at a register with an open "
                                                                    "shift."));
    Result<qint64> shift = ShiftService::openShiftIdInTransaction(connection, registerId);
    if (!shift)
        return shift.error();
    // The refund was counted in its own shift's totals; only that shift's
    // drawer can pay it, or the shifts' figures would no longer add up.
    if (refundShiftId != shift.value())
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("ReturnService", "This declined card refund belongs to another "
                                                                        "shift or was made in the back office, so it "
                                                                        "cannot be paid from this drawer. Try the card "
                                                                        "again instead."));
    if (Status ok = connection.run(
            u"UPDATE refunds SET tender = 'cash', status = 'completed', payment_id = NULL, processed_at = ? "
            "WHERE id = ?"_s,
            {now, refundId});
        !ok)
        return ok;
    if (paymentId > 0)
        if (Status ok = connection.run(
                u"UPDATE payments SET refunded_cents = refunded_cents - ?, status = 'completed' WHERE id = ?"_s,
                {amount.minorUnits(), paymentId});
            !ok)
            return ok;
    if (Status ok = OrderEvents::refundCompletedInTransaction(connection, refundId); !ok)
        return ok;
    const Money zero = Money::zero(amount.currency());
    if (Status ok = ShiftService::recordTenderInTransaction(connection, shift.value(), tenderName(Tender::Card), zero,
                                                            -amount);
        !ok)
        return ok;
    if (Status ok = ShiftService::recordTenderInTransaction(connection, shift.value(), tenderName(Tender::Cash), zero,
                                                            amount);
        !ok)
        return ok;
    return AuditLog::appendInTransaction(
        connection, AuditEntry::by(actor, u"refund.settled_in_cash"_s, u"refund:%1"_s.arg(refundId),
                                   {{u"order_id"_s, orderId},
                                    {u"amount_cents"_s, amount.minorUnits()},
                                    {u"declined"_s, message}}));
}

QCoro::Task<void> sendRefunds(std::shared_ptr<PaymentService> payments, Session actor, QList<qint64> refundIds)
{
    for (qint64 refundId : std::as_const(refundIds)) {
        // The refund's status tells what happened; the Status only explains.
        QCoro::Task<Status> sending = payments->sendRefund(actor, refundId);
        const Status sent = co_await std::move(sending);
        Q_UNUSED(sent);
    }
}

} // namespace

ReturnService::ReturnService(std::shared_ptr<Database> database, std::shared_ptr<PaymentService> payments)
    : m_database(std::move(database)), m_payments(std::move(payments))
{
}

QFuture<Result<ReturnableOrder>> ReturnService::findByReceipt(const Session &actor, const QString &receiptOrOrderNumber)
{
    if (Status allowed = requireReturns(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<ReturnableOrder>(allowed.error()));
    return m_database->read([receiptOrOrderNumber](Connection &connection) -> Result<ReturnableOrder> {
        Result<qint64> id = orderIdForReceipt(connection, receiptOrOrderNumber);
        if (!id)
            return id.error();
        return loadOrder(connection, id.value());
    });
}

QFuture<Result<ReturnableOrder>> ReturnService::order(const Session &actor, qint64 orderId)
{
    if (Status allowed = requireReturns(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<ReturnableOrder>(allowed.error()));
    return m_database->read([orderId](Connection &connection) { return loadOrder(connection, orderId); });
}

QCoro::Task<Result<ReturnResult>> ReturnService::giveBack(Session actor, ReturnRequest request)
{
    if (Status allowed = requireReturns(actor); !allowed)
        co_return allowed.error();

    // Card refunds left open by an earlier call (a crash, an unreachable
    // gateway, a decline the clerk now settles) are finished first, with the
    // keys they already have: nothing is ever sent under two keys.
    auto openLoading = m_database->read(
        [orderId = request.orderId](Connection &connection) { return openCardRefunds(connection, orderId); });
    const Result<QList<OpenCardRefund>> open = co_await openLoading;
    if (!open)
        co_return open.error();
    QList<qint64> toSend;
    for (const OpenCardRefund &refund : open.value()) {
        if (refund.status == u"pending"_s) {
            toSend.append(refund.id);
            continue;
        }
        auto settling = m_database->write([actor, id = refund.id, request](Connection &connection) {
            return settleFailedRefund(connection, actor, id, request.destination, request.registerId);
        });
        const Status settled = co_await settling;
        if (!settled)
            co_return settled.error();
        if (request.destination == RefundDestination::OriginalTender)
            toSend.append(refund.id);
    }
    QCoro::Task<void> sendingOpen = sendRefunds(m_payments, actor, toSend);
    co_await std::move(sendingOpen);

    ReturnResult result;
    if (!request.lines.isEmpty() || open.value().isEmpty()) {
        auto writing = m_database->write([actor, request](Connection &connection) -> Result<ReturnResult> {
            ReturnResult written;
            if (Status ok = writeReturn(connection, actor, request, written); !ok)
                return ok.error();
            return written;
        });
        const Result<ReturnResult> written = co_await writing;
        if (!written)
            co_return written.error();
        result = written.value();
        auto reading = m_database->read([ids = result.refundIds](Connection &connection) -> Result<QList<qint64>> {
            QList<qint64> cards;
            for (qint64 id : ids) {
                Result<QVariant> tender = connection.scalar(u"SELECT tender FROM refunds WHERE id = ?"_s, {id});
                if (!tender)
                    return tender.error();
                if (tender.value().toString() == u"card"_s)
                    cards.append(id);
            }
            return cards;
        });
        const Result<QList<qint64>> cards = co_await reading;
        if (!cards)
            co_return cards.error();
        QCoro::Task<void> sendingNew = sendRefunds(m_payments, actor, cards.value());
        co_await std::move(sendingNew);
    }

    auto checking = m_database->read(
        [orderId = request.orderId](Connection &connection) { return openCardRefunds(connection, orderId); });
    const Result<QList<OpenCardRefund>> after = co_await checking;
    if (!after)
        co_return after.error();
    for (const OpenCardRefund &refund : after.value()) {
        if (refund.status == u"failed"_s)
            co_return Error::make(
                ErrorCode::Conflict,
                QCoreApplication::translate("ReturnService",
                                            "The card refund of %1 was declined: %2. The items are taken back; "
                                            "return to this receipt again and choose Cash to give the money in "
                                            "cash, or the original tender to try the card again.")
                    .arg(refund.amount.toString(), refund.failureMessage));
        co_return Error::make(ErrorCode::Unavailable,
                              QCoreApplication::translate("ReturnService",
                                                          "The card refund of %1 could not reach the payment "
                                                          "gateway. It is kept and sent again with the same key: "
                                                          "return to this receipt again in a moment, or restart "
                                                          "the register.")
                                  .arg(refund.amount.toString()));
    }
    if (result.refundIds.isEmpty()) {
        // Only open refunds were finished: report the order as it now stands.
        auto reloading = m_database->read(
            [orderId = request.orderId](Connection &connection) { return loadOrder(connection, orderId); });
        const Result<ReturnableOrder> now = co_await reloading;
        if (!now)
            co_return now.error();
        result.amount = Money::zero(now->total.currency());
        result.tax = result.amount;
        result.cash = result.amount;
        for (const OpenCardRefund &refund : open.value()) {
            result.refundIds.append(refund.id);
            result.amount += refund.amount;
            if (refund.status == u"failed"_s && request.destination == RefundDestination::Cash)
                result.cash += refund.amount;
        }
        result.orderFullyRefunded = now->status == orderStatusName(OrderStatus::Refunded);
    }
    co_return result;
}

} // namespace sk
