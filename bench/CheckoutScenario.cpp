// checkout: whole sales of five lines at the register through the services
// (cart, cash payment, checkout), against the same statements in the same
// transactions through the raw sqlite3 C API in the same run. With
// --registers N, N register processes sell concurrently from a limited
// stock until it is gone: the proof that checkout never oversells.
#include "CheckoutRawTwin.h"
#include "CheckoutRegisters.h"
#include "CheckoutSale.h"
#include "CheckoutShop.h"
#include "MetricWriter.h"
#include "Scenario.h"
#include "ScenarioOutput.h"
#include "Statistics.h"

#include "db/Database.h"
#include "db/DatabaseUrl.h"
#include "maintenance/IntegrityCheck.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <random>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr ScenarioOutput kOutput{"checkout"};

constexpr qint64 kDefaultSales = 500;
constexpr int kMaxRegisters = 64;
constexpr int kLinesPerSale = 5;
constexpr int kCatalogVariants = 2000;
// Above the ledger's default reorder level however many sales run, so no
// sale of the timed run crosses it (a low-stock alert is another workload).
constexpr qint64 kSpareUnits = 100;
// Concurrent registers sell from this many variants, so that they meet on
// the same stock rows and the last units of each.
constexpr int kContendedVariants = 50;
// Sales of each path in turn: the disk's fsync time drifts within seconds
// here, so both paths are measured over the same moments.
constexpr int kBatch = 10;
constexpr double kPercentile = 0.95;
constexpr quint64 kSeed = 6;

void addOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(
        u"sales"_s, u"Sales of five lines each path makes (default %1); with --registers, all registers "
                    u"together, from stock for about that many."_s.arg(kDefaultSales),
        u"N"_s));
    parser.addOption(QCommandLineOption(
        u"registers"_s, u"Registers selling at once, one process each, from a limited stock (default 1: one "
                        u"register in this process, with the raw twin on SQLite)."_s,
        u"N"_s));
    parser.addOption(QCommandLineOption(
        u"database"_s, u"The database to sell in, SQLite or PostgreSQL (default: a temporary SQLite file). "
                       u"The scenario adds its own clerk, products and registers beside what is there."_s,
        u"URL"_s));
    // A register process: started by this scenario, not by people.
    const QList<QCommandLineOption> registerOptions{
        QCommandLineOption(u"register-index"_s, u"Register number."_s, u"N"_s),
        QCommandLineOption(u"register-id"_s, u"Register to sell at."_s, u"ID"_s),
        QCommandLineOption(u"register-code"_s, u"Its code."_s, u"CODE"_s),
        QCommandLineOption(u"location"_s, u"Its stock location."_s, u"ID"_s),
        QCommandLineOption(u"clerk"_s, u"Clerk user id."_s, u"ID"_s),
        QCommandLineOption(u"variants"_s, u"Variants to sell, comma-separated."_s, u"IDS"_s),
        QCommandLineOption(u"seed"_s, u"Random seed for the baskets."_s, u"N"_s)};
    for (QCommandLineOption option : registerOptions) {
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    }
}

double percentile(QList<double> samples, double fraction)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const qsizetype index = std::min(samples.size() - 1, qsizetype(std::ceil(fraction * double(samples.size())) - 1));
    return samples[std::max<qsizetype>(0, index)];
}

QString joinedIds(const QList<qint64> &ids)
{
    QStringList texts;
    for (qint64 id : ids)
        texts.append(QString::number(id));
    return texts.join(u',');
}

int runAsRegister(const QCommandLineParser &parser)
{
    Result<DatabaseUrl> url = DatabaseUrl::parse(parser.value(u"database"_s));
    if (!url) {
        kOutput.failWith(url.error());
        return 2;
    }
    CheckoutAssignment assignment;
    assignment.index = parser.value(u"register-index"_s).toInt();
    assignment.url = url.value();
    assignment.till.registerId = parser.value(u"register-id"_s).toLongLong();
    assignment.till.code = parser.value(u"register-code"_s);
    assignment.till.locationId = parser.value(u"location"_s).toLongLong();
    assignment.clerkId = parser.value(u"clerk"_s).toLongLong();
    for (const QString &id : parser.value(u"variants"_s).split(u',', Qt::SkipEmptyParts))
        assignment.variantIds.append(id.toLongLong());
    assignment.linesPerSale = kLinesPerSale;
    assignment.seed = parser.value(u"seed"_s).toULongLong();
    return runCheckoutRegister(assignment);
}

