#include "sales/ShiftService.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sk {

// The Z report kept in shifts.z_report. Amounts are integers of minor units
// with one currency for the whole report, so reading it back is exact;
// "format" lets a later version read reports this one wrote.
namespace {

constexpr qint64 kReportFormat = 1;

QJsonValue timestamp(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QDateTime readTimestamp(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

std::optional<Money> readMoney(const QJsonObject &object, const QString &key, const QString &currency)
{
    const QJsonValue value = object.value(key);
    if (!value.isDouble())
        return std::nullopt;
    return Money::fromMinorUnits(value.toInteger(), currency);
}

std::optional<qint64> readCount(const QJsonObject &object, const QString &key)
{
    const QJsonValue value = object.value(key);
    if (!value.isDouble() || value.toInteger() < 0)
        return std::nullopt;
    return value.toInteger();
}

} // namespace

QJsonObject ShiftReport::toJson() const
{
    QJsonArray tenderArray;
    for (const TenderTotals &tender : tenders)
        tenderArray.append(QJsonObject{{u"tender"_s, tender.tender},
                                       {u"count"_s, tender.count},
                                       {u"taken_cents"_s, tender.taken.minorUnits()},
                                       {u"refunded_cents"_s, tender.refunded.minorUnits()}});
    QJsonObject object{
        {u"format"_s, kReportFormat},
        {u"shift_id"_s, shiftId},
        {u"register_id"_s, registerId},
        {u"register_name"_s, registerName},
        {u"closed"_s, closed},
        {u"opened_by"_s, openedByName},
        {u"opened_at"_s, timestamp(openedAt)},
        {u"closed_by"_s, closedByName},
        {u"closed_at"_s, timestamp(closedAt)},
        {u"currency"_s, openingFloat.currency()},
        {u"opening_float_cents"_s, openingFloat.minorUnits()},
        {u"sales_count"_s, salesCount},
        {u"sales_cents"_s, sales.minorUnits()},
        {u"tax_cents"_s, tax.minorUnits()},
        {u"discount_cents"_s, discounts.minorUnits()},
        {u"refunds_count"_s, refundsCount},
        {u"refunds_cents"_s, refunds.minorUnits()},
        {u"refunded_tax_cents"_s, refundedTax.minorUnits()},
        {u"cash_in_cents"_s, cashIn.minorUnits()},
        {u"cash_out_cents"_s, cashOut.minorUnits()},
        {u"tenders"_s, tenderArray},
        {u"expected_cash_cents"_s, expectedCash.minorUnits()},
        {u"close_note"_s, closeNote},
    };
    if (countedCash)
        object.insert(u"counted_cash_cents"_s, countedCash->minorUnits());
    if (difference)
        object.insert(u"difference_cents"_s, difference->minorUnits());
    return object;
}

std::optional<ShiftReport> ShiftReport::fromJson(const QJsonObject &object)
{
    if (object.value(u"format"_s).toInteger() != kReportFormat)
        return std::nullopt;
    const QString currency = object.value(u"currency"_s).toString();
    if (!Money::isValidCurrencyCode(currency))
        return std::nullopt;
    ShiftReport report;
    report.shiftId = object.value(u"shift_id"_s).toInteger();
    report.registerId = object.value(u"register_id"_s).toInteger();
    report.registerName = object.value(u"register_name"_s).toString();
    report.closed = object.value(u"closed"_s).toBool();
    report.openedByName = object.value(u"opened_by"_s).toString();
    report.openedAt = readTimestamp(object.value(u"opened_at"_s));
    report.closedByName = object.value(u"closed_by"_s).toString();
    report.closedAt = readTimestamp(object.value(u"closed_at"_s));
    report.closeNote = object.value(u"close_note"_s).toString();

    const auto money = [&](const QString &key) { return readMoney(object, key, currency); };
    const std::optional<Money> openingFloat = money(u"opening_float_cents"_s);
    const std::optional<Money> sales = money(u"sales_cents"_s);
    const std::optional<Money> tax = money(u"tax_cents"_s);
    const std::optional<Money> discounts = money(u"discount_cents"_s);
    const std::optional<Money> refunds = money(u"refunds_cents"_s);
    const std::optional<Money> refundedTax = money(u"refunded_tax_cents"_s);
    const std::optional<Money> cashIn = money(u"cash_in_cents"_s);
    const std::optional<Money> cashOut = money(u"cash_out_cents"_s);
    const std::optional<Money> expectedCash = money(u"expected_cash_cents"_s);
    const std::optional<qint64> salesCount = readCount(object, u"sales_count"_s);
    const std::optional<qint64> refundsCount = readCount(object, u"refunds_count"_s);
    if (report.shiftId <= 0 || !openingFloat || !sales || !tax || !discounts || !refunds || !refundedTax || !cashIn
        || !cashOut || !expectedCash || !salesCount || !refundsCount || !object.value(u"tenders"_s).isArray())
        return std::nullopt;
    report.openingFloat = *openingFloat;
    report.sales = *sales;
    report.tax = *tax;
    report.discounts = *discounts;
    report.refunds = *refunds;
    report.refundedTax = *refundedTax;
    report.cashIn = *cashIn;
    report.cashOut = *cashOut;
    report.expectedCash = *expectedCash;
    report.salesCount = *salesCount;
    report.refundsCount = *refundsCount;

    const QJsonArray tenders = object.value(u"tenders"_s).toArray();
    for (const QJsonValue &value : tenders) {
        const QJsonObject tender = value.toObject();
        const std::optional<Money> taken = readMoney(tender, u"taken_cents"_s, currency);
        const std::optional<Money> refunded = readMoney(tender, u"refunded_cents"_s, currency);
        const std::optional<qint64> count = readCount(tender, u"count"_s);
        const QString name = tender.value(u"tender"_s).toString();
        if (name.isEmpty() || !taken || !refunded || !count)
            return std::nullopt;
        report.tenders.append({name, *count, *taken, *refunded});
    }
    if (object.contains(u"counted_cash_cents"_s)) {
        report.countedCash = money(u"counted_cash_cents"_s);
        if (!report.countedCash)
            return std::nullopt;
    }
    if (object.contains(u"difference_cents"_s)) {
        report.difference = money(u"difference_cents"_s);
        if (!report.difference)
            return std::nullopt;
    }
    return report;
}

} // namespace sk
