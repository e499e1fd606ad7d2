// live: how long a change committed by another register takes to reach this
// one's open views. A second process (this benchmark again, with --writer)
// commits --changes changes at irregular intervals, each announced through
// ChangeLog like a sale or an edit, and prints when each commit returned; this
// process's ChangeWatcher reports them, and the latency of each is the time
// from that commit to the changed() signal on this process's main thread.
// Both processes read CLOCK_MONOTONIC (std::chrono::steady_clock on Linux),
// which is one clock for the whole machine. There is no raw twin: plain
// sqlite3 has no change feed to compare with.
#include "MetricWriter.h"
#include "Scenario.h"
#include "ScenarioOutput.h"

#include "db/ChangeLog.h"
#include "db/ChangeWatcher.h"
#include "db/Database.h"
#include "db/DatabaseUrl.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr ScenarioOutput kOutput{"live"};

constexpr int kDefaultChanges = 100;
constexpr int kMaxChanges = 100'000;
// Irregular spacing, so that commits do not line up with the watcher's polls.
constexpr int kMinGapMs = 20;
constexpr int kMaxGapMs = 180;
constexpr int kReadyTimeoutMs = 30'000;
// After the writer is done, changes still on their way get this long.
constexpr int kDrainMs = 3000;
constexpr quint64 kGapSeed = 11;
// Ids well away from anything a real shop would have.
constexpr qint64 kFirstId = 9'000'000'000;

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void addOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(
        u"database"_s, u"The database to measure on (default: a temporary SQLite file)."_s, u"URL"_s));
    parser.addOption(QCommandLineOption(
        u"changes"_s, u"Changes the other process commits (default %1)."_s.arg(kDefaultChanges), u"N"_s));
    QCommandLineOption writer(u"writer"_s, u"Be the other process: commit the changes and print their times."_s);
    writer.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(writer);
}

double percentile(QList<double> samples, double fraction)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const qsizetype index = qsizetype(std::ceil(fraction * double(samples.size()))) - 1;
    return samples[std::clamp<qsizetype>(index, 0, samples.size() - 1)];
}

// The other register: one transaction per change; "id commit_ns" per line.
int runWriter(const DatabaseUrl &url, int changes)
{
    Result<std::shared_ptr<Database>> opened = Database::open(url, Database::Options{1, false});
    if (!opened) {
        kOutput.fail(opened.error().message);
        return 1;
    }
    std::mt19937_64 random(kGapSeed);
    std::uniform_int_distribution<int> gap(kMinGapMs, kMaxGapMs);
    for (int i = 0; i < changes; ++i) {
        QThread::msleep(gap(random));
        const qint64 id = kFirstId + i;
        const Status committed = Database::wait(opened.value()->write(
            [id](Connection &connection) { return ChangeLog::recordInTransaction(connection, ChangeTopic::Products, {id}); }));
        const qint64 at = nowNs();
        if (!committed) {
            kOutput.fail(committed.error().message + u" "_s + committed.error().details);
            return 1;
        }
        std::printf("%lld %lld\n", static_cast<long long>(id), static_cast<long long>(at));
        std::fflush(stdout);
    }
    return 0;
}

