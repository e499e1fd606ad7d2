// api: the online shop's JSON API under load. ApiServer runs in this
// process on a thread of its own with its own services, on 127.0.0.1; N
// keep-alive HTTP clients (ApiLoad) search, look at products and buy for a
// bounded time, while register processes (the checkout scenario's register
// mode) sell the same scarce items at the same moment. Then: requests per
// second, p50 and p99 latency, errors (must be 0), orders, and the proof
// that nothing was oversold (stock never below zero, reserved within on
// hand, `storekeeper check`). The raw twin runs the same mix of statements
// through the sqlite3 C API in one thread, without HTTP or services.
#include "ApiLoad.h"
#include "ApiLoadRawTwin.h"
#include "CheckoutRegisters.h"
#include "CheckoutShop.h"
#include "MetricWriter.h"
#include "Scenario.h"
#include "ScenarioOutput.h"

#include "ApiServer.h"
#include "ApiServices.h"
#include "GatewaySimulator.h"
#include "auth/PasswordHasher.h"
#include "db/Connection.h"
#include "db/Database.h"
#include "db/DatabaseUrl.h"
#include "orders/OnlineCartService.h"
#include "payments/GatewayClient.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <future>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr ScenarioOutput kOutput{"api"};

constexpr int kDefaultClients = 50;
constexpr int kMaxClients = 1000;
constexpr int kDefaultSeconds = 20;
constexpr int kMaxSeconds = 3600;
constexpr int kDefaultProducts = 2000;
constexpr int kMaxProducts = 1'000'000;
constexpr int kDefaultRegisters = 2;
constexpr int kMaxRegisters = 16;
constexpr int kLoadThreads = 2;
// Plenty for the whole run of the ordinary items, so that only the scarce
// ones run out.
constexpr qint64 kPlentifulUnits = 100'000;
// The scarce items the registers and the web shop both sell: a few dozen
// units each, gone within the run.
constexpr int kScarceVariants = 10;
constexpr qint64 kScarceUnits = 30;
// Carts take scarce and ordinary items alike from this many of each.
constexpr int kCartVariants = 10;
constexpr int kSearchWords = 200;
// The bench measures shopping, not password hashing: accounts are hashed
// with scrypt at a small N (the stored hash says which), so that fifty
// sign-ups do not take the first seconds of the run.
constexpr int kBenchScryptLogN = 10;
// No client of the bench may be turned away by the rate limit.
constexpr int kUnlimitedRequestsPerSecond = 1'000'000;
constexpr double kMedian = 0.50;
constexpr double kTail = 0.99;
constexpr int kServerStartTimeoutMs = 60'000;
constexpr quint64 kSeed = 8;

void addOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(
        u"clients"_s, u"Concurrent HTTP clients (default %1)."_s.arg(kDefaultClients), u"N"_s));
    parser.addOption(QCommandLineOption(
        u"seconds"_s, u"How long the clients shop (default %1)."_s.arg(kDefaultSeconds), u"N"_s));
    parser.addOption(QCommandLineOption(
        u"products"_s, u"Ordinary items in the shop's catalog (default %1), beside %2 scarce ones."_s
                          .arg(kDefaultProducts)
                          .arg(kScarceVariants),
        u"N"_s));
    parser.addOption(QCommandLineOption(
        u"registers"_s, u"Register processes selling the scarce items at the same time (default %1; 0: none)."_s
                           .arg(kDefaultRegisters),
        u"N"_s));
    parser.addOption(QCommandLineOption(
        u"database"_s, u"The database to shop in, SQLite or PostgreSQL (default: a temporary SQLite file). The "
                       u"scenario adds its own clerk, products, registers and customers beside what is there."_s,
        u"URL"_s));
}

double percentile(QList<double> samples, double fraction)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const qsizetype index = qsizetype(std::ceil(fraction * double(samples.size()))) - 1;
    return samples[std::clamp<qsizetype>(index, 0, samples.size() - 1)];
}

QString joinedIds(const QList<qint64> &ids)
{
    QStringList texts;
    for (qint64 id : ids)
        texts.append(QString::number(id));
    return texts.join(u',');
}

// What the clients need to know of the catalog: each variant's product,
// words of the product names to search for, the categories.
struct CatalogFacts {
    QHash<qint64, qint64> productOfVariant;
    QStringList words;
    QList<qint64> categoryIds;
};

