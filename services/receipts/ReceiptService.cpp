#include "receipts/ReceiptService.h"

#include "auth/Permissions.h"
#include "db/Database.h"
#include "payments/PaymentTypes.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Status requireReceipts(const Session &actor)
{
    if (require(actor, Permission::UseRegister) || require(actor, Permission::ViewAllOrders))
        return Status::success();
    return require(actor, Permission::UseRegister);
}

Error notFound()
{
    return Error::make(ErrorCode::NotFound, QCoreApplication::translate("ReceiptService",
                                                                        "This sale or refund does not exist. Check "
                                                                        "the receipt number and try again."));
}

QString optionsText(const QString &optionsJson)
{
    const QJsonObject options = QJsonDocument::fromJson(optionsJson.toUtf8()).object();
    QStringList values;
    for (auto it = options.begin(); it != options.end(); ++it)
        values.append(it.value().toVariant().toString());
    return values.join(u" / "_s);
}

QString tenderTitleOf(const QString &name)
{
    const std::optional<Tender> tender = tenderFromName(name);
    return tender ? tenderTitle(*tender) : name;
}

Status loadShop(Connection &connection, ReceiptData &data)
{
    Result<ShopSettings> shop = SettingsService::loadInTransaction(connection);
    if (!shop)
        return shop.error();
    data.shopName = shop->shopName;
    data.shopAddress = shop->address;
    data.shopPhone = shop->phone;
    data.footer = shop->receiptFooter;
    return Status::success();
}

// Per rate, in ascending order of rate.
void addTax(QMap<int, ReceiptTax> &taxes, int rate, const Money &base, const Money &amount)
{
    auto found = taxes.find(rate);
    if (found == taxes.end())
        taxes.insert(rate, ReceiptTax{rate, base, amount});
    else {
        found->base += base;
        found->amount += amount;
    }
}

} // namespace

