#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace sk::bench {

// What the fleet's processes printed last: each one's totals line.
struct FleetRun {
    QList<QByteArray> lastLines;   // in the order of the argument lists
    qint64 goNs = 0;               // steady clock when "go" was sent
};

// Starts one register process per argument list (this program again),
// waits until each has opened its database and printed "ready", tells them
// all "go" at once and waits for every one to end. nullopt after printing
// why on stderr, prefixed with the scenario's name (a register that could
// not start, crashed, timed out or ended with an error status).
std::optional<FleetRun> runRegisterFleet(const char *scenario, const QString &program,
                                         const QList<QStringList> &arguments);

} // namespace sk::bench
