// oversell: N registers, each a process of its own, sell one variant with
// 1,000 units in stock, 1 to 3 units a sale, until it is gone, on one SQLite
// file or one PostgreSQL database. The proof: the units the registers say
// they sold are exactly the units that left the stock, none went below
// zero, no register met a deadlock or a lock timeout, and `storekeeper
// check` passes. Then movements_per_s: one register's sales through the
// service path against the same SQL through the raw sqlite3 C API.
#include "MetricWriter.h"
#include "OversellRegister.h"
#include "OversellRegisters.h"
#include "OversellShop.h"
#include "OversellThroughput.h"
#include "Scenario.h"
#include "ScenarioOutput.h"
#include "Statistics.h"

#include "db/Database.h"
#include "db/DatabaseUrl.h"
#include "maintenance/IntegrityCheck.h"

#include <QCoreApplication>
#include <QTemporaryDir>


using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr ScenarioOutput kOutput{"oversell"};

constexpr int kDefaultRegisters = 8;
constexpr int kMaxRegisters = 64;
constexpr qint64 kDefaultStock = 1000;
constexpr int kDefaultMovements = 500;
constexpr int kThroughputBatch = 25;
constexpr quint64 kSeed = 5;

void addOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(
        u"registers"_s, u"Registers selling at once, one process each (default %1)."_s.arg(kDefaultRegisters),
        u"N"_s));
    parser.addOption(QCommandLineOption(
        u"stock"_s, u"Units in stock when they start (default %1)."_s.arg(kDefaultStock), u"N"_s));
    parser.addOption(QCommandLineOption(
        u"database"_s, u"The database to sell in, SQLite or PostgreSQL (default: a temporary SQLite file). "
                       u"The scenario adds its own clerk and products beside what is there."_s,
        u"URL"_s));
    parser.addOption(QCommandLineOption(
        u"movements"_s, u"Sales per run for movements_per_s (default %1; 0 leaves it out)."_s.arg(kDefaultMovements),
        u"N"_s));
    // A register process: started by this scenario, not by people.
    const QList<QCommandLineOption> registerOptions{
        QCommandLineOption(u"register-index"_s, u"Register number."_s, u"N"_s),
        QCommandLineOption(u"variant"_s, u"Variant to sell."_s, u"ID"_s),
        QCommandLineOption(u"location"_s, u"Location to sell from."_s, u"ID"_s),
        QCommandLineOption(u"clerk"_s, u"Clerk user id."_s, u"ID"_s),
        QCommandLineOption(u"seed"_s, u"Random seed for the units per sale."_s, u"N"_s)};
    for (QCommandLineOption option : registerOptions) {
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    }
}

int runAsRegister(const QCommandLineParser &parser)
{
    Result<DatabaseUrl> url = DatabaseUrl::parse(parser.value(u"database"_s));
    if (!url) {
        kOutput.fail(url.error().message);
        return 2;
    }
    RegisterAssignment assignment;
    assignment.index = parser.value(u"register-index"_s).toInt();
    assignment.url = url.value();
    assignment.variantId = parser.value(u"variant"_s).toLongLong();
    assignment.locationId = parser.value(u"location"_s).toLongLong();
    assignment.clerkId = parser.value(u"clerk"_s).toLongLong();
    assignment.seed = parser.value(u"seed"_s).toULongLong();
    return runRegister(assignment);
}