Result<CatalogFacts> catalogFacts(Database &database, const QList<qint64> &variantIds)
{
    return Database::wait(database.read([variantIds](Connection &connection) -> Result<CatalogFacts> {
        CatalogFacts facts;
        QSet<QString> words;
        const QRegularExpression separators(u"[^\\w]+"_s);
        for (qint64 variantId : variantIds) {
            Result<CachedQuery> row = connection.prepared(
                u"SELECT v.product_id, p.name FROM product_variants v JOIN products p ON p.id = v.product_id "
                "WHERE v.id = ?"_s,
                {variantId});
            if (!row)
                return row.error();
            if (!row.value().next())
                continue;
            facts.productOfVariant.insert(variantId, row.value().value(0).toLongLong());
            if (words.size() < kSearchWords)
                for (const QString &word : row.value().value(1).toString().split(separators, Qt::SkipEmptyParts))
                    if (word.size() >= 3)
                        words.insert(word.toLower());
        }
        facts.words = QStringList(words.cbegin(), words.cend());
        facts.words.sort();
        Result<QSqlQuery> categories = connection.exec(u"SELECT id FROM categories ORDER BY id LIMIT 100"_s);
        if (!categories)
            return categories.error();
        while (categories.value().next())
            facts.categoryIds.append(categories.value().value(0).toLongLong());
        return facts;
    }));
}

// ApiServer on a thread of its own (a QHttpServer belongs to the thread
// that made it), with services of its own on the same database, and the
// payment gateway simulator beside it.
class ServerThread {
public:
    explicit ServerThread(std::shared_ptr<Database> database) : m_database(std::move(database)) {}
    ~ServerThread() { stop(); }

    Result<quint16> start()
    {
        std::promise<Result<quint16>> bound;
        std::future<Result<quint16>> port = bound.get_future();
        m_thread.reset(QThread::create([this, &bound] { serve(bound); }));
        m_thread->start();
        if (port.wait_for(std::chrono::milliseconds(kServerStartTimeoutMs)) != std::future_status::ready)
            return Error::make(ErrorCode::Unavailable, u"The API server did not start within a minute."_s);
        return port.get();
    }

    void stop()
    {
        if (!m_thread)
            return;
        if (m_loop)
            QMetaObject::invokeMethod(m_loop, &QEventLoop::quit, Qt::QueuedConnection);
        m_thread->wait();
        m_thread.reset();
        m_loop = nullptr;
    }

private:
    void serve(std::promise<Result<quint16>> &bound)
    {
        PasswordHasher::ScryptParameters quick;
        quick.logN = kBenchScryptLogN;
        api::ApiLimits limits;
        limits.requestsPerSecond = kUnlimitedRequestsPerSecond;
        api::ApiServices services = api::ApiServices::create(m_database, PasswordHasher(quick));
        // Orders are paid by card with the order: the gateway simulator
        // answers on the same thread, approving every charge and refund.
        GatewaySimulator gateway;
        if (!gateway.listen()) {
            bound.set_value(Error::make(ErrorCode::Unavailable, u"The payment gateway simulator could not listen: "_s
                                                                    + gateway.errorString()));
            return;
        }
        GatewaySettings settings;
        settings.baseUrl = gateway.url();
        settings.apiKey = u"bench-key"_s;
        services.gateway->setSettings(settings);
        if (!services.carts)
            services.carts = std::make_shared<OnlineCartService>(m_database);
        api::ApiServer server(services, limits);
        QEventLoop loop;
        Result<quint16> port = server.listen(QHostAddress::LocalHost, 0);
        const bool listening = port.ok();
        // Set before the port is handed over, so stop() finds it.
        if (listening)
            m_loop = &loop;
        bound.set_value(std::move(port));
        if (listening)
            loop.exec();
    }

    std::shared_ptr<Database> m_database;
    std::unique_ptr<QThread> m_thread;
    QEventLoop *m_loop = nullptr;
};

void writeCount(MetricWriter &out, const QString &name, double value, const QString &unit)
{
    ScenarioOutput::writeCount(out, name, value, unit);
}

struct Shop {
    Session clerk;
    QList<qint64> ordinary;
    QList<qint64> scarce;
    QList<Till> tills;
    CatalogFacts facts;
};