// The stock figures both modes print; false when units were oversold or the
// ledger does not add up to what the registers say they sold.
bool reportStock(MetricWriter &out, const CatalogStock &before, const CatalogStock &after, qint64 sold)
{
    const qint64 taken = before.onHand - after.onHand;
    const qint64 oversold = std::max<qint64>(0, sold - taken) + after.negativeUnits;
    ScenarioOutput::writeCount(out, u"initial_stock"_s, double(before.onHand), u"units"_s);
    ScenarioOutput::writeCount(out, u"sold"_s, double(sold), u"units"_s);
    ScenarioOutput::writeCount(out, u"final_stock"_s, double(after.onHand), u"units"_s);
    ScenarioOutput::writeCount(out, u"oversold"_s, double(oversold), u"units"_s);
    bool proved = true;
    auto refute = [&proved](const QString &why) {
        kOutput.fail(why);
        proved = false;
    };
    if (oversold != 0)
        refute(u"%1 units were oversold."_s.arg(oversold));
    if (taken != sold)
        refute(u"%1 units left the stock but the registers sold %2."_s.arg(taken).arg(sold));
    if (after.unitsSold - before.unitsSold != sold)
        refute(u"the ledger has sales of %1 units; the registers sold %2."_s.arg(after.unitsSold - before.unitsSold)
                   .arg(sold));
    if (after.movementSum != after.onHand)
        refute(u"the movements add up to %1, but %2 are on hand."_s.arg(after.movementSum).arg(after.onHand));
    return proved;
}

QList<SaleLine> basket(std::mt19937_64 &random, const QList<qint64> &variantIds)
{
    // Five different items, one of each, as most baskets are.
    std::uniform_int_distribution<qsizetype> pick(0, variantIds.size() - 1);
    QList<SaleLine> lines;
    while (lines.size() < kLinesPerSale) {
        const qint64 id = variantIds.at(pick(random));
        if (std::none_of(lines.cbegin(), lines.cend(), [id](const SaleLine &line) { return line.variantId == id; }))
            lines.append(SaleLine{id, 1});
    }
    return lines;
}

struct TimedSales {
    QList<double> saleMs;
    QList<double> batchRates;   // sales per second of each batch
    qint64 units = 0;
};

