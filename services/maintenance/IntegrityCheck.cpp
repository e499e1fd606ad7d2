#include "maintenance/IntegrityCheck.h"

#include "audit/AuditLog.h"
#include "db/Database.h"
#include "maintenance/ReportIntegrity.h"
#include "maintenance/SalesIntegrity.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kSalesSchemaVersion = 10;   // migration 0010_sales
constexpr int kReportsSchemaVersion = 12; // migration 0012_backoffice

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

// Stock is money: on hand must be exactly what the ledger says, per variant
// and location (a level without movements must be zero, and movements
// without a level must add up to zero).
IntegrityCheck::Finding stockLedger(Connection &connection)
{
    const QString check = u"inventory.ledger"_s;
    Result<QSqlQuery> mismatch = connection.exec(
        u"WITH sums AS (SELECT variant_id, location_id, SUM(quantity) AS total FROM stock_movements "
        "GROUP BY variant_id, location_id), "
        "pairs AS (SELECT sl.variant_id, sl.location_id, sl.on_hand, COALESCE(s.total, 0) AS total "
        "FROM stock_levels sl LEFT JOIN sums s ON s.variant_id = sl.variant_id AND s.location_id = sl.location_id "
        "UNION ALL SELECT s.variant_id, s.location_id, 0, s.total FROM sums s WHERE NOT EXISTS "
        "(SELECT 1 FROM stock_levels sl WHERE sl.variant_id = s.variant_id AND sl.location_id = s.location_id)) "
        "SELECT v.sku, l.name, pairs.on_hand, pairs.total FROM pairs "
        "JOIN product_variants v ON v.id = pairs.variant_id JOIN locations l ON l.id = pairs.location_id "
        "WHERE pairs.on_hand <> pairs.total ORDER BY pairs.variant_id, pairs.location_id LIMIT 1"_s);
    if (!mismatch)
        return {check, false, mismatch.error().message};
    if (mismatch.value().next())
        return {check, false,
                QCoreApplication::translate("IntegrityCheck",
                                            "Stock of %1 at %2 is %3, but its movements add up to %4. Count it and "
                                            "post the count, or restore a backup.")
                    .arg(mismatch.value().value(0).toString(), mismatch.value().value(1).toString())
                    .arg(mismatch.value().value(2).toLongLong())
                    .arg(mismatch.value().value(3).toLongLong())};
    Result<QVariant> levels = connection.scalar(u"SELECT COUNT(*) FROM stock_levels"_s);
    if (!levels)
        return {check, false, levels.error().message};
    return {check, true,
            QCoreApplication::translate("IntegrityCheck", "Every stock level equals the sum of its movements (%1 "
                                                          "levels).")
                .arg(levels.value().toLongLong())};
}

IntegrityCheck::Finding stockReservations(Connection &connection)
{
    const QString check = u"inventory.reservations"_s;
    Result<QSqlQuery> mismatch = connection.exec(
        u"SELECT v.sku, l.name, sl.reserved, COALESCE((SELECT SUM(r.quantity) FROM reservations r "
        "WHERE r.variant_id = sl.variant_id AND r.location_id = sl.location_id AND r.status = 'active'), 0) AS held "
        "FROM stock_levels sl JOIN product_variants v ON v.id = sl.variant_id "
        "JOIN locations l ON l.id = sl.location_id "
        "WHERE sl.reserved <> COALESCE((SELECT SUM(r.quantity) FROM reservations r "
        "WHERE r.variant_id = sl.variant_id AND r.location_id = sl.location_id AND r.status = 'active'), 0) "
        "ORDER BY sl.variant_id, sl.location_id LIMIT 1"_s);
    if (!mismatch)
        return {check, false, mismatch.error().message};
    if (mismatch.value().next())
        return {check, false,
                QCoreApplication::translate("IntegrityCheck",
                                            "%1 at %2 has %3 reserved, but its active reservations hold %4. Release "
                                            "the reservations and reserve again.")
                    .arg(mismatch.value().value(0).toString(), mismatch.value().value(1).toString())
                    .arg(mismatch.value().value(2).toLongLong())
                    .arg(mismatch.value().value(3).toLongLong())};
    return {check, true,
            QCoreApplication::translate("IntegrityCheck", "Reserved stock equals the active reservations.")};
}

IntegrityCheck::Finding stockBounds(Connection &connection)
{
    const QString check = u"inventory.bounds"_s;
    Result<QSqlQuery> wrong = connection.exec(
        u"SELECT v.sku, l.name, sl.on_hand, sl.reserved FROM stock_levels sl "
        "JOIN product_variants v ON v.id = sl.variant_id JOIN locations l ON l.id = sl.location_id "
        "WHERE sl.on_hand < 0 OR sl.reserved < 0 OR sl.reserved > sl.on_hand "
        "ORDER BY sl.variant_id, sl.location_id LIMIT 1"_s);
    if (!wrong)
        return {check, false, wrong.error().message};
    if (wrong.value().next())
        return {check, false,
                QCoreApplication::translate("IntegrityCheck",
                                            "%1 at %2 has %3 on hand and %4 reserved; reserved must be between zero "
                                            "and on hand. Restore a backup.")
                    .arg(wrong.value().value(0).toString(), wrong.value().value(1).toString())
                    .arg(wrong.value().value(2).toLongLong())
                    .arg(wrong.value().value(3).toLongLong())};
    return {check, true,
            QCoreApplication::translate("IntegrityCheck", "No stock level is negative or reserves more than it "
                                                          "holds.")};
}

} // namespace

bool IntegrityCheck::Report::passed() const
{
    return std::all_of(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.passed; });
}

IntegrityCheck::IntegrityCheck(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<IntegrityCheck::Report>> IntegrityCheck::run()
{
    // An older database (storekeeper check never migrates) has no sales
    // tables yet; its schema.version failure already says what to do.
    const bool hasSales = m_database->schemaVersion() >= kSalesSchemaVersion;
    const bool hasReports = m_database->schemaVersion() >= kReportsSchemaVersion;
    return m_database->read([hasSales, hasReports](Connection &connection) -> Result<Report> {
        Report report;
        if (connection.isSqlite()) {
            report.findings.append(sqliteIntegrity(connection));
            report.findings.append(foreignKeys(connection));
        } else {
            report.findings.append(postgresReachable(connection));
        }
        report.findings.append(auditChain(connection));
        report.findings.append(catalogVariants(connection));
        report.findings.append(stockLedger(connection));
        report.findings.append(stockReservations(connection));
        report.findings.append(stockBounds(connection));
        if (hasSales) {
            report.findings.append(SalesIntegrity::orderTotals(connection));
            report.findings.append(SalesIntegrity::orderPayments(connection));
            report.findings.append(SalesIntegrity::receiptNumbers(connection));
            report.findings.append(SalesIntegrity::shiftTotals(connection));
        }
        if (hasReports)
            report.findings.append(ReportIntegrity::summaries(connection));
        return report;
    });
}

} // namespace sk