ReceiptService::ReceiptService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<ReceiptData>> ReceiptService::saleReceipt(const Session &actor, qint64 orderId)
{
    if (Status allowed = requireReceipts(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<ReceiptData>(allowed.error()));
    return m_database->read([orderId](Connection &connection) { return saleReceiptInTransaction(connection, orderId); });
}

QFuture<Result<ReceiptData>> ReceiptService::refundReceipt(const Session &actor, const QList<qint64> &refundIds)
{
    if (Status allowed = requireReceipts(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<ReceiptData>(allowed.error()));
    return m_database->read(
        [refundIds](Connection &connection) { return refundReceiptInTransaction(connection, refundIds); });
}

Result<ReceiptData> ReceiptService::saleReceiptInTransaction(Connection &connection, qint64 orderId)
{
    ReceiptData data;
    if (Status ok = loadShop(connection, data); !ok)
        return ok.error();
    Result<QSqlQuery> head = connection.exec(
        u"SELECT o.order_number, COALESCE(o.receipt_number, 0), o.created_at, o.currency, o.subtotal_cents, "
        "o.discount_cents, o.tax_cents, o.total_cents, COALESCE(r.name, ''), "
        "COALESCE(u.first_name || ' ' || u.last_name, '') FROM orders o "
        "LEFT JOIN registers r ON r.id = o.register_id LEFT JOIN users u ON u.id = o.clerk_id WHERE o.id = ?"_s,
        {orderId});
    if (!head)
        return head.error();
    QSqlQuery &order = head.value();
    if (!order.next())
        return notFound();
    const QString currency = order.value(3).toString();
    data.kind = ReceiptData::Kind::Sale;
    data.orderId = orderId;
    data.orderNumber = order.value(0).toString();
    data.receiptNumber = order.value(1).toLongLong();
    data.time = order.value(2).toDateTime();
    data.subtotal = Money(order.value(4).toLongLong(), currency);
    data.discount = Money(order.value(5).toLongLong(), currency);
    data.tax = Money(order.value(6).toLongLong(), currency);
    data.total = Money(order.value(7).toLongLong(), currency);
    data.registerName = order.value(8).toString();
    data.clerkName = order.value(9).toString().trimmed();

    Result<QSqlQuery> items = connection.exec(
        u"SELECT i.name, COALESCE(v.options, '{}'), i.sku, i.quantity, i.unit_price_cents, i.subtotal_cents, "
        "i.discount_cents, i.discount_reason, i.total_cents, i.tax_rate_bp, i.tax_cents FROM order_items i "
        "LEFT JOIN product_variants v ON v.id = i.variant_id WHERE i.order_id = ? ORDER BY i.id"_s,
        {orderId});
    if (!items)
        return items.error();
    QMap<int, ReceiptTax> taxes;
    while (items.value().next()) {
        const QSqlQuery &item = items.value();
        ReceiptLine line;
        line.name = item.value(0).toString();
        line.options = optionsText(item.value(1).toString());
        line.sku = item.value(2).toString();
        line.quantity = item.value(3).toLongLong();
        line.unitPrice = Money(item.value(4).toLongLong(), currency);
        line.subtotal = Money(item.value(5).toLongLong(), currency);
        line.discount = Money(item.value(6).toLongLong(), currency);
        line.discountReason = item.value(7).toString();
        line.total = Money(item.value(8).toLongLong(), currency);
        addTax(taxes, item.value(9).toInt(), line.subtotal - line.discount, Money(item.value(10).toLongLong(), currency));
        data.lines.append(line);
    }
    data.taxes = taxes.values();

    Result<QSqlQuery> payments = connection.exec(
        u"SELECT tender, amount_cents, tendered_cents, change_cents, card_brand, card_last4 FROM payments "
        "WHERE order_id = ? AND status IN ('completed', 'refunded') ORDER BY id"_s,
        {orderId});
    if (!payments)
        return payments.error();
    data.change = Money::zero(currency);
    while (payments.value().next()) {
        const QSqlQuery &p = payments.value();
        ReceiptTender tender;
        tender.tender = p.value(0).toString();
        tender.title = tenderTitleOf(tender.tender);
        tender.amount = Money(p.value(1).toLongLong(), currency);
        if (!p.value(2).isNull())
            tender.tendered = Money(p.value(2).toLongLong(), currency);
        tender.cardBrand = p.value(4).toString();
        tender.cardLast4 = p.value(5).toString();
        data.change += Money(p.value(3).toLongLong(), currency);
        data.paidInCash = data.paidInCash || tender.tender == tenderName(Tender::Cash);
        data.tenders.append(tender);
    }
    return data;
}

Result<ReceiptData> ReceiptService::refundReceiptInTransaction(Connection &connection, const QList<qint64> &refundIds)
{
    if (refundIds.isEmpty())
        return notFound();
    ReceiptData data;
    if (Status ok = loadShop(connection, data); !ok)
        return ok.error();
    data.kind = ReceiptData::Kind::Refund;
    QString currency;
    for (qint64 refundId : refundIds) {
        Result<QSqlQuery> head = connection.exec(
            u"SELECT f.order_id, o.order_number, COALESCE(o.receipt_number, 0), f.created_at, f.currency, f.tender, "
            "f.amount_cents, f.tax_cents, f.reason, COALESCE(p.card_brand, ''), COALESCE(p.card_last4, ''), "
            "COALESCE(r.name, ''), COALESCE(u.first_name || ' ' || u.last_name, '') FROM refunds f "
            "JOIN orders o ON o.id = f.order_id LEFT JOIN payments p ON p.id = f.payment_id "
            "LEFT JOIN shifts s ON s.id = f.shift_id LEFT JOIN registers r ON r.id = COALESCE(s.register_id, "
            "o.register_id) LEFT JOIN users u ON u.id = f.user_id WHERE f.id = ?"_s,
            {refundId});
        if (!head)
            return head.error();
        QSqlQuery &refund = head.value();
        if (!refund.next())
            return notFound();
        if (data.refundId == 0) {
            currency = refund.value(4).toString();
            data.refundId = refundId;
            data.orderId = refund.value(0).toLongLong();
            data.orderNumber = refund.value(1).toString();
            data.receiptNumber = refund.value(2).toLongLong();
            data.time = refund.value(3).toDateTime();
            data.reason = refund.value(8).toString();
            data.registerName = refund.value(11).toString();
            data.clerkName = refund.value(12).toString().trimmed();
            data.total = Money::zero(currency);
            data.tax = Money::zero(currency);
            data.change = Money::zero(currency);
        } else if (refund.value(0).toLongLong() != data.orderId) {
            return Error::make(ErrorCode::InvalidInput,
                               QCoreApplication::translate("ReceiptService", "A refund receipt shows the refunds of "
                                                                             "one sale only."));
        }
        ReceiptTender tender;
        tender.tender = refund.value(5).toString();
        tender.title = tenderTitleOf(tender.tender);
        tender.amount = Money(refund.value(6).toLongLong(), currency);
        tender.cardBrand = refund.value(9).toString();
        tender.cardLast4 = refund.value(10).toString();
        data.paidInCash = data.paidInCash || tender.tender == tenderName(Tender::Cash);
        data.total += tender.amount;
        data.tax += Money(refund.value(7).toLongLong(), currency);
        data.tenders.append(tender);
    }

    QMap<int, ReceiptTax> taxes;
    for (qint64 refundId : refundIds) {
        Result<QSqlQuery> lines = connection.exec(
            u"SELECT i.name, COALESCE(v.options, '{}'), i.sku, l.quantity, i.unit_price_cents, l.amount_cents, "
            "l.tax_cents, i.tax_rate_bp FROM refund_lines l JOIN order_items i ON i.id = l.order_item_id "
            "LEFT JOIN product_variants v ON v.id = i.variant_id WHERE l.refund_id = ? ORDER BY l.id"_s,
            {refundId});
        if (!lines)
            return lines.error();
        while (lines.value().next()) {
            const QSqlQuery &row = lines.value();
            ReceiptLine line;
            line.name = row.value(0).toString();
            line.options = optionsText(row.value(1).toString());
            line.sku = row.value(2).toString();
            line.quantity = row.value(3).toLongLong();
            line.unitPrice = Money(row.value(4).toLongLong(), currency);
            const Money amount(row.value(5).toLongLong(), currency);
            const Money tax(row.value(6).toLongLong(), currency);
            // What comes back for the line, before tax; the tax is listed per rate below.
            line.subtotal = amount - tax;
            line.discount = Money::zero(currency);
            line.total = amount;
            addTax(taxes, row.value(7).toInt(), amount - tax, tax);
            data.lines.append(line);
        }
    }
    data.taxes = taxes.values();
    data.subtotal = data.total - data.tax;
    data.discount = Money::zero(currency);
    return data;
}

} // namespace sk
