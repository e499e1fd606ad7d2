#include "RegisterFleet.h"

#include "OversellRegister.h"

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

QString describe(QProcess &process, int index, const QString &what)
{
    const QString errors = QString::fromLocal8Bit(process.readAllStandardError()).trimmed().right(2000);
    return u"register %1 %2.%3"_s.arg(index).arg(what, errors.isEmpty() ? QString() : u"\n"_s + errors);
}

class Fleet {
public:
    explicit Fleet(const char *scenario) : m_scenario(scenario) {}

    void fail(const QString &message) const
    {
        std::fprintf(stderr, "storekeeper-bench %s: %s\n", m_scenario, qPrintable(message));
    }

    bool waitForReady(QProcess &process, int index) const
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

private:
    const char *m_scenario;
};

} // namespace

std::optional<FleetRun> runRegisterFleet(const char *scenario, const QString &program,
                                         const QList<QStringList> &arguments)
{
    const Fleet fleet(scenario);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The database is always named on the command line.
    environment.remove(u"STOREKEEPER_DATABASE"_s);
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const QStringList &processArguments : arguments) {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(environment);
        process->setProcessChannelMode(QProcess::SeparateChannels);
        process->start(program, processArguments);
        processes.push_back(std::move(process));
    }
    // Every register opens its database before any sells, so the figure
    // measures selling, not starting processes.
    const int count = int(processes.size());
    bool allReady = true;
    for (int i = 0; i < count && allReady; ++i)
        allReady = processes[size_t(i)]->waitForStarted(kStartTimeoutMs)
                   && fleet.waitForReady(*processes[size_t(i)], i);
    if (!allReady) {
        for (auto &process : processes) {
            process->kill();
            process->waitForFinished();
        }
        return std::nullopt;
    }
    FleetRun run;
    run.goNs = steadyNowNs();
    // Without an event loop QProcess only sends what it buffered while it
    // is waited on: flush each now, or the later registers would start only
    // when the parent waits for them to finish.
    for (auto &process : processes) {
        process->write("go\n");
        process->waitForBytesWritten(kStartTimeoutMs);
    }
    bool complete = true;
    for (int i = 0; i < count; ++i) {
        QProcess &process = *processes[size_t(i)];
        if (!process.waitForFinished(kSellOutTimeoutMs)) {
            fleet.fail(describe(process, i, u"did not sell out in time"_s));
            process.kill();
            process.waitForFinished();
            complete = false;
            continue;
        }
        const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
        if (process.exitStatus() != QProcess::NormalExit) {
            fleet.fail(describe(process, i, u"crashed"_s));
            complete = false;
            continue;
        }
        run.lastLines.append(lines.constLast());
    }
    if (!complete)
        return std::nullopt;
    return run;
}

} // namespace sk::bench
