#include "CheckoutRawTwin.h"

#include "CheckoutRawStatements.h"

#include "audit/AuditLog.h"
#include "db/ChangeLog.h"
#include "inventory/StockLevelWriter.h"
#include "orders/OrderEvents.h"
#include "payments/PaymentService.h"
#include "recommendations/RecommendationLedger.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr qint64 kBasisPoints = 10000;
constexpr int kDefaultTaxRateBasisPoints = 800;
constexpr int kReducedTaxRateBasisPoints = 500;

void fail(const QString &message)
{
    std::fprintf(stderr, "storekeeper-bench checkout: %s\n", qPrintable(message));
}

QByteArray utf8(const QString &text)
{
    return text.toUtf8();
}

QByteArray columnText(sqlite3_stmt *statement, int column)
{
    return QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(statement, column)),
                      sqlite3_column_bytes(statement, column));
}

// Bound as the Qt driver binds a QDateTime, so both paths store the same text.
QByteArray timestamp(const QDateTime &at)
{
    return at.toString(Qt::ISODateWithMs).toUtf8();
}

// A cart line as the services read it to price the cart.
struct RawLine {
    qint64 id = 0;
    qint64 productId = 0;
    qint64 variantId = 0;
    qint64 vendorId = 0;     // 0: the shop's own
    qint64 quantity = 0;
    qint64 unitPriceCents = 0;
    qint64 listPriceCents = 0;
    qint64 available = 0;
    QByteArray sku;
    QByteArray name;
    QByteArray taxClass;
    QByteArray options;      // JSON, as stored
    // Priced:
    int taxRate = 0;
    qint64 subtotal = 0;
    qint64 tax = 0;
    qint64 total = 0;
};

struct RawCart {
    qint64 id = 0;
    QList<RawLine> lines;
    qint64 subtotal = 0;
    qint64 tax = 0;
    qint64 total = 0;
    qint64 paid = 0;
    QByteArray currency;
    qint64 due() const { return std::max<qint64>(0, total - paid); }
};


struct PricingRow {
    QByteArray currency = "USD";
    int standardRate = kDefaultTaxRateBasisPoints;
    QMap<QByteArray, int> classRates{{"reduced", kReducedTaxRateBasisPoints}, {"zero", 0}};
};

// SalesSettings::loadInTransaction's statement, read on every cart read as
// the services do (so a price never rests on a stale copy).
bool readPricing(RawStatements &db, PricingRow &pricing)
{
    pricing = PricingRow();
    return db.run("SELECT key, value FROM settings WHERE key IN (?, ?, ?, ?, ?) OR key LIKE 'tax.class.%'",
                  {QByteArray("shop.currency"), QByteArray("tax.default_rate_bp"),
                   QByteArray("register.max_line_discount_bp"), QByteArray("register.max_cart_discount_bp"),
                   QByteArray("register.max_price_reduction_bp")},
                  [&pricing](sqlite3_stmt *row) {
                      const QByteArray key = columnText(row, 0);
                      const QByteArray value = columnText(row, 1).trimmed();
                      if (key == "shop.currency" && !value.isEmpty())
                          pricing.currency = value;
                      else if (key == "tax.default_rate_bp")
                          pricing.standardRate = value.toInt();
                      else if (key.startsWith("tax.class.") && key.endsWith("_bp"))
                          pricing.classRates.insert(key.mid(10, key.size() - 13), value.toInt());
                  });
}

// Half away from zero, as Money::percentOf; amounts here are never negative.
qint64 percentOf(qint64 amount, int rateBasisPoints)
{
    return (amount * rateBasisPoints + kBasisPoints / 2) / kBasisPoints;
}