int run(const BenchContext &context, MetricWriter &out)
{
    const std::optional<qint64> changeOption =
        kOutput.numberOption(*context.parser, u"changes"_s, kDefaultChanges, 1, kMaxChanges);
    if (!changeOption)
        return 2;
    const int changes = int(*changeOption);
    QTemporaryDir folder;
    folder.setAutoRemove(!context.keepFiles);
    QString databaseText = context.parser->value(u"database"_s);
    if (databaseText.isEmpty())
        databaseText = folder.filePath(u"live.db"_s);
    Result<DatabaseUrl> url = DatabaseUrl::parse(databaseText);
    if (!url) {
        kOutput.fail(url.error().message);
        return 2;
    }
    if (context.parser->isSet(u"writer"_s))
        return runWriter(url.value(), changes);

    // Migrated before either side starts.
    Result<std::shared_ptr<Database>> opened = Database::open(url.value());
    if (!opened) {
        kOutput.fail(opened.error().message + u" "_s + opened.error().details);
        return 1;
    }

    ChangeWatcher watcher(url.value());
    QHash<qint64, qint64> receivedAt;
    int reloads = 0;
    QEventLoop loop;
    QObject::connect(&watcher, &ChangeWatcher::changed, &loop, [&](const QString &topic, const QList<qint64> &ids) {
        const qint64 at = nowNs();
        if (topic != ChangeTopic::Products)
            return;
        for (qint64 id : ids)
            if (id >= kFirstId && !receivedAt.contains(id))
                receivedAt.insert(id, at);
        if (receivedAt.size() == changes)
            loop.quit();
    });
    QObject::connect(&watcher, &ChangeWatcher::resynchronise, &loop, [&reloads] { ++reloads; });
    QObject::connect(&watcher, &ChangeWatcher::ready, &loop, &QEventLoop::quit);
    QTimer readyTimeout;
    readyTimeout.setSingleShot(true);
    QObject::connect(&readyTimeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    readyTimeout.start(kReadyTimeoutMs);
    watcher.start();
    loop.exec();
    if (!readyTimeout.isActive()) {
        kOutput.fail(u"the change watcher did not start listening on %1."_s.arg(url.value().displayName()));
        return 1;
    }
    readyTimeout.stop();

    QProcess writer;
    writer.setProcessChannelMode(QProcess::SeparateChannels);
    writer.setStandardInputFile(QProcess::nullDevice());
    writer.start(QCoreApplication::applicationFilePath(),
                 {u"live"_s, u"--writer"_s, u"--database"_s, url.value().toString(), u"--changes"_s,
                  QString::number(changes)});
    QObject::connect(&writer, &QProcess::finished, &loop, [&] { QTimer::singleShot(kDrainMs, &loop, &QEventLoop::quit); });
    const int expectedMs = changes * kMaxGapMs + kReadyTimeoutMs;
    QTimer::singleShot(expectedMs, &loop, &QEventLoop::quit);
    if (receivedAt.size() < changes)
        loop.exec();
    if (writer.state() != QProcess::NotRunning) {
        writer.kill();
        writer.waitForFinished();
    }
    watcher.stop();
    const QByteArray errors = writer.readAllStandardError();
    if (writer.exitStatus() != QProcess::NormalExit || writer.exitCode() != 0) {
        kOutput.fail(u"the writing process failed: "_s + QString::fromLocal8Bit(errors).trimmed());
        return 1;
    }

    QList<double> latencies;
    int missed = 0;
    const QList<QByteArray> lines = writer.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.trimmed().split(' ');
        if (fields.size() != 2)
            continue;
        const qint64 id = fields.at(0).toLongLong();
        const qint64 committedAt = fields.at(1).toLongLong();
        const auto received = receivedAt.constFind(id);
        if (received == receivedAt.cend()) {
            ++missed;
            continue;
        }
        latencies.append(double(received.value() - committedAt) / 1e6);
    }
    if (latencies.isEmpty()) {
        kOutput.fail(u"no change arrived."_s);
        return 1;
    }
    const int samples = int(latencies.size());
    out.write({u"latency_p50_ms"_s, percentile(latencies, 0.5), u"ms"_s, std::nullopt, Metric::Kind::Time, samples});
    out.write({u"latency_p95_ms"_s, percentile(latencies, 0.95), u"ms"_s, std::nullopt, Metric::Kind::Time, samples});
    out.write({u"latency_max_ms"_s, *std::max_element(latencies.cbegin(), latencies.cend()), u"ms"_s, std::nullopt,
               Metric::Kind::Time, samples});
    out.write({u"missed"_s, double(missed), u"changes"_s, std::nullopt, Metric::Kind::Time, changes});
    out.write({u"reloads"_s, double(reloads), u"signals"_s, std::nullopt, Metric::Kind::Time, changes});
    return missed == 0 ? 0 : 1;
}

} // namespace

Scenario liveScenario()
{
    return {"live",
            "Another process commits changes; how long until this process's change watcher reports each one "
            "(p50, p95, max), on SQLite (data_version polling) or PostgreSQL (LISTEN/NOTIFY).",
            addOptions, run};
}

} // namespace sk::bench