std::optional<Shop> setUpShop(const std::shared_ptr<Database> &database, qint64 products, int registers)
{
    CheckoutShop checkoutShop(database);
    Shop shop;
    const Result<Session> clerk = checkoutShop.addClerk();
    if (!clerk) {
        kOutput.failWith(clerk.error());
        return std::nullopt;
    }
    shop.clerk = clerk.value();
    kOutput.progress(u"stocking %1 ordinary and %2 scarce items"_s.arg(products).arg(kScarceVariants));
    const Result<QList<qint64>> ordinary = checkoutShop.addStockedVariants(int(products), kPlentifulUnits);
    const Result<QList<qint64>> scarce = ordinary ? checkoutShop.addStockedVariants(kScarceVariants, kScarceUnits)
                                                  : ordinary;
    if (!ordinary || !scarce) {
        kOutput.failWith((ordinary ? scarce : ordinary).error());
        return std::nullopt;
    }
    shop.ordinary = ordinary.value();
    shop.scarce = scarce.value();
    for (int i = 1; i <= std::max(registers, 1); ++i) {
        const Result<Till> till = checkoutShop.openTill(shop.clerk, u"R%1"_s.arg(i));
        if (!till) {
            kOutput.failWith(till.error());
            return std::nullopt;
        }
        shop.tills.append(till.value());
    }
    const Result<CatalogFacts> facts = catalogFacts(*database, shop.ordinary + shop.scarce);
    if (!facts) {
        kOutput.failWith(facts.error());
        return std::nullopt;
    }
    shop.facts = facts.value();
    return shop;
}

ApiLoadPlan loadPlan(const Shop &shop, quint16 port, int clients, int seconds)
{
    ApiLoadPlan plan;
    plan.port = port;
    plan.clients = clients;
    plan.threads = kLoadThreads;
    plan.seconds = seconds;
    plan.searchWords = shop.facts.words;
    plan.categoryIds = shop.facts.categoryIds;
    QSet<qint64> products;
    for (qint64 productId : shop.facts.productOfVariant)
        products.insert(productId);
    plan.productIds = QList<qint64>(products.cbegin(), products.cend());
    std::sort(plan.productIds.begin(), plan.productIds.end());
    // Half the lines from the scarce items: carts meet the registers there.
    const QList<qint64> cartVariants = shop.scarce + shop.ordinary.mid(0, kCartVariants);
    for (qint64 variantId : cartVariants)
        plan.items.append(ApiLoadItem{shop.facts.productOfVariant.value(variantId), variantId});
    plan.emailPrefix = u"api-"_s + QUuid::createUuid().toString(QUuid::Id128).left(12);
    plan.password = u"Bench-shopper-2026"_s;
    plan.seed = kSeed;
    return plan;
}

// The proof: nothing below zero, reserved within on hand, the ledger adds
// up, the registers' sales left the stock, and `storekeeper check`.
bool reportStock(MetricWriter &out, const CatalogStock &before, const CatalogStock &after, qint64 registerUnits)
{
    const qint64 oversold = after.negativeUnits + std::max<qint64>(0, after.reserved - after.onHand);
    writeCount(out, u"initial_stock"_s, double(before.onHand), u"units"_s);
    writeCount(out, u"final_stock"_s, double(after.onHand), u"units"_s);
    writeCount(out, u"reserved"_s, double(after.reserved), u"units"_s);
    writeCount(out, u"register_units"_s, double(registerUnits), u"units"_s);
    writeCount(out, u"oversold"_s, double(oversold), u"units"_s);
    bool proved = true;
    auto refute = [&proved](const QString &why) {
        kOutput.fail(why);
        proved = false;
    };
    if (oversold != 0)
        refute(u"%1 units were oversold."_s.arg(oversold));
    if (after.movementSum != after.onHand)
        refute(u"the movements add up to %1, but %2 are on hand."_s.arg(after.movementSum).arg(after.onHand));
    if (after.unitsSold - before.unitsSold < registerUnits)
        refute(u"the ledger has sales of %1 units; the registers alone sold %2."_s
                   .arg(after.unitsSold - before.unitsSold)
                   .arg(registerUnits));
    return proved;
}

