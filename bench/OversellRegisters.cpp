#include "OversellRegisters.h"

#include "RegisterFleet.h"

#include <cstdio>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk::bench {

std::optional<RegistersRun> runRegisters(const QString &program, const QStringList &registerArguments, int count,
                                         quint64 seed)
{
    QList<QStringList> arguments;
    for (int i = 0; i < count; ++i)
        arguments.append(registerArguments + QStringList{u"--register-index"_s, QString::number(i), u"--seed"_s,
                                                         QString::number(seed + quint64(i))});
    const std::optional<FleetRun> fleet = runRegisterFleet("oversell", program, arguments);
    if (!fleet)
        return std::nullopt;
    RegistersRun run;
    qint64 lastFinishedNs = fleet->goNs;
    bool complete = true;
    for (qsizetype i = 0; i < fleet->lastLines.size(); ++i) {
        std::optional<RegisterTotals> totals = RegisterTotals::fromJson(fleet->lastLines.at(i));
        if (!totals) {
            std::fprintf(stderr, "storekeeper-bench oversell: register %d ended without its totals.\n", int(i));
            complete = false;
            continue;
        }
        if (!totals->failure.isEmpty())
            std::fprintf(stderr, "storekeeper-bench oversell: register %d stopped: %s\n", int(i),
                         qPrintable(totals->failure));
        lastFinishedNs = std::max(lastFinishedNs, totals->finishedAtNs);
        run.registers.append(*totals);
    }
    if (!complete)
        return std::nullopt;
    run.sellOutSeconds = double(lastFinishedNs - fleet->goNs) / 1e9;
    return run;
}

} // namespace sk::bench
