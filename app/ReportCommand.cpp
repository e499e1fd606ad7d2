#include "CommandLine.h"
#include "Commands.h"

#include "auth/Session.h"
#include "reports/ReportLedger.h"
#include "reports/ReportService.h"
#include "reports/SalesReportCsv.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

constexpr int kReportsSchemaVersion = 12; // migration 0012_backoffice: the summary tables

class ReportCommand {
    Q_DECLARE_TR_FUNCTIONS(ReportCommand)

public:
    static int run(const QStringList &arguments);

private:
    static int sales(const QStringList &arguments);
    static int rebuild(const QStringList &arguments);
    static Result<Session> actorFor(Database &database, const QString &email);
    static QByteArray json(const SalesReport &report);
};

void writeOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

QJsonObject jsonRow(const SalesReportRow &row)
{
    QJsonObject object{{u"key"_s, row.key},
                       {u"label"_s, row.label},
                       {u"orders"_s, row.orders},
                       {u"units"_s, row.units},
                       {u"net_cents"_s, row.net.minorUnits()},
                       {u"discount_cents"_s, row.discount.minorUnits()},
                       {u"tax_cents"_s, row.tax.minorUnits()},
                       {u"shipping_cents"_s, row.shipping.minorUnits()},
                       {u"total_cents"_s, row.total.minorUnits()},
                       {u"refunded_units"_s, row.refundedUnits},
                       {u"refund_cents"_s, row.refunds.minorUnits()},
                       {u"refund_tax_cents"_s, row.refundTax.minorUnits()},
                       {u"net_after_refunds_cents"_s, row.netAfterRefunds.minorUnits()}};
    if (row.periodStart.isValid())
        object.insert(u"period_start"_s, row.periodStart.toString(Qt::ISODate));
    return object;
}

int ReportCommand::run(const QStringList &arguments)
{
    const QString what = arguments.value(2);
    if (what == u"sales"_s)
        return sales(arguments);
    if (what == u"rebuild"_s)
        return rebuild(arguments);
    if (what == u"-h"_s || what == u"--help"_s) {
        printOut(tr("Usage: storekeeper report sales --from DATE --to DATE [--group-by GROUPING] [--format csv|json] "
                    "[--as EMAIL]"));
        printOut(tr("       storekeeper report rebuild"));
        printOut(tr("Run \"storekeeper report sales --help\" to see its options."));
        return ExitOk;
    }
    printError(what.isEmpty() || what.startsWith(u'-')
                   ? tr("storekeeper report: say which report, for example: storekeeper report sales --from "
                        "2026-11-01 --to 2026-11-30")
                   : tr("storekeeper report: there is no report \"%1\". Use \"sales\" or \"rebuild\".").arg(what));
    return ExitUsage;
}

Result<Session> ReportCommand::actorFor(Database &database, const QString &email)
{
    return Database::wait(database.read([email](Connection &connection) -> Result<Session> {
        Result<CachedQuery> row = connection.prepared(
            u"SELECT id, email, first_name, last_name, role, vendor_id, is_active FROM users WHERE email = ?"_s,
            {email.trimmed().toLower()});
        if (!row)
            return row.error();
        if (!row->next())
            return Error::make(ErrorCode::NotFound,
                               tr("No account has the e-mail address %1. Check the address.").arg(email));
        const std::optional<Role> role = roleFromName(row->value(4).toString());
        if (!role || *role == Role::Customer || row->value(6).toLongLong() == 0)
            return Error::make(ErrorCode::PermissionDenied,
                               tr("%1 is not an active staff account, so it sees no reports. Use an administrator's "
                                  "or a vendor's address.")
                                   .arg(email));
        Session session;
        session.userId = row->value(0).toLongLong();
        session.email = row->value(1).toString();
        session.displayName = row->value(2).toString() + u' ' + row->value(3).toString();
        session.role = *role;
        if (!row->isNull(5))
            session.vendorId = row->value(5).toLongLong();
        session.signedInAt = QDateTime::currentDateTimeUtc();
        return session;
    }));
}