// One register alone, Storekeeper's path and the raw twin in turns.
int runOneRegister(MetricWriter &out, const std::shared_ptr<Database> &database, CheckoutShop &shop,
                   const Session &clerk, qint64 sales)
{
    const bool hasRaw = database->url().isSqlite();
    kOutput.progress(u"stocking %1 variants"_s.arg(kCatalogVariants));
    const Result<QList<qint64>> variants = shop.addStockedVariants(kCatalogVariants, kSpareUnits + 2 * (sales + 1));
    if (!variants) {
        kOutput.failWith(variants.error());
        return 1;
    }
    const Result<Till> till = shop.openTill(clerk, u"R1"_s);
    // The raw twin sells at a register of its own, so that neither path
    // finds the other's open cart.
    const Result<Till> rawTill = hasRaw ? shop.openTill(clerk, u"RAW1"_s) : till;
    if (!till || !rawTill) {
        kOutput.failWith((till ? rawTill : till).error());
        return 1;
    }
    const Result<CatalogStock> before = shop.stockOf(variants.value(), till->locationId);
    if (!before) {
        kOutput.failWith(before.error());
        return 1;
    }

    ServiceSale service(database, clerk, till.value());
    std::unique_ptr<RawCheckout> raw;
    if (hasRaw) {
        raw = std::make_unique<RawCheckout>(database->url().path, clerk, rawTill.value());
        if (!raw->isOpen())
            return 1;
    }
    std::mt19937_64 random(kSeed);
    TimedSales ours;
    TimedSales theirs;
    auto sellService = [&](TimedSales *timed) {
        QElapsedTimer timer;
        timer.start();
        const Result<SaleOutcome> sold = service.sell(basket(random, variants.value()));
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (!sold) {
            kOutput.failWith(sold.error());
            return std::optional<double>();
        }
        if (sold->units != kLinesPerSale || sold->lockFailures != 0) {
            kOutput.fail(u"a sale of one register sold %1 of %2 units after %3 lock failures."_s.arg(sold->units)
                     .arg(kLinesPerSale)
                     .arg(sold->lockFailures));
            return std::optional<double>();
        }
        ours.units += sold->units;
        if (timed)
            timed->saleMs.append(ms);
        return std::optional<double>(ms);
    };
    auto sellRaw = [&](TimedSales *timed) {
        QElapsedTimer timer;
        timer.start();
        const std::optional<qint64> sold = raw->sell(basket(random, variants.value()));
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (!sold)
            return std::optional<double>();
        theirs.units += *sold;
        if (timed)
            timed->saleMs.append(ms);
        return std::optional<double>(ms);
    };

    // One unmeasured sale each: statements prepared, pages cached.
    if (!sellService(nullptr) || (hasRaw && !sellRaw(nullptr)))
        return 1;
    kOutput.progress(u"%1 sales on %2%3"_s.arg(sales).arg(database->url().displayName(),
                                                 hasRaw ? u", and as many through sqlite3"_s : QString()));
    for (qint64 done = 0; done < sales; done += kBatch) {
        const qint64 batch = std::min<qint64>(kBatch, sales - done);
        double ms = 0;
        for (qint64 i = 0; i < batch; ++i) {
            const std::optional<double> sale = sellService(&ours);
            if (!sale)
                return 1;
            ms += *sale;
        }
        ours.batchRates.append(double(batch) * 1000.0 / ms);
        if (!hasRaw)
            continue;
        ms = 0;
        for (qint64 i = 0; i < batch; ++i) {
            const std::optional<double> sale = sellRaw(&theirs);
            if (!sale)
                return 1;
            ms += *sale;
        }
        theirs.batchRates.append(double(batch) * 1000.0 / ms);
    }

    const auto rawFigure = [hasRaw](double value) { return hasRaw ? std::optional<double>(value) : std::nullopt; };
    out.write({u"sales_per_s"_s, median(ours.batchRates), u"sales/s"_s, rawFigure(median(theirs.batchRates)),
               Metric::Kind::Rate, int(ours.batchRates.size())});
    out.write({u"p95_ms"_s, percentile(ours.saleMs, kPercentile), u"ms"_s,
               rawFigure(percentile(theirs.saleMs, kPercentile)), Metric::Kind::Time, int(ours.saleMs.size())});

    const Result<CatalogStock> after = shop.stockOf(variants.value(), till->locationId);
    if (!after) {
        kOutput.failWith(after.error());
        return 1;
    }
    const bool proved = reportStock(out, before.value(), after.value(), ours.units + theirs.units);
    const bool checked = kOutput.reportCheck(out, database);
    return proved && checked ? 0 : 1;
}

