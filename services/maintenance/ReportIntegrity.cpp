#include "maintenance/ReportIntegrity.h"

#include "db/Connection.h"
#include "reports/ReportSummaries.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

using Finding = IntegrityCheck::Finding;

const QString kCheck = u"reports.summaries"_s;

Finding failed(const Error &error)
{
    return {kCheck, false, error.message + u' ' + error.details};
}

QString keyText(const ReportSummaryTable &summary, const CachedQuery &row)
{
    QStringList parts;
    for (qsizetype i = 0; i < summary.keys.size(); ++i)
        parts.append(u"%1 %2"_s.arg(summary.keys.at(i), row.value(int(i)).toString()));
    return parts.join(u", "_s);
}

// The first row (in key order) where the table and the lines disagree, or
// an empty message when they agree.
Result<QString> firstDifference(Connection &connection, const ReportSummaryTable &summary)
{
    const QString columns = summary.columnList();
    const QString order = summary.keys.join(u", "_s);
    // A row the lines make that the table lacks or holds differently.
    Result<CachedQuery> expected = connection.prepared(
        u"SELECT %1 FROM (%2) e EXCEPT SELECT %1 FROM %3 ORDER BY %4 LIMIT 1"_s.arg(columns, summary.expectedSql,
                                                                                  summary.table, order));
    if (!expected)
        return expected.error();
    if (expected->next()) {
        const QString key = keyText(summary, expected.value());
        QStringList conditions;
        QVariantList keyValues;
        for (qsizetype i = 0; i < summary.keys.size(); ++i) {
            conditions.append(summary.keys.at(i) + u" = ?"_s);
            keyValues.append(expected->value(int(i)));
        }
        Result<CachedQuery> stored =
            connection.prepared(u"SELECT %1 FROM %2 WHERE %3"_s.arg(summary.values.join(u", "_s), summary.table,
                                                                     conditions.join(u" AND "_s)),
                                keyValues);
        if (!stored)
            return stored.error();
        if (!stored->next())
            return QCoreApplication::translate("ReportIntegrity",
                                               "The report summary %1 has no row for %2, but the orders have "
                                               "sales or refunds there. Run storekeeper report rebuild.")
                .arg(summary.table, key);
        for (qsizetype i = 0; i < summary.values.size(); ++i) {
            const qint64 want = expected->value(int(summary.keys.size() + i)).toLongLong();
            const qint64 have = stored->value(int(i)).toLongLong();
            if (want != have)
                return QCoreApplication::translate("ReportIntegrity",
                                                   "The report summary %1 row %2 holds %3 = %4, but the orders "
                                                   "make %5. Run storekeeper report rebuild.")
                    .arg(summary.table, key, summary.values.at(i))
                    .arg(have)
                    .arg(want);
        }
    }
    // A row the table holds that no order or refund accounts for.
    Result<CachedQuery> extra = connection.prepared(
        u"SELECT %1 FROM %3 EXCEPT SELECT %1 FROM (%2) e ORDER BY %4 LIMIT 1"_s.arg(columns, summary.expectedSql,
                                                                                  summary.table, order));
    if (!extra)
        return extra.error();
    if (extra->next())
        return QCoreApplication::translate("ReportIntegrity",
                                           "The report summary %1 row %2 counts sales or refunds that no order "
                                           "holds. Run storekeeper report rebuild.")
            .arg(summary.table, keyText(summary, extra.value()));
    return QString();
}

} // namespace

Finding ReportIntegrity::summaries(Connection &connection)
{
    qint64 rows = 0;
    for (const ReportSummaryTable &summary : reportSummaryTables()) {
        Result<QString> difference = firstDifference(connection, summary);
        if (!difference)
            return failed(difference.error());
        if (!difference->isEmpty())
            return {kCheck, false, difference.value()};
        Result<QVariant> count = connection.scalar(u"SELECT COUNT(*) FROM "_s + summary.table);
        if (!count)
            return failed(count.error());
        rows += count->toLongLong();
    }
    return {kCheck, true,
            QCoreApplication::translate("ReportIntegrity",
                                        "Every report summary row equals what the orders and refunds add up to "
                                        "(%1 rows).")
                .arg(rows)};
}

} // namespace sk