// CartService::loadInTransaction: the cart's head, the pricing settings,
// its lines with their stock, the payments taken; then the lines priced.
bool readCart(RawStatements &db, qint64 cartId, RawCart &cart)
{
    cart = RawCart();
    qint64 locationId = 0;
    bool found = false;
    if (!db.run("SELECT c.id, c.register_id, c.owner_user_id, c.customer_id, c.status, c.label, c.discount_kind, "
                "c.discount_value, c.discount_reason, c.discount_approved_by, c.version, c.updated_at, c.parked_at, "
                "r.location_id, u.first_name, u.last_name "
                "FROM carts c LEFT JOIN registers r ON r.id = c.register_id LEFT JOIN users u ON u.id = c.customer_id "
                "WHERE c.id = ?",
                {cartId}, [&](sqlite3_stmt *row) {
                    found = true;
                    cart.id = sqlite3_column_int64(row, 0);
                    locationId = sqlite3_column_int64(row, 13);
                }))
        return false;
    if (!found) {
        fail(u"the raw twin's cart %1 is gone."_s.arg(cartId));
        return false;
    }
    PricingRow pricing;
    if (!readPricing(db, pricing))
        return false;
    if (!db.run("SELECT ci.id, ci.product_id, ci.variant_id, p.vendor_id, v.sku, v.barcode, p.name, v.options, "
                "ci.quantity, ci.unit_price_cents, ci.override_price_cents, ci.override_reason, ci.discount_kind, "
                "ci.discount_value, ci.discount_reason, ci.approved_by, p.tax_class, "
                "COALESCE(sl.on_hand - sl.reserved, 0), p.status, v.is_active, ci.position "
                "FROM cart_items ci JOIN products p ON p.id = ci.product_id "
                "JOIN product_variants v ON v.id = ci.variant_id "
                "LEFT JOIN stock_levels sl ON sl.variant_id = ci.variant_id AND sl.location_id = ? "
                "WHERE ci.cart_id = ? ORDER BY ci.position, ci.id",
                {locationId, cartId}, [&](sqlite3_stmt *row) {
                    RawLine line;
                    line.id = sqlite3_column_int64(row, 0);
                    line.productId = sqlite3_column_int64(row, 1);
                    line.variantId = sqlite3_column_int64(row, 2);
                    line.vendorId = sqlite3_column_int64(row, 3);
                    line.sku = columnText(row, 4);
                    line.name = columnText(row, 6);
                    line.options = columnText(row, 7);
                    line.quantity = sqlite3_column_int64(row, 8);
                    line.unitPriceCents = sqlite3_column_int64(row, 9);
                    line.taxClass = columnText(row, 16);
                    line.available = sqlite3_column_int64(row, 17);
                    cart.lines.append(line);
                }))
        return false;
    for (RawLine &line : cart.lines) {
        line.taxRate = pricing.classRates.value(line.taxClass.trimmed().toLower(), pricing.standardRate);
        line.subtotal = line.unitPriceCents * line.quantity;
        line.tax = percentOf(line.subtotal, line.taxRate);
        line.total = line.subtotal + line.tax;
        cart.subtotal += line.subtotal;
        cart.tax += line.tax;
        cart.total += line.total;
    }
    cart.currency = pricing.currency;
    return db.run("SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE cart_id = ? AND status = 'completed'",
                  {cartId}, [&cart](sqlite3_stmt *row) { cart.paid = sqlite3_column_int64(row, 0); });
}

// Runs `work` in one write transaction, as Database::write does.
template<typename Work>
bool inTransaction(RawStatements &db, Work &&work)
{
    if (!db.exec("BEGIN IMMEDIATE"))
        return false;
    if (!work()) {
        db.exec("ROLLBACK");
        return false;
    }
    return db.exec("COMMIT");
}

// CartService::current: the register's open cart, made when there is none.
bool currentCart(RawStatements &db, const Session &clerk, qint64 registerId, RawCart &cart)
{
    return inTransaction(db, [&] {
        bool active = false;
        qint64 cartId = 0;
        if (!db.run("SELECT is_active FROM registers WHERE id = ?", {registerId},
                    [&active](sqlite3_stmt *row) { active = sqlite3_column_int64(row, 0) != 0; })
            || !db.run("SELECT MIN(id) FROM carts WHERE register_id = ? AND status = 'open'", {registerId},
                       [&cartId](sqlite3_stmt *row) { cartId = sqlite3_column_int64(row, 0); }))
            return false;
        if (!active) {
            fail(u"the raw twin's register %1 is switched off."_s.arg(registerId));
            return false;
        }
        if (cartId == 0) {
            const QByteArray now = timestamp(QDateTime::currentDateTimeUtc());
            if (!db.run("INSERT INTO carts (register_id, status, created_by, created_at, updated_at) "
                        "VALUES (?, 'open', ?, ?, ?) RETURNING id",
                        {registerId, clerk.userId, now, now},
                        [&cartId](sqlite3_stmt *row) { cartId = sqlite3_column_int64(row, 0); }))
                return false;
        }
        return readCart(db, cartId, cart);
    });
}