// N register processes sell a limited stock until it is gone.
int runRegisters(MetricWriter &out, const std::shared_ptr<Database> &database, CheckoutShop &shop,
                 const Session &clerk, qint64 sales, int registers)
{
    const qint64 units = sales * kLinesPerSale;
    const int variantCount = int(std::min<qint64>(kContendedVariants, units));
    const qint64 unitsEach = (units + variantCount - 1) / variantCount;
    const Result<QList<qint64>> variants = shop.addStockedVariants(variantCount, unitsEach);
    if (!variants) {
        kOutput.failWith(variants.error());
        return 1;
    }
    QList<Till> tills;
    for (int i = 1; i <= registers; ++i) {
        const Result<Till> till = shop.openTill(clerk, u"R%1"_s.arg(i));
        if (!till) {
            kOutput.failWith(till.error());
            return 1;
        }
        tills.append(till.value());
    }
    const Result<CatalogStock> before = shop.stockOf(variants.value(), tills.constFirst().locationId);
    if (!before) {
        kOutput.failWith(before.error());
        return 1;
    }

    kOutput.progress(u"%1 registers selling %2 units of %3 variants on %4"_s.arg(registers)
                 .arg(before->onHand)
                 .arg(variantCount)
                 .arg(database->url().displayName()));
    const QStringList registerArguments{u"checkout"_s,        u"--database"_s, database->url().toString(),
                                        u"--clerk"_s,         QString::number(clerk.userId),
                                        u"--variants"_s,      joinedIds(variants.value())};
    const std::optional<CheckoutRegistersRun> run =
        runCheckoutRegisters(QCoreApplication::applicationFilePath(), registerArguments, tills, kSeed);
    if (!run)
        return 1;

    qint64 completed = 0;
    qint64 sold = 0;
    qint64 conflicts = 0;
    qint64 lockFailures = 0;
    bool registersFinished = true;
    QList<double> saleMs;
    for (const CheckoutTotals &totals : run->registers) {
        kOutput.progress(u"register %1: %2 sales, %3 units, %4 shortfalls, %5 lock failures"_s.arg(totals.index + 1)
                     .arg(totals.sales)
                     .arg(totals.units)
                     .arg(totals.conflicts)
                     .arg(totals.lockFailures));
        completed += totals.sales;
        sold += totals.units;
        conflicts += totals.conflicts;
        lockFailures += totals.lockFailures;
        saleMs += totals.saleMs;
        registersFinished = registersFinished && totals.failure.isEmpty();
    }
    out.write({u"sales_per_s"_s, run->seconds > 0 ? double(completed) / run->seconds : 0, u"sales/s"_s,
               std::nullopt, Metric::Kind::Rate, 1});
    out.write({u"p95_ms"_s, percentile(saleMs, kPercentile), u"ms"_s, std::nullopt, Metric::Kind::Time,
               int(saleMs.size())});
    ScenarioOutput::writeCount(out, u"sales"_s, double(completed), u"sales"_s);
    ScenarioOutput::writeCount(out, u"conflicts"_s, double(conflicts), u"shortfalls"_s);
    ScenarioOutput::writeCount(out, u"deadlocks"_s, double(lockFailures), u"errors"_s);

    const Result<CatalogStock> after = shop.stockOf(variants.value(), tills.constFirst().locationId);
    if (!after) {
        kOutput.failWith(after.error());
        return 1;
    }
    bool proved = reportStock(out, before.value(), after.value(), sold) && registersFinished;
    if (after->onHand != 0 || after->reserved != 0) {
        kOutput.fail(u"the registers stopped with %1 on hand, %2 reserved; they sell until nothing is left."_s
                 .arg(after->onHand)
                 .arg(after->reserved));
        proved = false;
    }
    if (lockFailures != 0) {
        kOutput.fail(u"the registers met %1 deadlocks, serialization failures or lock timeouts."_s.arg(lockFailures));
        proved = false;
    }
    const bool checked = kOutput.reportCheck(out, database);
    return proved && checked ? 0 : 1;
}

int run(const BenchContext &context, MetricWriter &out)
{
    const QCommandLineParser &parser = *context.parser;
    if (parser.isSet(u"register-index"_s))
        return runAsRegister(parser);

    const std::optional<qint64> sales = kOutput.numberOption(parser, u"sales"_s, kDefaultSales, 1, 1'000'000);
    const std::optional<qint64> registers = kOutput.numberOption(parser, u"registers"_s, 1, 1, kMaxRegisters);
    if (!sales || !registers)
        return 2;

    QTemporaryDir folder;
    folder.setAutoRemove(!context.keepFiles);
    QString databaseText = parser.value(u"database"_s);
    if (databaseText.isEmpty())
        databaseText = folder.filePath(u"checkout.db"_s);
    Result<DatabaseUrl> url = DatabaseUrl::parse(databaseText);
    if (!url) {
        kOutput.failWith(url.error());
        return 2;
    }
    if (context.keepFiles && url->isSqlite())
        kOutput.progress(u"database kept in "_s + url->path);

    Result<std::shared_ptr<Database>> opened = Database::open(url.value());
    if (!opened) {
        kOutput.failWith(opened.error());
        return 1;
    }
    const std::shared_ptr<Database> database = opened.value();
    CheckoutShop shop(database);
    const Result<Session> clerk = shop.addClerk();
    if (!clerk) {
        kOutput.failWith(clerk.error());
        return 1;
    }
    if (*registers == 1)
        return runOneRegister(out, database, shop, clerk.value(), *sales);
    return runRegisters(out, database, shop, clerk.value(), *sales, int(*registers));
}

} // namespace

Scenario checkoutScenario()
{
    return {"checkout",
            "Sales of five lines through cart, cash payment and checkout against the same statements through "
            "sqlite3; with --registers N, N register processes sell a limited stock without overselling.",
            addOptions, run};
}

} // namespace sk::bench
