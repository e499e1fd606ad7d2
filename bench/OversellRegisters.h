#pragma once

#include "OversellRegister.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace sk::bench {

struct RegistersRun {
    QList<RegisterTotals> registers;
    double sellOutSeconds = 0;   // from "go" until the last register saw the stock gone
};

// Starts `count` register processes (this program, with registerArguments
// plus each one's --register-index and --seed), waits until every one has
// opened the database, tells them all to start at once and collects their
// totals. nullopt after printing why on stderr (a register that could not
// start, crashed, timed out or printed no totals).
std::optional<RegistersRun> runRegisters(const QString &program, const QStringList &registerArguments, int count,
                                         quint64 seed);

} // namespace sk::bench