// CartService::addVariant: the cart row locked by its version bump, checked
// open and unpaid, the item's price and stock read, the line added, the
// cart re-read and priced.
bool addVariant(RawStatements &db, RawCart &cart, qint64 variantId, qint64 quantity)
{
    return inTransaction(db, [&] {
        const qint64 cartId = cart.id;
        qint64 registerId = 0;
        QByteArray status;
        qint64 payments = 0;
        qint64 locationId = 0;
        if (!db.run("UPDATE carts SET version = version + 1, updated_at = ? WHERE id = ?",
                    {timestamp(QDateTime::currentDateTimeUtc()), cartId})
            || !db.run("SELECT id, register_id, status FROM carts WHERE id = ?", {cartId},
                       [&](sqlite3_stmt *row) {
                           registerId = sqlite3_column_int64(row, 1);
                           status = columnText(row, 2);
                       })
            || !db.run("SELECT COUNT(*) FROM payments WHERE cart_id = ? AND status = 'completed'", {cartId},
                       [&payments](sqlite3_stmt *row) { payments = sqlite3_column_int64(row, 0); })
            || !db.run("SELECT location_id FROM registers WHERE id = ?", {registerId},
                       [&locationId](sqlite3_stmt *row) { locationId = sqlite3_column_int64(row, 0); }))
            return false;
        if (status != "open" || payments != 0) {
            fail(u"the raw twin's cart %1 is %2 with %3 payments."_s.arg(cartId).arg(QString::fromUtf8(status)).arg(payments));
            return false;
        }
        qint64 productId = 0;
        qint64 priceCents = 0;
        qint64 available = 0;
        bool forSale = false;
        if (!db.run("SELECT v.product_id, p.name, v.sku, p.status, v.is_active, v.price_cents, "
                    "COALESCE((SELECT sl.on_hand - sl.reserved FROM stock_levels sl WHERE sl.variant_id = v.id "
                    "AND sl.location_id = ?), 0) "
                    "FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id = ?",
                    {locationId, variantId}, [&](sqlite3_stmt *row) {
                        productId = sqlite3_column_int64(row, 0);
                        forSale = columnText(row, 3) == "active" && sqlite3_column_int64(row, 4) != 0;
                        priceCents = sqlite3_column_int64(row, 5);
                        available = sqlite3_column_int64(row, 6);
                    }))
            return false;
        qint64 lineId = 0;
        qint64 wanted = quantity;
        if (!db.run("SELECT id, quantity FROM cart_items WHERE cart_id = ? AND variant_id = ?", {cartId, variantId},
                    [&](sqlite3_stmt *row) {
                        lineId = sqlite3_column_int64(row, 0);
                        wanted += sqlite3_column_int64(row, 1);
                    }))
            return false;
        if (!forSale || available < wanted) {
            fail(u"the raw twin cannot sell %1 of variant %2: %3 available."_s.arg(wanted).arg(variantId).arg(available));
            return false;
        }
        const bool changed =
            lineId > 0 ? db.run("UPDATE cart_items SET quantity = ? WHERE id = ?", {wanted, lineId})
                       : db.run("INSERT INTO cart_items (cart_id, product_id, variant_id, quantity, unit_price_cents, "
                                "position, added_at) VALUES (?, ?, ?, ?, ?, "
                                "(SELECT COALESCE(MAX(position), 0) + 1 FROM cart_items WHERE cart_id = ?), ?) "
                                "RETURNING id",
                                {cartId, productId, variantId, wanted, priceCents, cartId,
                                 timestamp(QDateTime::currentDateTimeUtc())},
                                [&lineId](sqlite3_stmt *row) { lineId = sqlite3_column_int64(row, 0); });
        return changed && readCart(db, cartId, cart);
    });
}

// The columns PaymentService reads back for a payment.
constexpr const char *kPaymentById =
    "SELECT id, order_id, cart_id, register_id, shift_id, tender, status, currency, amount_cents, tendered_cents, "
    "change_cents, refunded_cents, idempotency_key, gateway_reference, card_brand, card_last4, failure_message, "
    "attempts, created_at, processed_at FROM payments WHERE id = ?";

// Reads every column of every row, as the services do when they build a
// Payment from it.
void readAllColumns(sqlite3_stmt *row)
{
    for (int column = 0; column < sqlite3_column_count(row); ++column)
        sqlite3_column_text(row, column);
}

// PaymentService::addCash for exactly what is due: the cart re-read and
// priced, the pricing settings again, the cart's payments, the open shift,
// the payment row and the payment read back.
bool addCash(RawStatements &db, const Session &clerk, const Till &till, RawCart &cart)
{
    return inTransaction(db, [&] {
        PricingRow pricing;
        qint64 taken = 0;
        qint64 shiftId = 0;
        if (!readCart(db, cart.id, cart) || !readPricing(db, pricing)
            || !db.run("SELECT id, order_id, cart_id, register_id, shift_id, tender, status, currency, amount_cents, "
                       "tendered_cents, change_cents, refunded_cents, idempotency_key, gateway_reference, card_brand, "
                       "card_last4, failure_message, attempts, created_at, processed_at "
                       "FROM payments WHERE cart_id = ? ORDER BY id",
                       {cart.id},
                       [&taken](sqlite3_stmt *row) {
                           readAllColumns(row);
                           const QByteArray status = columnText(row, 6);
                           if (status == "completed" || status == "pending")
                               taken += sqlite3_column_int64(row, 8);
                       })
            || !db.run("SELECT id FROM shifts WHERE register_id = ? AND status = 'open'", {till.registerId},
                       [&shiftId](sqlite3_stmt *row) { shiftId = sqlite3_column_int64(row, 0); }))
            return false;
        const qint64 due = std::max<qint64>(0, cart.total - taken);
        if (due == 0) {
            fail(u"the raw twin's cart %1 has nothing due."_s.arg(cart.id));
            return false;
        }
        const QByteArray now = timestamp(QDateTime::currentDateTimeUtc());
        qint64 paymentId = 0;
        if (!db.run("INSERT INTO payments (cart_id, register_id, shift_id, user_id, tender, status, currency, "
                    "amount_cents, tendered_cents, change_cents, idempotency_key, created_at, processed_at) "
                    "VALUES (?, ?, ?, ?, 'cash', 'completed', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    {cart.id, till.registerId, shiftId, clerk.userId, cart.currency, due, due, qint64(0),
                     utf8(PaymentService::newIdempotencyKey()), now, now},
                    [&paymentId](sqlite3_stmt *row) { paymentId = sqlite3_column_int64(row, 0); }))
            return false;
        return db.run(kPaymentById, {paymentId}, readAllColumns);
    });
}

