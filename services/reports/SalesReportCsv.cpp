#include "reports/SalesReportCsv.h"

#include "catalog/CsvWriter.h"

#include <QBuffer>

using namespace Qt::StringLiterals;

namespace sk {

QStringList SalesReportCsv::header()
{
    return {u"key"_s,      u"label"_s, u"orders"_s,         u"units"_s,   u"net"_s,
            u"discount"_s, u"tax"_s,   u"shipping"_s,       u"total"_s,   u"refunded_units"_s,
            u"refunds"_s,  u"refund_tax"_s, u"net_after_refunds"_s};
}

QStringList SalesReportCsv::fields(const SalesReportRow &row)
{
    return {row.key,
            row.label,
            QString::number(row.orders),
            QString::number(row.units),
            row.net.toDecimalString(),
            row.discount.toDecimalString(),
            row.tax.toDecimalString(),
            row.shipping.toDecimalString(),
            row.total.toDecimalString(),
            QString::number(row.refundedUnits),
            row.refunds.toDecimalString(),
            row.refundTax.toDecimalString(),
            row.netAfterRefunds.toDecimalString()};
}

QByteArray SalesReportCsv::write(const SalesReport &report)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    writer.writeHeader(header());
    for (const SalesReportRow &row : report.rows)
        writer.writeRecord(fields(row));
    writer.writeRecord(fields(report.totals));
    return bytes;
}

} // namespace sk
