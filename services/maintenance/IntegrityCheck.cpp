#include "maintenance/IntegrityCheck.h"

#include "audit/AuditLog.h"
#include "db/Database.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

IntegrityCheck::Finding sqliteIntegrity(Connection &connection)
{
    IntegrityCheck::Finding finding{u"database.integrity"_s, true, {}};
    Result<QSqlQuery> rows = connection.exec(u"PRAGMA integrity_check"_s);
    if (!rows)
        return {finding.check, false, rows.error().message + u' ' + rows.error().details};
    QStringList problems;
    while (rows.value().next()) {
        const QString line = rows.value().value(0).toString();
        if (line != u"ok"_s)
            problems.append(line);
    }
    if (!problems.isEmpty())
        return {finding.check, false,
                QCoreApplication::translate("IntegrityCheck", "SQLite reports damage: %1. Restore a backup.").arg(problems.mid(0, 5).join(u"; "_s))};
    finding.message = QCoreApplication::translate("IntegrityCheck", "SQLite integrity check passed.");
    return finding;
}

IntegrityCheck::Finding foreignKeys(Connection &connection)
{
    const QString check = u"database.foreign_keys"_s;
    Result<QSqlQuery> rows = connection.exec(u"PRAGMA foreign_key_check"_s);
    if (!rows)
        return {check, false, rows.error().message};
    if (rows.value().next())
        return {check, false,
                QCoreApplication::translate("IntegrityCheck", "Table %1 row %2 refers to a missing row in %3.")
                    .arg(rows.value().value(0).toString(), rows.value().value(1).toString(),
                         rows.value().value(2).toString())};
    return {check, true, QCoreApplication::translate("IntegrityCheck", "Every reference points to an existing row.")};
}

IntegrityCheck::Finding postgresReachable(Connection &connection)
{
    Result<QVariant> version = connection.scalar(u"SHOW server_version"_s);
    if (!version)
        return {u"database.server"_s, false, version.error().message};
    return {u"database.server"_s, true, QCoreApplication::translate("IntegrityCheck", "PostgreSQL %1 answers.").arg(version.value().toString())};
}

IntegrityCheck::Finding auditChain(Connection &connection)
{
    const QString check = u"audit.chain"_s;
    Result<AuditLog::ChainCheck> chain = AuditLog::verify(connection);
    if (!chain)
        return {check, false, chain.error().message};
    if (!chain->intact())
        return {check, false, chain->problem};
    return {check, true, QCoreApplication::translate("IntegrityCheck", "Audit journal intact (%1 rows).").arg(chain->rowsChecked)};
}

// Every sale, stock level and order line points at a variant, and the price
// sort reads products.min_price_cents: both must agree with the variants.
IntegrityCheck::Finding catalogVariants(Connection &connection)
{
    const QString check = u"catalog.variants"_s;
    Result<QVariant> orphan = connection.scalar(
        u"SELECT MIN(p.id) FROM products p WHERE NOT EXISTS "
        "(SELECT 1 FROM product_variants v WHERE v.product_id = p.id)"_s);
    if (!orphan)
        return {check, false, orphan.error().message};
    if (!orphan.value().isNull())
        return {check, false,
                QCoreApplication::translate("IntegrityCheck",
                                            "Product %1 has no variant; every product needs at least one. "
                                            "Open the product and add one.")
                    .arg(orphan.value().toLongLong())};
    Result<QSqlQuery> mismatch = connection.exec(
        u"SELECT id, min_price_cents, expected FROM (SELECT p.id, p.min_price_cents, COALESCE("
        "(SELECT MIN(v.price_cents) FROM product_variants v WHERE v.product_id = p.id AND v.is_active = 1), "
        "(SELECT MIN(v.price_cents) FROM product_variants v WHERE v.product_id = p.id), 0) AS expected "
        "FROM products p) listed WHERE min_price_cents <> expected ORDER BY id LIMIT 1"_s);
    if (!mismatch)
        return {check, false, mismatch.error().message};
    if (mismatch.value().next())
        return {check, false,
                QCoreApplication::translate("IntegrityCheck",
                                            "Product %1 is listed at %2 minor units, but its lowest variant "
                                            "price is %3. Save the product again to repair the listing.")
                    .arg(mismatch.value().value(0).toLongLong())
                    .arg(mismatch.value().value(1).toLongLong())
                    .arg(mismatch.value().value(2).toLongLong())};
    Result<QVariant> products = connection.scalar(u"SELECT COUNT(*) FROM products"_s);
    if (!products)
        return {check, false, products.error().message};
    return {check, true,
            QCoreApplication::translate("IntegrityCheck",
                                        "Every product has a variant and the right lowest price (%1 products).")
                .arg(products.value().toLongLong())};
}

} // namespace

bool IntegrityCheck::Report::passed() const
{
    return std::all_of(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.passed; });
}

IntegrityCheck::IntegrityCheck(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<IntegrityCheck::Report>> IntegrityCheck::run()
{
    return m_database->read([](Connection &connection) -> Result<Report> {
        Report report;
        if (connection.isSqlite()) {
            report.findings.append(sqliteIntegrity(connection));
            report.findings.append(foreignKeys(connection));
        } else {
            report.findings.append(postgresReachable(connection));
        }
        report.findings.append(auditChain(connection));
        report.findings.append(catalogVariants(connection));
        return report;
    });
}

} // namespace sk