QByteArray decimal(qint64 cents)
{
    return QByteArray::number(cents / 100) + '.' + QByteArray::number(cents % 100).rightJustified(2, '0');
}

// The ledger's sale of one line: the conditional UPDATE that cannot take
// stock below what is available, then the movement with the on hand it
// returned. Returns the stock level's id, 0 after printing why.
qint64 takeStock(RawStatements &db, const Session &clerk, qint64 locationId, const RawLine &line, qint64 orderId,
                 const QByteArray &now)
{
    qint64 levelId = 0;
    qint64 onHand = 0;
    qint64 available = 0;
    qint64 reorderLevel = 0;
    if (!db.run("UPDATE stock_levels SET on_hand = on_hand - ?, updated_at = ? "
                "WHERE variant_id = ? AND location_id = ? AND on_hand - reserved >= ? "
                "RETURNING id, on_hand, reserved, reorder_level",
                {line.quantity, now, line.variantId, locationId, line.quantity}, [&](sqlite3_stmt *row) {
                    levelId = sqlite3_column_int64(row, 0);
                    onHand = sqlite3_column_int64(row, 1);
                    available = onHand - sqlite3_column_int64(row, 2);
                    reorderLevel = sqlite3_column_int64(row, 3);
                }))
        return 0;
    if (levelId == 0) {
        fail(u"the raw twin found too little stock of variant %1."_s.arg(line.variantId));
        return 0;
    }
    // The scenario stocks far above the reorder level, so the ledger's
    // low-stock alert is never due; a run that crossed it would compare
    // different work.
    if (available + line.quantity > reorderLevel && available <= reorderLevel) {
        fail(u"the raw twin took variant %1 down to its reorder level; stock the scenario more."_s.arg(line.variantId));
        return 0;
    }
    if (!db.run("INSERT INTO stock_movements (variant_id, location_id, reason, quantity, on_hand_after, "
                "unit_cost_cents, reference_type, reference_id, note, user_id, created_at) "
                "VALUES (?, ?, 'sale', ?, ?, ?, 'order', ?, '', ?, ?)",
                {line.variantId, locationId, -line.quantity, onHand, nullptr, orderId, clerk.userId, now}))
        return 0;
    return levelId;
}

// ChangeLog::recordInTransaction on SQLite: one change_log row for the
// levels touched, and now and then a bounded prune of old rows.
bool recordChanges(RawStatements &db, QList<qint64> levelIds)
{
    std::sort(levelIds.begin(), levelIds.end());
    levelIds.erase(std::unique(levelIds.begin(), levelIds.end()), levelIds.end());
    QByteArray ids;
    for (qint64 id : std::as_const(levelIds))
        ids += (ids.isEmpty() ? QByteArray() : QByteArray(",")) + QByteArray::number(id);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 changeId = 0;
    if (!db.run("INSERT INTO change_log (topic, ids, at) VALUES (?, ?, ?) RETURNING id",
                {QByteArray("stock_levels"), ids, timestamp(now)},
                [&changeId](sqlite3_stmt *row) { changeId = sqlite3_column_int64(row, 0); }))
        return false;
    if (changeId % ChangeLog::kPruneEvery != 0)
        return true;
    return db.run("DELETE FROM change_log WHERE id IN (SELECT id FROM change_log WHERE at < ? ORDER BY at LIMIT ?)",
                  {timestamp(now.addSecs(-ChangeLog::kRetentionSeconds)), qint64(ChangeLog::kPruneBatch)});
}

// AuditLog::appendInTransaction: the chain's last row, then the new row
// with its hash.
bool appendAudit(RawStatements &db, const Session &clerk, const QString &subject, const QJsonObject &details)
{
    qint64 previousId = 0;
    QString previousHash = QString::fromUtf16(AuditLog::GenesisHash);
    if (!db.run("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", {}, [&](sqlite3_stmt *row) {
            previousId = sqlite3_column_int64(row, 0);
            previousHash = QString::fromUtf8(columnText(row, 1));
        }))
        return false;
    const qint64 id = previousId + 1;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    const QString action = u"sale.completed"_s;
    const QString detailsText = QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
    const QString hash =
        AuditLog::rowHash(previousHash, id, at, clerk.userId, clerk.email, action, subject, detailsText);
    return db.run("INSERT INTO audit_log (id, at, actor_id, actor_email, action, subject, details, prev_hash, hash) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {id, timestamp(at), clerk.userId, utf8(clerk.email), utf8(action), utf8(subject), utf8(detailsText),
                   utf8(previousHash), utf8(hash)});
}