int run(const BenchContext &context, MetricWriter &out)
{
    const QCommandLineParser &parser = *context.parser;
    const std::optional<qint64> clients = kOutput.numberOption(parser, u"clients"_s, kDefaultClients, 1, kMaxClients);
    const std::optional<qint64> seconds = kOutput.numberOption(parser, u"seconds"_s, kDefaultSeconds, 1, kMaxSeconds);
    const std::optional<qint64> products =
        kOutput.numberOption(parser, u"products"_s, kDefaultProducts, kCartVariants, kMaxProducts);
    const std::optional<qint64> registers =
        kOutput.numberOption(parser, u"registers"_s, kDefaultRegisters, 0, kMaxRegisters);
    if (!clients || !seconds || !products || !registers)
        return 2;

    QTemporaryDir folder;
    folder.setAutoRemove(!context.keepFiles);
    QString databaseText = parser.value(u"database"_s);
    if (databaseText.isEmpty())
        databaseText = folder.filePath(u"api.db"_s);
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
    const std::optional<Shop> shop = setUpShop(database, *products, int(*registers));
    if (!shop)
        return 1;
    const qint64 locationId = shop->tills.constFirst().locationId;
    CheckoutShop stock(database);
    const Result<CatalogStock> before = stock.stockOf(shop->scarce, locationId);
    if (!before) {
        kOutput.failWith(before.error());
        return 1;
    }

    ServerThread server(database);
    const Result<quint16> port = server.start();
    if (!port) {
        kOutput.failWith(port.error());
        return 1;
    }
    kOutput.progress(u"%1 clients for %2 s on port %3, %4 registers, on %5"_s.arg(*clients)
                         .arg(*seconds)
                         .arg(port.value())
                         .arg(*registers)
                         .arg(url->displayName()));
    ApiLoad load(loadPlan(shop.value(), port.value(), int(*clients), int(*seconds)));
    load.start();
    qint64 registerUnits = 0;
    bool registersFinished = true;
    if (*registers > 0) {
        const QStringList registerArguments{u"checkout"_s, u"--database"_s,  url->toString(), u"--clerk"_s,
                                            QString::number(shop->clerk.userId), u"--variants"_s,
                                            joinedIds(shop->scarce)};
        const std::optional<CheckoutRegistersRun> sold =
            runCheckoutRegisters(QCoreApplication::applicationFilePath(), registerArguments, shop->tills, kSeed);
        registersFinished = sold.has_value();
        if (sold)
            for (const CheckoutTotals &totals : sold->registers) {
                kOutput.progress(u"register %1: %2 sales, %3 units, %4 shortfalls, %5 lock failures"_s
                                     .arg(totals.index + 1)
                                     .arg(totals.sales)
                                     .arg(totals.units)
                                     .arg(totals.conflicts)
                                     .arg(totals.lockFailures));
                registerUnits += totals.units;
                registersFinished = registersFinished && totals.failure.isEmpty();
            }
    }
    const ApiLoadResult result = load.wait();
    server.stop();
    for (const QString &sample : result.errorSamples)
        kOutput.fail(sample);
    kOutput.progress(u"%1 requests (%2 searches, %3 product pages), %4 orders placed, %5 cancelled, %6 out of "
                     u"stock; the clients used %7 s of CPU in %8 s"_s.arg(result.requests)
                         .arg(result.searches)
                         .arg(result.details)
                         .arg(result.ordersPlaced)
                         .arg(result.ordersCancelled)
                         .arg(result.conflicts)
                         .arg(result.clientCpuSeconds, 0, 'f', 1)
                         .arg(result.seconds, 0, 'f', 1));

    std::optional<double> rawRate;
    if (url->isSqlite()) {
        const std::optional<double> measured =
            rawMixRate(url->path, loadPlan(shop.value(), 0, 1, 1), locationId, std::min<qint64>(*seconds, 5));
        if (!measured)
            return 1;
        rawRate = measured;
    }
    const double rate = result.seconds > 0 ? double(result.requests) / result.seconds : 0;
    out.write({u"rps"_s, rate, u"requests/s"_s, rawRate, Metric::Kind::Rate, int(result.requests)});
    out.write({u"p50_ms"_s, percentile(result.latencyMs, kMedian), u"ms"_s, std::nullopt, Metric::Kind::Time,
               int(result.latencyMs.size())});
    out.write({u"p99_ms"_s, percentile(result.latencyMs, kTail), u"ms"_s, std::nullopt, Metric::Kind::Time,
               int(result.latencyMs.size())});
    writeCount(out, u"requests"_s, double(result.requests), u"requests"_s);
    writeCount(out, u"errors"_s, double(result.errors), u"requests"_s);
    writeCount(out, u"out_of_stock"_s, double(result.conflicts), u"requests"_s);
    writeCount(out, u"orders"_s, double(result.ordersPlaced), u"orders"_s);
    writeCount(out, u"cancelled"_s, double(result.ordersCancelled), u"orders"_s);
    writeCount(out, u"client_cpu_s"_s, result.clientCpuSeconds, u"s"_s);

    const Result<CatalogStock> after = stock.stockOf(shop->scarce, locationId);
    if (!after) {
        kOutput.failWith(after.error());
        return 1;
    }
    bool proved = reportStock(out, before.value(), after.value(), registerUnits) && registersFinished;
    const bool checked = kOutput.reportCheck(out, database);
    if (result.errors != 0) {
        kOutput.fail(u"%1 requests failed."_s.arg(result.errors));
        proved = false;
    }
    return proved && checked ? 0 : 1;
}

} // namespace

Scenario apiScenario()
{
    return {"api",
            "Concurrent HTTP clients search, look and buy through the JSON API while registers sell the same "
            "scarce items: requests per second, p50 and p99 latency, errors and proof that nothing is oversold.",
            addOptions, run};
}

} // namespace sk::bench