// Prints the sell-out figures; returns false when the proof failed.
bool reportSellOut(MetricWriter &out, const RegistersRun &run, const StockedVariant &target, qint64 initial,
                   const VariantStock &after)
{
    qint64 sales = 0;
    qint64 sold = 0;
    qint64 conflicts = 0;
    qint64 lockFailures = 0;
    bool registersFinished = true;
    for (const RegisterTotals &totals : run.registers) {
        kOutput.progress(u"register %1: %2 sales, %3 units, %4 shortfalls, %5 lock failures"_s.arg(totals.index)
                     .arg(totals.sales)
                     .arg(totals.units)
                     .arg(totals.conflicts)
                     .arg(totals.lockFailures()));
        sales += totals.sales;
        sold += totals.units;
        conflicts += totals.conflicts;
        lockFailures += totals.lockFailures();
        registersFinished = registersFinished && totals.failure.isEmpty();
    }
    const qint64 taken = initial - after.onHand;
    const qint64 oversold = std::max<qint64>(0, sold - taken) + after.negativeUnits;
    ScenarioOutput::writeCount(out, u"initial_stock"_s, double(initial), u"units"_s);
    ScenarioOutput::writeCount(out, u"sold"_s, double(sold), u"units"_s);
    ScenarioOutput::writeCount(out, u"final_stock"_s, double(after.onHand), u"units"_s);
    ScenarioOutput::writeCount(out, u"oversold"_s, double(oversold), u"units"_s);
    ScenarioOutput::writeCount(out, u"sales"_s, double(sales), u"sales"_s);
    ScenarioOutput::writeCount(out, u"movements"_s, double(after.movements), u"rows"_s);
    ScenarioOutput::writeCount(out, u"conflicts"_s, double(conflicts), u"shortfalls"_s);
    ScenarioOutput::writeCount(out, u"deadlocks"_s, double(lockFailures), u"errors"_s);
    out.write({u"sales_per_s"_s, run.sellOutSeconds > 0 ? double(sales) / run.sellOutSeconds : 0, u"sales/s"_s,
               std::nullopt, Metric::Kind::Rate, 1});

    bool proved = registersFinished;
    auto refute = [&proved](const QString &why) {
        kOutput.fail(why);
        proved = false;
    };
    if (oversold != 0)
        refute(u"%1 units were oversold."_s.arg(oversold));
    if (taken != sold)
        refute(u"%1 units left the stock but the registers sold %2."_s.arg(taken).arg(sold));
    if (after.onHand != 0 || after.reserved != 0)
        refute(u"the registers stopped with %1 on hand, %2 reserved; they sell until nothing is left."_s
                   .arg(after.onHand)
                   .arg(after.reserved));
    if (lockFailures != 0)
        refute(u"the registers met %1 deadlocks, serialization failures or lock timeouts."_s.arg(lockFailures));
    if (after.saleMovements != sales || after.unitsSold != sold)
        refute(u"the ledger has %1 sales of %2 units; the registers made %3 of %4."_s.arg(after.saleMovements)
                   .arg(after.unitsSold)
                   .arg(sales)
                   .arg(sold));
    if (after.movementSum != after.onHand)
        refute(u"the movements of variant %1 add up to %2, but %3 are on hand."_s.arg(target.variantId)
                   .arg(after.movementSum)
                   .arg(after.onHand));
    return proved;
}

// movements_per_s. The disk's fsync time drifts by a factor of several
// within seconds here, so Storekeeper and the raw twin alternate in small
// batches and each run's rate is over the same moments for both.
bool reportThroughput(const BenchContext &context, MetricWriter &out, Database &database, OversellShop &shop,
                      const Session &clerk, int movements)
{
    const bool hasRaw = database.url().isSqlite();
    const qint64 units = qint64(movements) * context.runs;
    Result<StockedVariant> ours = shop.addStockedVariant(Session::system(), u"Throughput item"_s, units);
    Result<StockedVariant> theirs = shop.addStockedVariant(Session::system(), u"Raw throughput item"_s, units);
    if (!ours || !theirs) {
        kOutput.fail((ours ? theirs : ours).error().message);
        return false;
    }
    QList<double> serviceRates;
    QList<double> rawRates;
    for (int i = 0; i < context.runs; ++i) {
        double serviceSeconds = 0;
        double rawSeconds = 0;
        for (int done = 0; done < movements; done += kThroughputBatch) {
            const int batch = std::min(kThroughputBatch, movements - done);
            const std::optional<double> service = serviceSalesSeconds(database, clerk, ours.value(), batch);
            if (!service)
                return false;
            serviceSeconds += *service;
            if (hasRaw) {
                const std::optional<double> raw = rawSalesSeconds(database.url().path, clerk, theirs.value(), batch);
                if (!raw)
                    return false;
                rawSeconds += *raw;
            }
        }
        serviceRates.append(double(movements) / serviceSeconds);
        if (hasRaw)
            rawRates.append(double(movements) / rawSeconds);
    }
    out.write({u"movements_per_s"_s, median(serviceRates), u"movements/s"_s,
               hasRaw ? std::optional<double>(median(rawRates)) : std::nullopt, Metric::Kind::Rate, context.runs});
    return true;
}

