#include "receipts/ReceiptData.h"

#include <QCoreApplication>
#include <QVariantList>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Zero amounts are empty, so that a template's {{#discount}} section only
// shows when there is one.
QString amountOrEmpty(const Money &amount, const QLocale &locale)
{
    return amount.isValid() && !amount.isZero() ? amount.toString(locale) : QString();
}

QString rateText(int basisPoints, const QLocale &locale)
{
    const int whole = basisPoints / 100;
    const int fraction = basisPoints % 100;
    if (fraction == 0)
        return locale.toString(whole) + u" %"_s;
    return locale.toString(basisPoints / 100.0, 'f', fraction % 10 == 0 ? 1 : 2) + u" %"_s;
}

} // namespace

QVariantMap ReceiptData::toContext(const QLocale &locale) const
{
    QVariantMap context;
    const bool refund = kind == Kind::Refund;
    context.insert(u"title"_s, refund ? QCoreApplication::translate("Receipt", "REFUND")
                                      : QCoreApplication::translate("Receipt", "RECEIPT"));
    context.insert(u"refund"_s, refund ? u"1"_s : QString());
    context.insert(u"shop.name"_s, shopName);
    context.insert(u"shop.address"_s, shopAddress);
    context.insert(u"shop.phone"_s, shopPhone);
    context.insert(u"footer"_s, footer);
    context.insert(u"order.number"_s, orderNumber);
    context.insert(u"receipt.number"_s, orderNumber);
    context.insert(u"register.name"_s, registerName);
    context.insert(u"clerk.name"_s, clerkName);
    context.insert(u"time"_s, locale.toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm"_s));
    context.insert(u"reason"_s, reason);
    context.insert(u"reprint"_s, reprint ? QCoreApplication::translate("Receipt", "REPRINT") : QString());

    context.insert(u"label.receipt"_s, QCoreApplication::translate("Receipt", "Receipt"));
    context.insert(u"label.register"_s, QCoreApplication::translate("Receipt", "Register"));
    context.insert(u"label.clerk"_s, QCoreApplication::translate("Receipt", "Clerk"));
    context.insert(u"label.subtotal"_s, QCoreApplication::translate("Receipt", "Subtotal"));
    context.insert(u"label.discount"_s, QCoreApplication::translate("Receipt", "Discount"));
    context.insert(u"label.discounts"_s, QCoreApplication::translate("Receipt", "Discounts"));
    context.insert(u"label.tax"_s, QCoreApplication::translate("Receipt", "Tax"));
    context.insert(u"label.on"_s, QCoreApplication::translate("Receipt", "on"));
    context.insert(u"label.total"_s, refund ? QCoreApplication::translate("Receipt", "REFUNDED")
                                            : QCoreApplication::translate("Receipt", "TOTAL"));
    context.insert(u"label.change"_s, QCoreApplication::translate("Receipt", "Change"));
    context.insert(u"label.tendered"_s, QCoreApplication::translate("Receipt", "Tendered"));
    context.insert(u"label.reason"_s, QCoreApplication::translate("Receipt", "Reason"));

    QVariantList lineList;
    for (const ReceiptLine &line : lines) {
        QVariantMap item;
        item.insert(u"name"_s, line.name);
        item.insert(u"options"_s, line.options);
        item.insert(u"sku"_s, line.sku);
        item.insert(u"quantity"_s, locale.toString(line.quantity));
        item.insert(u"unit_price"_s, line.unitPrice.toString(locale));
        item.insert(u"subtotal"_s, line.subtotal.toString(locale));
        item.insert(u"discount"_s, amountOrEmpty(line.discount, locale));
        item.insert(u"discount_reason"_s, line.discountReason);
        item.insert(u"total"_s, line.total.toString(locale));
        lineList.append(item);
    }
    context.insert(u"lines"_s, lineList);

    QVariantList taxList;
    for (const ReceiptTax &tax : taxes)
        taxList.append(QVariantMap{{u"rate"_s, rateText(tax.rateBasisPoints, locale)},
                                   {u"base"_s, tax.base.toString(locale)},
                                   {u"amount"_s, tax.amount.toString(locale)}});
    context.insert(u"taxes"_s, taxList);

    QVariantList tenderList;
    for (const ReceiptTender &tender : tenders) {
        QString card;
        if (!tender.cardLast4.isEmpty())
            card = (tender.cardBrand.isEmpty() ? QString() : tender.cardBrand + u' ') + u"****"_s + tender.cardLast4;
        tenderList.append(QVariantMap{{u"title"_s, tender.title},
                                      {u"amount"_s, tender.amount.toString(locale)},
                                      {u"tendered"_s, tender.tendered ? tender.tendered->toString(locale) : QString()},
                                      {u"card"_s, card}});
    }
    context.insert(u"tenders"_s, tenderList);

    context.insert(u"subtotal"_s, subtotal.isValid() ? subtotal.toString(locale) : QString());
    context.insert(u"discount"_s, amountOrEmpty(discount, locale));
    context.insert(u"tax"_s, tax.isValid() ? tax.toString(locale) : QString());
    context.insert(u"total"_s, total.isValid() ? total.toString(locale) : QString());
    context.insert(u"change"_s, amountOrEmpty(change, locale));
    return context;
}

} // namespace sk
