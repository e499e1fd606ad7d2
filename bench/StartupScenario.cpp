// startup: how long until a signed-in owner sees the main window, and what
// opening the database costs compared with a bare sqlite3_open.
#include "ChildProcess.h"
#include "MetricWriter.h"
#include "Scenario.h"
#include "ScenarioOutput.h"
#include "Statistics.h"

#include "db/Connection.h"
#include "db/Database.h"
#include "db/DatabaseUrl.h"
#include "maintenance/DemoShop.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <sqlite3.h>


using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr ScenarioOutput kOutput{"startup"};

constexpr int kDefaultProducts = 5000;      // DemoShop's own default: a realistic shop
constexpr int kMaxProducts = 1'000'000;     // storekeeper demo's own bound
constexpr int kDemoTimeoutMs = 30 * 60 * 1000;
constexpr int kStartTimeoutMs = 120 * 1000;
// Opening is a few milliseconds, so it gets more samples than the process
// runs for a median that means something.
constexpr int kMinOpenSamples = 20;

void addOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(
        u"products"_s, u"Products in the demo shop the app starts on (default %1)."_s.arg(kDefaultProducts), u"N"_s));
}

QProcessEnvironment childEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The database is always named on the command line.
    environment.remove(u"STOREKEEPER_DATABASE"_s);
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"STOREKEEPER_PASSWORD"_s, QString::fromLatin1(DemoShop::AdminPassword));
    return environment;
}

// Storekeeper's side of db_open: what the application does before its first
// query (writer thread, migration check, reader threads), one read, close.
std::optional<double> storekeeperOpenMs(const DatabaseUrl &url)
{
    QElapsedTimer timer;
    timer.start();
    Result<std::shared_ptr<Database>> database = Database::open(url);
    if (!database) {
        kOutput.fail(database.error().message);
        return std::nullopt;
    }
    const Result<QVariant> users = Database::wait(database.value()->read(
        [](Connection &connection) { return connection.scalar(u"SELECT count(*) FROM users"_s); }));
    database.value().reset();
    if (!users) {
        kOutput.fail(users.error().message);
        return std::nullopt;
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

// The raw twin: the least the sqlite3 C API needs for the same answer.
std::optional<double> rawOpenMs(const QByteArray &path)
{
    QElapsedTimer timer;
    timer.start();
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        kOutput.fail(u"sqlite3_open_v2: "_s + QString::fromUtf8(sqlite3_errmsg(db)));
        sqlite3_close(db);
        return std::nullopt;
    }
    sqlite3_stmt *statement = nullptr;
    int status = sqlite3_prepare_v2(db, "SELECT count(*) FROM users", -1, &statement, nullptr);
    if (status == SQLITE_OK)
        status = sqlite3_step(statement);
    const bool ok = status == SQLITE_ROW && sqlite3_column_int64(statement, 0) > 0;
    sqlite3_finalize(statement);
    sqlite3_close(db);
    if (!ok) {
        kOutput.fail(u"the raw count of users failed"_s);
        return std::nullopt;
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

int run(const BenchContext &context, MetricWriter &out)
{
    if (context.appPath.isEmpty()) {
        kOutput.fail(missingAppMessage(context.requestedApp));
        return 1;
    }
    const std::optional<qint64> productOption =
        kOutput.numberOption(*context.parser, u"products"_s, kDefaultProducts, 1, kMaxProducts);
    if (!productOption)
        return 2;
    const int products = int(*productOption);

    QTemporaryDir folder;
    folder.setAutoRemove(!context.keepFiles);
    const QString databasePath = folder.filePath(u"startup.db"_s);
    if (context.keepFiles)
        kOutput.progress(u"database kept in "_s + databasePath);
    const QProcessEnvironment environment = childEnvironment();

    const ChildRun demo = runChild(context.appPath,
                                   // The catalog only: the figures stay comparable
                                   // whatever history the demo makes.
                                   {u"demo"_s, u"--products"_s, QString::number(products), u"--history-days"_s,
                                    u"0"_s, u"--database"_s, databasePath},
                                   environment, kDemoTimeoutMs);
    if (!demo.succeeded()) {
        kOutput.fail(demo.describe(u"storekeeper demo"_s));
        return 1;
    }
    out.write({u"demo_fill_ms"_s, demo.wallMs, u"ms"_s, std::nullopt, Metric::Kind::Time, 1});

    static const QRegularExpression firstPaintLine(u"^first-paint-ms (\\d+(?:\\.\\d+)?)\\s*$"_s,
                                                   QRegularExpression::MultilineOption);
    const QStringList startArguments{u"--database"_s, databasePath, u"--sign-in"_s,
                                     QString::fromLatin1(DemoShop::AdminEmail), u"--exit-after-first-paint"_s};
    QList<double> firstPaint;
    QList<double> wall;
    for (int i = 0; i < context.runs; ++i) {
        const ChildRun start = runChild(context.appPath, startArguments, environment, kStartTimeoutMs);
        if (!start.succeeded()) {
            kOutput.fail(start.describe(u"storekeeper --exit-after-first-paint"_s));
            return 1;
        }
        const QRegularExpressionMatch match = firstPaintLine.match(QString::fromLocal8Bit(start.standardOutput));
        if (!match.hasMatch()) {
            kOutput.fail(u"storekeeper printed no \"first-paint-ms N\" line. Its output:\n"_s
                 + QString::fromLocal8Bit(start.standardOutput + start.standardError).right(2000));
            return 1;
        }
        firstPaint.append(match.captured(1).toDouble());
        wall.append(start.wallMs);
    }
    out.write({u"first_paint_ms"_s, median(firstPaint), u"ms"_s, std::nullopt, Metric::Kind::Time, context.runs});
    out.write({u"process_wall_ms"_s, median(wall), u"ms"_s, std::nullopt, Metric::Kind::Time, context.runs});

    // In this process, alternating the two so that both see the same cache
    // and machine state; one unmeasured round first warms the page cache.
    Result<DatabaseUrl> url = DatabaseUrl::parse(databasePath);
    if (!url) {
        kOutput.fail(url.error().message);
        return 1;
    }
    const QByteArray rawPath = QFile::encodeName(databasePath);
    if (!storekeeperOpenMs(url.value()) || !rawOpenMs(rawPath))
        return 1;
    const int openSamples = std::max(context.runs, kMinOpenSamples);
    QList<double> storekeeperOpen;
    QList<double> rawOpen;
    for (int i = 0; i < openSamples; ++i) {
        const std::optional<double> ours = storekeeperOpenMs(url.value());
        const std::optional<double> raw = rawOpenMs(rawPath);
        if (!ours || !raw)
            return 1;
        storekeeperOpen.append(*ours);
        rawOpen.append(*raw);
    }
    out.write({u"db_open_ms"_s, median(storekeeperOpen), u"ms"_s, median(rawOpen), Metric::Kind::Time, openSamples});
    return 0;
}

} // namespace

Scenario startupScenario()
{
    return {"startup",
            "Time to the first painted main window of a signed-in owner on a demo shop, and the cost of "
            "opening the database against a bare sqlite3_open.",
            addOptions, run};
}

} // namespace sk::bench