int run(const BenchContext &context, MetricWriter &out)
{
    const QCommandLineParser &parser = *context.parser;
    if (parser.isSet(u"register-index"_s))
        return runAsRegister(parser);

    const std::optional<qint64> registers =
        kOutput.numberOption(parser, u"registers"_s, kDefaultRegisters, 1, kMaxRegisters);
    const std::optional<qint64> stock = kOutput.numberOption(parser, u"stock"_s, kDefaultStock, 1, 1'000'000'000);
    const std::optional<qint64> movements =
        kOutput.numberOption(parser, u"movements"_s, kDefaultMovements, 0, 1'000'000);
    if (!registers || !stock || !movements)
        return 2;

    QTemporaryDir folder;
    folder.setAutoRemove(!context.keepFiles);
    QString databaseText = parser.value(u"database"_s);
    if (databaseText.isEmpty())
        databaseText = folder.filePath(u"oversell.db"_s);
    Result<DatabaseUrl> url = DatabaseUrl::parse(databaseText);
    if (!url) {
        kOutput.fail(url.error().message);
        return 2;
    }
    if (context.keepFiles && url->isSqlite())
        kOutput.progress(u"database kept in "_s + url->path);

    Result<std::shared_ptr<Database>> opened = Database::open(url.value());
    if (!opened) {
        kOutput.fail(opened.error().message + u' ' + opened.error().details);
        return 1;
    }
    std::shared_ptr<Database> database = opened.value();
    OversellShop shop(*database);
    const Result<Session> clerk = shop.addClerk();
    if (!clerk) {
        kOutput.fail(clerk.error().message + u' ' + clerk.error().details);
        return 1;
    }
    const Result<StockedVariant> target = shop.addStockedVariant(Session::system(), u"Oversell item"_s, *stock);
    if (!target) {
        kOutput.fail(target.error().message + u' ' + target.error().details);
        return 1;
    }
    const Result<VariantStock> before = shop.stockOf(target.value());
    if (!before) {
        kOutput.fail(before.error().message);
        return 1;
    }

    kOutput.progress(
        u"%1 registers selling %2 units on %3"_s.arg(*registers).arg(before->onHand).arg(url->displayName()));
    const QStringList registerArguments{u"oversell"_s,
                                        u"--database"_s,
                                        url->toString(),
                                        u"--variant"_s,
                                        QString::number(target->variantId),
                                        u"--location"_s,
                                        QString::number(target->locationId),
                                        u"--clerk"_s,
                                        QString::number(clerk->userId)};
    const std::optional<RegistersRun> sellOut =
        runRegisters(QCoreApplication::applicationFilePath(), registerArguments, int(*registers), kSeed);
    if (!sellOut)
        return 1;
    const Result<VariantStock> after = shop.stockOf(target.value());
    if (!after) {
        kOutput.fail(after.error().message);
        return 1;
    }
    const bool proved = reportSellOut(out, *sellOut, target.value(), before->onHand, after.value());
    const bool checked = kOutput.reportCheck(out, database);
    const bool measured =
        *movements == 0 || reportThroughput(context, out, *database, shop, clerk.value(), int(*movements));
    return proved && checked && measured ? 0 : 1;
}

} // namespace

Scenario oversellScenario()
{
    return {"oversell",
            "Registers in separate processes sell one variant until it is gone: proves that nothing is oversold "
            "and no register deadlocks, then one register's sales against the same SQL through sqlite3.",
            addOptions, run};
}

} // namespace sk::bench