// OrderEvents::salePlacedInTransaction: the business day and the lines'
// categories stamped, then ReportLedger::addSaleInTransaction's upserts.
const char *const kReportUpserts[] = {
    "INSERT INTO report_day (day, channel, orders, units, subtotal_cents, discount_cents, tax_cents, "
    "shipping_cents, total_cents) SELECT o.business_day, o.channel, 1, (SELECT "
    "COALESCE(SUM(i.quantity), 0) FROM order_items i WHERE i.order_id = o.id), o.subtotal_cents, "
    "o.discount_cents, o.tax_cents, o.shipping_cents, o.total_cents FROM orders o WHERE o.id = ? ON "
    "CONFLICT (day, channel) DO UPDATE SET orders = report_day.orders + excluded.orders, units = "
    "report_day.units + excluded.units, subtotal_cents = report_day.subtotal_cents + "
    "excluded.subtotal_cents, discount_cents = report_day.discount_cents + excluded.discount_cents, "
    "tax_cents = report_day.tax_cents + excluded.tax_cents, shipping_cents = "
    "report_day.shipping_cents + excluded.shipping_cents, total_cents = report_day.total_cents + "
    "excluded.total_cents",
    "INSERT INTO report_category_day (day, category_id, units, net_cents, discount_cents, tax_cents) "
    "SELECT o.business_day, COALESCE(i.category_id, 0), SUM(i.quantity), SUM(i.subtotal_cents - "
    "i.discount_cents), SUM(i.discount_cents), SUM(i.tax_cents) FROM order_items i JOIN orders o ON "
    "o.id = i.order_id WHERE i.order_id = ? GROUP BY o.business_day, COALESCE(i.category_id, 0) "
    "ORDER BY COALESCE(i.category_id, 0) ON CONFLICT (day, category_id) DO UPDATE SET units = "
    "report_category_day.units + excluded.units, net_cents = report_category_day.net_cents + "
    "excluded.net_cents, discount_cents = report_category_day.discount_cents + "
    "excluded.discount_cents, tax_cents = report_category_day.tax_cents + excluded.tax_cents",
    "INSERT INTO report_vendor_day (day, vendor_id, units, net_cents, discount_cents, tax_cents) "
    "SELECT o.business_day, COALESCE(i.vendor_id, 0), SUM(i.quantity), SUM(i.subtotal_cents - "
    "i.discount_cents), SUM(i.discount_cents), SUM(i.tax_cents) FROM order_items i JOIN orders o ON "
    "o.id = i.order_id WHERE i.order_id = ? GROUP BY o.business_day, COALESCE(i.vendor_id, 0) ORDER "
    "BY COALESCE(i.vendor_id, 0) ON CONFLICT (day, vendor_id) DO UPDATE SET units = "
    "report_vendor_day.units + excluded.units, net_cents = report_vendor_day.net_cents + "
    "excluded.net_cents, discount_cents = report_vendor_day.discount_cents + "
    "excluded.discount_cents, tax_cents = report_vendor_day.tax_cents + excluded.tax_cents",
    "INSERT INTO report_product_day (day, product_id, category_id, vendor_id, units, net_cents, "
    "discount_cents, tax_cents) SELECT o.business_day, i.product_id, COALESCE(i.category_id, 0), "
    "COALESCE(i.vendor_id, 0), SUM(i.quantity), SUM(i.subtotal_cents - i.discount_cents), "
    "SUM(i.discount_cents), SUM(i.tax_cents) FROM order_items i JOIN orders o ON o.id = i.order_id "
    "WHERE i.order_id = ? GROUP BY o.business_day, i.product_id, COALESCE(i.category_id, 0), "
    "COALESCE(i.vendor_id, 0) ORDER BY i.product_id, COALESCE(i.category_id, 0), "
    "COALESCE(i.vendor_id, 0) ON CONFLICT (day, product_id, category_id, vendor_id) DO UPDATE SET "
    "units = report_product_day.units + excluded.units, net_cents = report_product_day.net_cents + "
    "excluded.net_cents, discount_cents = report_product_day.discount_cents + "
    "excluded.discount_cents, tax_cents = report_product_day.tax_cents + excluded.tax_cents",
    "INSERT INTO report_product_month (month, product_id, category_id, vendor_id, units, net_cents, "
    "discount_cents, tax_cents) SELECT SUBSTR(o.business_day, 1, 7), i.product_id, "
    "COALESCE(i.category_id, 0), COALESCE(i.vendor_id, 0), SUM(i.quantity), SUM(i.subtotal_cents - "
    "i.discount_cents), SUM(i.discount_cents), SUM(i.tax_cents) FROM order_items i JOIN orders o ON "
    "o.id = i.order_id WHERE i.order_id = ? GROUP BY SUBSTR(o.business_day, 1, 7), i.product_id, "
    "COALESCE(i.category_id, 0), COALESCE(i.vendor_id, 0) ORDER BY i.product_id, "
    "COALESCE(i.category_id, 0), COALESCE(i.vendor_id, 0) ON CONFLICT (month, product_id, category_id, "
    "vendor_id) DO UPDATE SET units = report_product_month.units + excluded.units, net_cents = "
    "report_product_month.net_cents + excluded.net_cents, discount_cents = "
    "report_product_month.discount_cents + excluded.discount_cents, tax_cents = "
    "report_product_month.tax_cents + excluded.tax_cents",
    "INSERT INTO report_clerk_day (day, clerk_id, orders, units, net_cents, discount_cents, "
    "tax_cents, total_cents) SELECT o.business_day, COALESCE(o.clerk_id, 0), 1, (SELECT "
    "COALESCE(SUM(i.quantity), 0) FROM order_items i WHERE i.order_id = o.id), o.subtotal_cents - "
    "o.discount_cents, o.discount_cents, o.tax_cents, o.total_cents FROM orders o WHERE o.id = ? ON "
    "CONFLICT (day, clerk_id) DO UPDATE SET orders = report_clerk_day.orders + excluded.orders, "
    "units = report_clerk_day.units + excluded.units, net_cents = report_clerk_day.net_cents + "
    "excluded.net_cents, discount_cents = report_clerk_day.discount_cents + excluded.discount_cents, "
    "tax_cents = report_clerk_day.tax_cents + excluded.tax_cents, total_cents = "
    "report_clerk_day.total_cents + excluded.total_cents",
    "INSERT INTO report_tender_day (day, tender, payments, amount_cents) SELECT o.business_day, "
    "p.tender, COUNT(*), SUM(p.amount_cents) FROM payments p JOIN orders o ON o.id = p.order_id "
    "WHERE p.order_id = ? AND p.status IN ('completed', 'refunded') GROUP BY o.business_day, "
    "p.tender ORDER BY p.tender ON CONFLICT (day, tender) DO UPDATE SET payments = "
    "report_tender_day.payments + excluded.payments, amount_cents = report_tender_day.amount_cents + "
    "excluded.amount_cents",
};