int ReportCommand::sales(const QStringList &arguments)
{
    CommandLine commandLine(u"report sales"_s,
                            tr("Prints the sales of a range of business days, both days included, grouped by day, "
                               "week, month, category, vendor, clerk, tender, channel or product, with a totals "
                               "row: the same figures as the Reports page. Amounts are in the shop's currency."));
    commandLine.addOption(QCommandLineOption(u"from"_s, tr("The first day, YYYY-MM-DD."), tr("DATE")));
    commandLine.addOption(QCommandLineOption(u"to"_s, tr("The last day, YYYY-MM-DD."), tr("DATE")));
    commandLine.addOption(QCommandLineOption(
        u"group-by"_s, tr("day (default), week, month, category, vendor, clerk, tender, channel or product."),
        tr("GROUPING")));
    commandLine.addOption(QCommandLineOption(u"format"_s, tr("csv (default) or json."), tr("FORMAT")));
    commandLine.addOption(QCommandLineOption(
        u"as"_s, tr("Show what this staff account may see (a vendor: their own products). Default: the whole shop."),
        tr("EMAIL")));
    if (std::optional<int> done = commandLine.parse(arguments, 0, 0))
        return *done;

    if (!commandLine.isSet(u"from"_s) || !commandLine.isSet(u"to"_s))
        return commandLine.usageError(tr("Give the range with --from DATE and --to DATE, for example --from "
                                         "2026-11-01 --to 2026-11-30."));
    const QDate from = QDate::fromString(commandLine.value(u"from"_s).trimmed(), Qt::ISODate);
    const QDate to = QDate::fromString(commandLine.value(u"to"_s).trimmed(), Qt::ISODate);
    if (!from.isValid())
        return commandLine.usageError(tr("--from must be a date such as 2026-11-01."));
    if (!to.isValid())
        return commandLine.usageError(tr("--to must be a date such as 2026-11-30."));
    ReportGrouping grouping = ReportGrouping::Day;
    if (commandLine.isSet(u"group-by"_s)) {
        const std::optional<ReportGrouping> named = reportGroupingFromName(commandLine.value(u"group-by"_s));
        if (!named)
            return commandLine.usageError(tr("--group-by must be day, week, month, category, vendor, clerk, tender, "
                                             "channel or product."));
        grouping = *named;
    }
    const QString format = commandLine.isSet(u"format"_s) ? commandLine.value(u"format"_s).trimmed().toLower()
                                                          : u"csv"_s;
    if (format != u"csv"_s && format != u"json"_s)
        return commandLine.usageError(tr("--format must be csv or json."));

    // migrate = false: a report reads the shop as it is.
    const DatabaseOpening opening = commandLine.openDatabase(CommandLine::DatabaseFile::MustExist, false);
    if (!opening)
        return opening.exitStatus;
    if (opening.database->schemaVersion() < kReportsSchemaVersion)
        return commandLine.failed(Error::make(
            ErrorCode::Conflict, tr("This database has no report summaries yet. Run \"storekeeper report rebuild\" "
                                    "once to add them.")));
    Session actor = Session::system();
    if (commandLine.isSet(u"as"_s)) {
        Result<Session> signedIn = actorFor(*opening.database, commandLine.value(u"as"_s));
        if (!signedIn)
            return commandLine.failed(signedIn.error());
        actor = signedIn.value();
    }
    const ReportRange range{from, to};
    const Result<SalesReport> report =
        Database::wait(opening.database->read([actor, range, grouping](Connection &connection) {
            return ReportService::salesInTransaction(connection, actor, range, grouping);
        }));
    if (!report)
        return commandLine.failed(report.error());
    writeOut(format == u"json"_s ? json(report.value()) : SalesReportCsv::write(report.value()));
    return ExitOk;
}

QByteArray ReportCommand::json(const SalesReport &report)
{
    QJsonArray rows;
    for (const SalesReportRow &row : report.rows)
        rows.append(jsonRow(row));
    const QJsonObject object{{u"report"_s, u"sales"_s},
                             {u"group_by"_s, reportGroupingName(report.grouping)},
                             {u"from"_s, report.range.from.toString(Qt::ISODate)},
                             {u"to"_s, report.range.to.toString(Qt::ISODate)},
                             {u"currency"_s, report.currency},
                             {u"rows"_s, rows},
                             {u"totals"_s, jsonRow(report.totals)}};
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

int ReportCommand::rebuild(const QStringList &arguments)
{
    CommandLine commandLine(u"report rebuild"_s,
                            tr("Fills the report summaries again from the orders, their lines, payments and refunds: "
                               "after loading orders in bulk, or when \"storekeeper check\" found a summary that "
                               "differs from the orders. Registers may keep selling meanwhile."));
    if (std::optional<int> done = commandLine.parse(arguments, 0, 0))
        return *done;
    const DatabaseOpening opening = commandLine.openDatabase(CommandLine::DatabaseFile::MustExist, true);
    if (!opening)
        return opening.exitStatus;
    const Result<qint64> orders = Database::wait(opening.database->write([](Connection &connection) -> Result<qint64> {
        if (Status ok = ReportLedger::rebuildInTransaction(connection); !ok)
            return ok.error();
        Result<QVariant> counted = connection.scalar(u"SELECT COUNT(*) FROM orders WHERE business_day IS NOT NULL"_s);
        if (!counted)
            return counted.error();
        return counted->toLongLong();
    }));
    if (!orders)
        return commandLine.failed(orders.error());
    printOut(tr("Report summaries rebuilt from %1 orders.").arg(orders.value()));
    return ExitOk;
}

} // namespace

int runReportCommand(const QStringList &arguments)
{
    return ReportCommand::run(arguments);
}

} // namespace sk::cli
