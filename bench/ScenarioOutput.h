#pragma once

#include "core/Error.h"

#include <QCommandLineParser>
#include <QString>
#include <memory>
#include <optional>

namespace sk {
class Database;
}

namespace sk::bench {

class MetricWriter;

// What a scenario says besides its figures, in one voice for every
// scenario: failures as "storekeeper-bench NAME: sentence" and progress as
// "NAME: sentence" on stderr, its numeric options checked the same way,
// counts and the integrity check as figure lines.
class ScenarioOutput {
public:
    constexpr explicit ScenarioOutput(const char *scenario) : m_scenario(scenario) {}

    void fail(const QString &message) const;
    // The error's sentence and, when there are any, its details.
    void failWith(const Error &error) const;
    void progress(const QString &message) const;

    // --NAME as a whole number from minimum to maximum, `fallback` when it
    // is not given; nullopt after saying what is wrong (a usage error).
    std::optional<qint64> numberOption(const QCommandLineParser &parser, const QString &name, qint64 fallback,
                                       qint64 minimum, qint64 maximum) const;

    // A figure without a raw twin: a count, a flag, a size.
    static void writeCount(MetricWriter &out, const QString &name, double value, const QString &unit);
    // `storekeeper check` (IntegrityCheck) on the database: each failed
    // check on stderr, check_ok 1 or 0 as a figure. True when all passed.
    bool reportCheck(MetricWriter &out, const std::shared_ptr<Database> &database) const;

private:
    const char *m_scenario;
};

} // namespace sk::bench