// RecommendationLedger::addOrderInTransaction: each product's sales, then
// the pairs of the (at most 50) products with the most units, both ways.
bool addRecommendations(RawStatements &db, qint64 orderId)
{
    struct Sold {
        qint64 productId = 0;
        qint64 categoryId = 0;
        qint64 units = 0;
    };
    std::vector<Sold> sold;
    if (!db.run("SELECT oi.product_id, MAX(COALESCE(p.category_id, 0)), SUM(oi.quantity) FROM orders o "
                "JOIN order_items oi ON oi.order_id = o.id LEFT JOIN products p ON p.id = oi.product_id "
                "WHERE o.id = ? AND o.business_day IS NOT NULL GROUP BY oi.product_id ORDER BY oi.product_id",
                {orderId},
                [&sold](sqlite3_stmt *row) {
                    sold.push_back({sqlite3_column_int64(row, 0), sqlite3_column_int64(row, 1),
                                    sqlite3_column_int64(row, 2)});
                }))
        return false;
    for (const Sold &product : sold)
        if (!db.run("INSERT INTO product_sales (product_id, category_id, units, orders) VALUES (?, ?, ?, 1) "
                    "ON CONFLICT (product_id) DO UPDATE SET category_id = excluded.category_id, "
                    "units = product_sales.units + excluded.units, orders = product_sales.orders + 1",
                    {product.productId, product.categoryId, product.units}))
            return false;
    std::stable_sort(sold.begin(), sold.end(), [](const Sold &a, const Sold &b) { return a.units > b.units; });
    std::vector<qint64> paired;
    for (size_t i = 0; i < sold.size() && i < size_t(RecommendationLedger::kMaxPairedProducts); ++i)
        paired.push_back(sold[i].productId);
    std::sort(paired.begin(), paired.end());
    for (qint64 productId : paired)
        for (qint64 otherId : paired)
            if (otherId != productId
                && !db.run("INSERT INTO product_pairs (product_id, other_id, orders) VALUES (?, ?, 1) "
                           "ON CONFLICT (product_id, other_id) DO UPDATE SET orders = product_pairs.orders + 1",
                           {productId, otherId}))
                return false;
    return true;
}

bool placeSale(RawStatements &db, qint64 orderId)
{
    QByteArray created;
    if (!db.run("SELECT created_at FROM orders WHERE id = ?", {orderId},
                [&created](sqlite3_stmt *row) { created = columnText(row, 0); }))
        return false;
    const QDateTime at = QDateTime::fromString(QString::fromUtf8(created), Qt::ISODateWithMs);
    if (!db.run("UPDATE orders SET business_day = ? WHERE id = ? AND business_day IS NULL",
                {utf8(OrderEvents::businessDayText(at)), orderId})
        || !db.run("UPDATE order_items SET category_id = (SELECT p.category_id FROM products p "
                   "WHERE p.id = order_items.product_id) WHERE order_id = ?",
                   {orderId}))
        return false;
    for (const char *upsert : kReportUpserts)
        if (!db.run(upsert, {orderId}))
            return false;
    return addRecommendations(db, orderId);
}

