#pragma once

#include "core/Money.h"

#include <QDateTime>
#include <QList>
#include <QLocale>
#include <QString>
#include <QVariantMap>
#include <optional>

namespace sk {

// One line of a receipt: what was sold (or given back), as it was priced then.
struct ReceiptLine {
    QString name;
    QString options;            // "M / Blue", "" without options
    QString sku;
    qint64 quantity = 0;
    Money unitPrice;
    Money subtotal;             // unit price x quantity
    Money discount;             // the line's own discount plus its share of the cart's
    QString discountReason;
    Money total;                // subtotal - discount + tax
};

// The tax of one rate: what it was charged on and how much.
struct ReceiptTax {
    int rateBasisPoints = 0;
    Money base;
    Money amount;
};

struct ReceiptTender {
    QString tender;             // "cash", "card", ...
    QString title;              // translated: "Cash", "Card"
    Money amount;
    std::optional<Money> tendered;
    QString cardBrand;
    QString cardLast4;
};

// Everything a sale or refund receipt shows, read once from the database so
// that rendering (text, HTML, ESC/POS) never touches it. A reprint reads the
// same rows, so it shows what the first print showed.
struct ReceiptData {
    enum class Kind { Sale, Refund };
    Kind kind = Kind::Sale;

    QString shopName;
    QString shopAddress;        // may hold several lines
    QString shopPhone;
    QString footer;

    qint64 orderId = 0;
    qint64 refundId = 0;        // Refund only
    QString orderNumber;        // "R1-000042": also the receipt's barcode text
    qint64 receiptNumber = 0;
    QString registerName;
    QString clerkName;
    QDateTime time;
    QString reason;             // Refund only
    bool reprint = false;       // printed again later: marked, and the drawer stays shut

    QList<ReceiptLine> lines;
    Money subtotal;
    Money discount;
    QList<ReceiptTax> taxes;
    Money tax;
    Money total;
    QList<ReceiptTender> tenders;
    Money change;
    bool paidInCash = false;    // any cash tender: the drawer opens

    // Flat placeholders and lists for ReceiptTemplate, formatted in locale
    // (docs/receipts.md lists the names).
    QVariantMap toContext(const QLocale &locale = QLocale()) const;
};

} // namespace sk
