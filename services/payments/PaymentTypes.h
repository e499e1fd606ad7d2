#pragma once

#include "core/Money.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace sk {

enum class Tender { Cash, Card, GiftCard, Other };
// The original platform's payment statuses plus Voided (taken for a cart
// whose sale was then abandoned and given back before any order existed).
enum class PaymentStatus { Pending, Completed, Failed, Refunded, Voided };

QString tenderName(Tender tender);                 // stable identifier: "cash", "card", ...
std::optional<Tender> tenderFromName(const QString &name);
QString tenderTitle(Tender tender);                // translated, for screens and receipts
QString paymentStatusName(PaymentStatus status);   // "pending", "completed", ...
std::optional<PaymentStatus> paymentStatusFromName(const QString &name);

// A row of `payments`. Card data is limited to brand, last four digits and
// the gateway's reference.
struct Payment {
    qint64 id = 0;
    std::optional<qint64> orderId;
    std::optional<qint64> cartId;
    std::optional<qint64> registerId;
    std::optional<qint64> shiftId;
    Tender tender = Tender::Cash;
    PaymentStatus status = PaymentStatus::Pending;
    Money amount;                       // applied to the sale
    std::optional<Money> tendered;      // cash handed over
    Money change;                       // cash given back
    Money refunded;
    QString idempotencyKey;
    QString gatewayReference;
    QString cardBrand;
    QString cardLast4;
    QString failureMessage;
    int attempts = 0;
    QDateTime createdAt;
    QDateTime processedAt;
};

// What the gateway said about a payment or a refund.
enum class GatewayOutcome {
    Approved,      // payment approved / refund succeeded
    Declined,      // the card or the refund was refused: final
    Pending,       // still being processed: ask again
    NotFound,      // lookup: the gateway never received this key
};

struct GatewayPayment {
    GatewayOutcome outcome = GatewayOutcome::Pending;
    QString reference;          // the gateway's id
    Money amount;
    QString cardBrand;
    QString cardLast4;
    QString declineReason;      // the gateway's words, shown to the clerk
};

} // namespace sk
