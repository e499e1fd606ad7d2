#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace sk::bench {

// Runs a program to its end and times it from start() to its exit, so the
// figure includes loading the binary and its libraries.
struct ChildRun {
    bool finished = false; // false: it could not start or timed out (and was killed)
    int exitCode = -1;
    double wallMs = 0;
    QByteArray standardOutput;
    QByteArray standardError;

    bool succeeded() const { return finished && exitCode == 0; }
    // For an error message: what went wrong, with the end of its stderr.
    QString describe(const QString &what) const;
};

ChildRun runChild(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                  int timeoutMs);

// The storekeeper binary: --app PATH, else ../app/storekeeper next to this
// benchmark (the build tree's layout). Empty when it is not there.
QString locateApp(const QString &requested);
// The sentence for a scenario that needs the binary and did not get it.
QString missingAppMessage(const QString &requested);

} // namespace sk::bench
