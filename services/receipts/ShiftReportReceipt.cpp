#include "receipts/ShiftReportReceipt.h"

#include "payments/PaymentTypes.h"
#include "sales/ShiftService.h"

#include <QCoreApplication>
#include <QVariantList>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QString money(const Money &amount, const QLocale &locale)
{
    return amount.isValid() ? amount.toString(locale) : QString();
}

// With a leading minus whatever the locale's pattern ("($0.20)" in en_US),
// as the sale receipt shows discounts.
QString signedMoney(const Money &amount, const QLocale &locale)
{
    if (!amount.isValid())
        return {};
    return amount.isNegative() ? u"-"_s + amount.abs().toString(locale) : amount.toString(locale);
}

// Money that left the till: "-$10.80", and "$0.00" rather than "-$0.00".
QString outgoing(const Money &amount, const QLocale &locale)
{
    return amount.isValid() ? signedMoney(-amount, locale) : QString();
}

QString when(const QDateTime &time, const QLocale &locale)
{
    return time.isValid() ? locale.toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm"_s) : QString();
}

} // namespace

QVariantMap ShiftReportReceipt::context(const ShiftReport &report, const QString &shopName, const QLocale &locale)
{
    QVariantMap context;
    context.insert(u"title"_s, report.closed ? QCoreApplication::translate("Receipt", "Z REPORT")
                                             : QCoreApplication::translate("Receipt", "X REPORT"));
    context.insert(u"shop.name"_s, shopName);
    context.insert(u"shift.id"_s, QString::number(report.shiftId));
    context.insert(u"register.name"_s, report.registerName);
    context.insert(u"opened.at"_s, when(report.openedAt, locale));
    context.insert(u"opened.by"_s, report.openedByName);
    context.insert(u"closed.at"_s, report.closed ? when(report.closedAt, locale) : QString());
    context.insert(u"closed.by"_s, report.closedByName);
    context.insert(u"sales.count"_s, locale.toString(report.salesCount));
    context.insert(u"sales"_s, money(report.sales, locale));
    context.insert(u"tax"_s, money(report.tax, locale));
    context.insert(u"discounts"_s, money(report.discounts, locale));
    context.insert(u"refunds.count"_s, locale.toString(report.refundsCount));
    context.insert(u"refunds"_s, outgoing(report.refunds, locale));
    context.insert(u"refunded.tax"_s, outgoing(report.refundedTax, locale));
    context.insert(u"float"_s, money(report.openingFloat, locale));
    context.insert(u"cash.in"_s, money(report.cashIn, locale));
    context.insert(u"cash.out"_s, outgoing(report.cashOut, locale));
    context.insert(u"expected"_s, money(report.expectedCash, locale));
    context.insert(u"counted"_s, report.countedCash ? money(*report.countedCash, locale) : QString());
    context.insert(u"difference"_s, report.difference ? signedMoney(*report.difference, locale) : QString());
    context.insert(u"note"_s, report.closeNote);

    QVariantList tenders;
    for (const TenderTotals &totals : report.tenders) {
        const std::optional<Tender> tender = tenderFromName(totals.tender);
        tenders.append(QVariantMap{{u"title"_s, tender ? tenderTitle(*tender) : totals.tender},
                                   {u"count"_s, locale.toString(totals.count)},
                                   {u"taken"_s, money(totals.taken, locale)},
                                   {u"refunded"_s, outgoing(totals.refunded, locale)},
                                   {u"net"_s, money(totals.net(), locale)}});
    }
    context.insert(u"tenders"_s, tenders);

    const auto label = [&context](const QString &key, const QString &text) { context.insert(u"label."_s + key, text); };
    label(u"register"_s, QCoreApplication::translate("Receipt", "Register"));
    label(u"opened"_s, QCoreApplication::translate("Receipt", "Opened"));
    label(u"closed"_s, QCoreApplication::translate("Receipt", "Closed"));
    label(u"sales"_s, QCoreApplication::translate("Receipt", "Sales"));
    label(u"tax"_s, QCoreApplication::translate("Receipt", "Tax"));
    label(u"discounts"_s, QCoreApplication::translate("Receipt", "Discounts"));
    label(u"refunds"_s, QCoreApplication::translate("Receipt", "Refunds"));
    label(u"refunded_tax"_s, QCoreApplication::translate("Receipt", "Refunded tax"));
    label(u"taken"_s, QCoreApplication::translate("Receipt", "Taken"));
    label(u"refunded"_s, QCoreApplication::translate("Receipt", "Refunded"));
    label(u"net"_s, QCoreApplication::translate("Receipt", "Net"));
    label(u"float"_s, QCoreApplication::translate("Receipt", "Opening float"));
    label(u"cash_in"_s, QCoreApplication::translate("Receipt", "Cash in"));
    label(u"cash_out"_s, QCoreApplication::translate("Receipt", "Cash out"));
    label(u"expected"_s, QCoreApplication::translate("Receipt", "Expected cash"));
    label(u"counted"_s, QCoreApplication::translate("Receipt", "Counted cash"));
    label(u"difference"_s, QCoreApplication::translate("Receipt", "Difference"));
    return context;
}

} // namespace sk
