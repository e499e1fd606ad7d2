#include "ScenarioOutput.h"

#include "MetricWriter.h"

#include "db/Database.h"
#include "maintenance/IntegrityCheck.h"

#include <cstdio>

using namespace Qt::StringLiterals;

namespace sk::bench {

void ScenarioOutput::fail(const QString &message) const
{
    std::fprintf(stderr, "storekeeper-bench %s: %s\n", m_scenario, qPrintable(message));
}

void ScenarioOutput::failWith(const Error &error) const
{
    fail(error.details.isEmpty() ? error.message : error.message + u' ' + error.details);
}

void ScenarioOutput::progress(const QString &message) const
{
    std::fprintf(stderr, "%s: %s\n", m_scenario, qPrintable(message));
}

std::optional<qint64> ScenarioOutput::numberOption(const QCommandLineParser &parser, const QString &name,
                                                   qint64 fallback, qint64 minimum, qint64 maximum) const
{
    if (!parser.isSet(name))
        return fallback;
    bool isNumber = false;
    const qint64 value = parser.value(name).toLongLong(&isNumber);
    if (!isNumber || value < minimum || value > maximum) {
        fail(u"--%1 needs a whole number from %2 to %3."_s.arg(name).arg(minimum).arg(maximum));
        return std::nullopt;
    }
    return value;
}

void ScenarioOutput::writeCount(MetricWriter &out, const QString &name, double value, const QString &unit)
{
    out.write({name, value, unit, std::nullopt, Metric::Kind::Time, 1});
}

bool ScenarioOutput::reportCheck(MetricWriter &out, const std::shared_ptr<Database> &database) const
{
    const Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(database).run());
    if (!report) {
        fail(u"storekeeper check could not run: "_s + report.error().message);
        writeCount(out, u"check_ok"_s, 0, u"bool"_s);
        return false;
    }
    for (const IntegrityCheck::Finding &finding : report->findings)
        if (!finding.passed)
            fail(u"check %1 failed: %2"_s.arg(finding.check, finding.message));
    writeCount(out, u"check_ok"_s, report->passed() ? 1 : 0, u"bool"_s);
    return report->passed();
}

} // namespace sk::bench