// CheckoutService::completeInTransaction, statement for statement.
bool complete(RawStatements &db, const Session &clerk, const Till &till, RawCart &cart)
{
    return inTransaction(db, [&] {
        const QByteArray now = timestamp(QDateTime::currentDateTimeUtc());
        const qint64 cartId = cart.id;
        if (!db.run("UPDATE carts SET status = 'checked_out', updated_at = ?, version = version + 1 "
                    "WHERE id = ? AND status = 'open' AND register_id IS NOT NULL",
                    {now, cartId}))
            return false;
        if (db.changes() != 1) {
            fail(u"the raw twin's cart %1 is not open."_s.arg(cartId));
            return false;
        }
        if (!readCart(db, cartId, cart))
            return false;
        qint64 shiftId = 0;
        qint64 pending = 0;
        QByteArray code;
        QByteArray name;
        qint64 locationId = 0;
        qint64 receipt = 0;
        if (!db.run("SELECT r.name, s.id FROM registers r LEFT JOIN shifts s ON s.register_id = r.id "
                    "AND s.status = 'open' WHERE r.id = ?",
                    {till.registerId}, [&shiftId](sqlite3_stmt *row) { shiftId = sqlite3_column_int64(row, 1); })
            || !db.run("SELECT COUNT(*) FROM payments WHERE cart_id = ? AND status = 'pending' AND order_id IS NULL",
                       {cartId}, [&pending](sqlite3_stmt *row) { pending = sqlite3_column_int64(row, 0); })
            || !db.run("SELECT code, name, location_id FROM registers WHERE id = ?", {till.registerId},
                       [&](sqlite3_stmt *row) {
                           code = columnText(row, 0);
                           name = columnText(row, 1);
                           locationId = sqlite3_column_int64(row, 2);
                       }))
            return false;
        if (shiftId == 0 || pending != 0 || cart.lines.isEmpty() || cart.paid != cart.total) {
            fail(u"the raw twin's cart %1 cannot be completed (shift %2, %3 pending, paid %4 of %5)."_s.arg(cartId)
                     .arg(shiftId)
                     .arg(pending)
                     .arg(cart.paid)
                     .arg(cart.total));
            return false;
        }
        if (!db.run("UPDATE registers SET next_receipt_number = next_receipt_number + 1 WHERE id = ? "
                    "RETURNING next_receipt_number - 1",
                    {till.registerId}, [&receipt](sqlite3_stmt *row) { receipt = sqlite3_column_int64(row, 0); }))
            return false;
        const QByteArray orderNumber = code + '-' + QByteArray::number(receipt).rightJustified(6, '0');
        qint64 orderId = 0;
        if (!db.run("INSERT INTO orders (order_number, channel, status, customer_id, clerk_id, register_id, shift_id, "
                    "location_id, receipt_number, currency, subtotal_cents, discount_cents, tax_cents, shipping_cents, "
                    "total_cents, paid_cents, discount_reason, created_at, updated_at) "
                    "VALUES (?, 'in_store', 'delivered', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, ?, '', ?, ?) RETURNING id",
                    {orderNumber, nullptr, clerk.userId, till.registerId, shiftId, locationId, receipt, cart.currency,
                     cart.subtotal, cart.tax, cart.total, cart.paid, now, now},
                    [&orderId](sqlite3_stmt *row) { orderId = sqlite3_column_int64(row, 0); })
            || !db.run("INSERT INTO order_status_history (order_id, from_status, to_status, user_id, note, created_at) "
                       "VALUES (?, NULL, 'delivered', ?, ?, ?)",
                       {orderId, clerk.userId, "Sold at " + name + ", paid and handed over.", now}))
            return false;
        for (const RawLine &line : std::as_const(cart.lines)) {
            const QString options = StockLevelWriter::optionsText(QString::fromUtf8(line.options));
            const QByteArray itemName = options.isEmpty() ? line.name : line.name + " (" + utf8(options) + ')';
            if (!db.run("INSERT INTO order_items (order_id, product_id, variant_id, vendor_id, sku, name, quantity, "
                        "list_price_cents, unit_price_cents, subtotal_cents, discount_cents, tax_class, tax_rate_bp, "
                        "tax_cents, total_cents, discount_reason) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, '')",
                        {orderId, line.productId, line.variantId, line.vendorId > 0 ? RawValue(line.vendorId) : RawValue(nullptr),
                         line.sku, itemName, line.quantity, line.unitPriceCents, line.unitPriceCents, line.subtotal,
                         line.taxClass, qint64(line.taxRate), line.tax, line.total}))
                return false;
        }
        qint64 change = 0;
        QList<std::pair<QByteArray, qint64>> tenders;
        if (!db.run("UPDATE payments SET order_id = ?, shift_id = ? "
                    "WHERE cart_id = ? AND status = 'completed' AND order_id IS NULL",
                    {orderId, shiftId, cartId})
            || !db.run("SELECT id, order_id, cart_id, register_id, shift_id, tender, status, amount_cents, "
                       "tendered_cents, change_cents, refunded_cents, idempotency_key, gateway_reference, card_brand, "
                       "card_last4, attempts, created_at, processed_at FROM payments WHERE order_id = ? ORDER BY id",
                       {orderId}, [&](sqlite3_stmt *row) {
                           readAllColumns(row);
                           tenders.append({columnText(row, 5), sqlite3_column_int64(row, 7)});
                           change += sqlite3_column_int64(row, 9);
                       }))
            return false;

        // InventoryLedger::sellInTransaction: the location, then the lines
        // in variant order (the deadlock-free order), then the change record.
        bool locationFound = false;
        if (!db.run("SELECT id, code, name, position, is_active FROM locations WHERE id = ?", {locationId},
                    [&locationFound](sqlite3_stmt *) { locationFound = true; })
            || !locationFound)
            return false;
        QList<RawLine> byVariant = cart.lines;
        std::sort(byVariant.begin(), byVariant.end(),
                  [](const RawLine &a, const RawLine &b) { return a.variantId < b.variantId; });
        QList<qint64> levelIds;
        for (const RawLine &line : std::as_const(byVariant)) {
            const qint64 levelId = takeStock(db, clerk, locationId, line, orderId, now);
            if (levelId == 0)
                return false;
            levelIds.append(levelId);
        }
        if (!recordChanges(db, levelIds) || !db.run("UPDATE carts SET order_id = ? WHERE id = ?", {orderId, cartId}))
            return false;
        if (!placeSale(db, orderId))
            return false;

        // ShiftService: the running totals, then per payment its tender's.
        if (!db.run("UPDATE shifts SET sales_count = sales_count + 1, sales_cents = sales_cents + ?, "
                    "tax_cents = tax_cents + ?, discount_cents = discount_cents + ? "
                    "WHERE id = ? AND status = 'open' AND currency = ?",
                    {cart.total, cart.tax, qint64(0), shiftId, cart.currency}))
            return false;
        QJsonArray tenderDetails;
        for (const auto &[tender, amount] : std::as_const(tenders)) {
            if (!db.run("UPDATE shifts SET sales_count = sales_count WHERE id = ? AND status = 'open' AND currency = ?",
                        {shiftId, cart.currency})
                || !db.run("INSERT INTO shift_tender_totals (shift_id, tender, payments_count, taken_cents, "
                           "refunded_cents) VALUES (?, ?, ?, ?, ?) ON CONFLICT (shift_id, tender) DO UPDATE SET "
                           "payments_count = shift_tender_totals.payments_count + excluded.payments_count, "
                           "taken_cents = shift_tender_totals.taken_cents + excluded.taken_cents, "
                           "refunded_cents = shift_tender_totals.refunded_cents + excluded.refunded_cents",
                           {shiftId, tender, qint64(amount == 0 ? 0 : 1), amount, qint64(0)}))
                return false;
            tenderDetails.append(QJsonObject{{u"tender"_s, QString::fromUtf8(tender)},
                                             {u"amount"_s, QString::fromLatin1(decimal(amount))}});
        }
        const QString currency = QString::fromUtf8(cart.currency);
        return appendAudit(db, clerk, u"order:%1"_s.arg(orderId),
                           {{u"order_number"_s, QString::fromUtf8(orderNumber)},
                            {u"register_id"_s, till.registerId},
                            {u"shift_id"_s, shiftId},
                            {u"cart_id"_s, cartId},
                            {u"lines"_s, cart.lines.size()},
                            {u"total"_s, QString::fromLatin1(decimal(cart.total))},
                            {u"currency"_s, currency},
                            {u"tenders"_s, tenderDetails}});
    });
}

} // namespace

RawCheckout::RawCheckout(const QString &sqlitePath, Session clerk, Till till)
    : m_clerk(std::move(clerk)), m_till(std::move(till)), m_db(std::make_unique<RawStatements>(sqlitePath))
{
}

RawCheckout::~RawCheckout() = default;

bool RawCheckout::isOpen() const
{
    return m_db->isOpen();
}

std::optional<qint64> RawCheckout::sell(const QList<SaleLine> &lines)
{
    RawCart cart;
    if (!currentCart(*m_db, m_clerk, m_till.registerId, cart))
        return std::nullopt;
    for (const SaleLine &line : lines)
        if (!addVariant(*m_db, cart, line.variantId, line.quantity))
            return std::nullopt;
    if (!addCash(*m_db, m_clerk, m_till, cart) || !complete(*m_db, m_clerk, m_till, cart))
        return std::nullopt;
    qint64 units = 0;
    for (const RawLine &line : std::as_const(cart.lines))
        units += line.quantity;
    return units;
}

} // namespace sk::bench
