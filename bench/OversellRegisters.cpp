#include "OversellRegisters.h"

#include <QProcess>
#include <QProcessEnvironment>

#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr int kStartTimeoutMs = 60 * 1000;
constexpr int kSellOutTimeoutMs = 30 * 60 * 1000;

void fail(const QString &message)
{
    std::fprintf(stderr, "storekeeper-bench oversell: %s\n", qPrintable(message));
}

QString describe(QProcess &process, int index, const QString &what)
{
    const QString errors = QString::fromLocal8Bit(process.readAllStandardError()).trimmed().right(2000);
    return u"register %1 %2.%3"_s.arg(index).arg(what, errors.isEmpty() ? QString() : u"\n"_s + errors);
}

bool waitForReady(QProcess &process, int index)
{
    while (!process.canReadLine()) {
        if (!process.waitForReadyRead(kStartTimeoutMs)) {
            fail(describe(process, index, u"did not open the database"_s));
            return false;
        }
    }
    const QByteArray line = process.readLine().trimmed();
    if (line != "ready") {
        fail(describe(process, index, u"said \"%1\" instead of \"ready\""_s.arg(QString::fromLocal8Bit(line))));
        return false;
    }
    return true;
}

} // namespace

std::optional<RegistersRun> runRegisters(const QString &program, const QStringList &registerArguments, int count,
                                         quint64 seed)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The database is always named on the command line.
    environment.remove(u"STOREKEEPER_DATABASE"_s);
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < count; ++i) {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(environment);
        process->setProcessChannelMode(QProcess::SeparateChannels);
        process->start(program, registerArguments + QStringList{u"--register-index"_s, QString::number(i),
                                                                u"--seed"_s, QString::number(seed + quint64(i))});
        processes.push_back(std::move(process));
    }
    // Every register opens its database before any sells, so the figure
    // measures selling, not starting processes.
    bool allReady = true;
    for (int i = 0; i < count && allReady; ++i)
        allReady = processes[size_t(i)]->waitForStarted(kStartTimeoutMs) && waitForReady(*processes[size_t(i)], i);
    if (!allReady) {
        for (auto &process : processes) {
            process->kill();
            process->waitForFinished();
        }
        return std::nullopt;
    }
    const qint64 goNs = steadyNowNs();
    // Without an event loop QProcess only sends what it buffered while it
    // is waited on: flush each now, or the later registers would start only
    // when the parent waits for them to finish.
    for (auto &process : processes) {
        process->write("go\n");
        process->waitForBytesWritten(kStartTimeoutMs);
    }

    RegistersRun run;
    qint64 lastFinishedNs = goNs;
    bool complete = true;
    for (int i = 0; i < count; ++i) {
        QProcess &process = *processes[size_t(i)];
        if (!process.waitForFinished(kSellOutTimeoutMs)) {
            fail(describe(process, i, u"did not sell out in time"_s));
            process.kill();
            process.waitForFinished();
            complete = false;
            continue;
        }
        const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
        std::optional<RegisterTotals> totals = RegisterTotals::fromJson(lines.constLast());
        if (process.exitStatus() != QProcess::NormalExit || !totals) {
            fail(describe(process, i, u"ended without its totals (exit status %1)"_s.arg(process.exitCode())));
            complete = false;
            continue;
        }
        if (!totals->failure.isEmpty())
            fail(u"register %1 stopped: %2"_s.arg(i).arg(totals->failure));
        lastFinishedNs = std::max(lastFinishedNs, totals->finishedAtNs);
        run.registers.append(*totals);
    }
    if (!complete)
        return std::nullopt;
    run.sellOutSeconds = double(lastFinishedNs - goNs) / 1e9;
    return run;
}

} // namespace sk::bench
