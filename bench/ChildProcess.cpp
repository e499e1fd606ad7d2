#include "ChildProcess.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace sk::bench {

QString ChildRun::describe(const QString &what) const
{
    QString text = finished ? u"%1 ended with exit status %2."_s.arg(what).arg(exitCode)
                            : u"%1 did not start or did not finish in time."_s.arg(what);
    const QString errors = QString::fromLocal8Bit(standardError).trimmed();
    if (!errors.isEmpty())
        text += u"\n"_s + errors.right(2000);
    return text;
}

ChildRun runChild(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                  int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    ChildRun run;
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    if (!process.waitForStarted(timeoutMs))
        return run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.standardError = process.readAllStandardError();
        return run;
    }
    run.wallMs = double(timer.nsecsElapsed()) / 1e6;
    run.finished = process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.standardOutput = process.readAllStandardOutput();
    run.standardError = process.readAllStandardError();
    return run;
}

namespace {

QString appCandidate(const QString &requested)
{
    return requested.isEmpty() ? QCoreApplication::applicationDirPath() + u"/../app/storekeeper"_s : requested;
}

} // namespace

QString missingAppMessage(const QString &requested)
{
    return u"there is no storekeeper program at %1. Build it (cmake --build BUILD --target storekeeper) "
           "or name it with --app PATH."_s.arg(QDir::cleanPath(appCandidate(requested)));
}

QString locateApp(const QString &requested)
{
    const QString candidate = appCandidate(requested);
    const QFileInfo file(candidate);
    if (!file.isFile() || !file.isExecutable())
        return {};
    return file.canonicalFilePath();
}

} // namespace sk::bench
