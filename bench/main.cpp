// storekeeper-bench SCENARIO [--runs N] [--app PATH] [--keep] [scenario options]
// Prints one JSON object per figure on stdout (see docs/benchmarks.md).
// Exit status: 0 done, 1 a run failed (why on stderr), 2 usage error.
#include "ChildProcess.h"
#include "MetricWriter.h"
#include "Scenario.h"

#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace sk::bench;

namespace {

constexpr int kDefaultRuns = 5;
constexpr int kMaxRuns = 1000;

void printTo(std::FILE *stream, const QString &text)
{
    std::fputs(qPrintable(text), stream);
    std::fputc('\n', stream);
}

QString scenarioList()
{
    QString text = u"Scenarios:\n"_s;
    for (const Scenario &scenario : scenarios())
        text += u"  %1  %2\n"_s.arg(QString::fromLatin1(scenario.name).leftJustified(10),
                                    QString::fromLatin1(scenario.description));
    return text.trimmed();
}

int usageError(const QString &message)
{
    printTo(stderr, u"storekeeper-bench: "_s + message);
    printTo(stderr, u"Run \"storekeeper-bench --help\" for the scenarios and options."_s);
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"storekeeper-bench"_s);
    QCoreApplication::setOrganizationName(u"Storekeeper"_s);

    const QStringList arguments = QCoreApplication::arguments();
    const QString first = arguments.value(1);
    const Scenario *scenario = first.startsWith(u'-') ? nullptr : findScenario(first);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measures Storekeeper against the raw sqlite3 C API doing the same work."_s
                                     u"\n\n"_s + scenarioList());
    parser.addPositionalArgument(u"scenario"_s, u"The workload to measure."_s, u"SCENARIO"_s);
    parser.addOption(QCommandLineOption({u"h"_s, u"help"_s}, u"Show this help."_s));
    parser.addOption(QCommandLineOption(
        u"runs"_s, u"Repetitions; each figure is their median (default %1)."_s.arg(kDefaultRuns), u"N"_s));
    parser.addOption(QCommandLineOption(
        u"app"_s, u"The storekeeper binary (default: ../app/storekeeper next to this program)."_s, u"PATH"_s));
    parser.addOption(QCommandLineOption(u"keep"_s, u"Keep the temporary database and print where it is."_s));
    if (scenario && scenario->addOptions)
        scenario->addOptions(parser);

    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(u"help"_s)) {
        printTo(stdout, parser.helpText());
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(u"name a scenario.\n"_s + scenarioList());
    if (!scenario)
        return usageError(u"unknown scenario \"%1\".\n"_s.arg(positional.constFirst()) + scenarioList());
    if (positional.size() > 1)
        return usageError(u"unexpected argument \"%1\"."_s.arg(positional.at(1)));

    BenchContext context;
    context.scenario = QString::fromLatin1(scenario->name);
    context.parser = &parser;
    context.keepFiles = parser.isSet(u"keep"_s);
    if (parser.isSet(u"runs"_s)) {
        bool isNumber = false;
        context.runs = parser.value(u"runs"_s).toInt(&isNumber);
        if (!isNumber || context.runs < 1 || context.runs > kMaxRuns)
            return usageError(u"--runs needs a whole number from 1 to %1."_s.arg(kMaxRuns));
    }
    // Resolved here, checked by the scenarios that start it.
    context.appPath = locateApp(parser.value(u"app"_s));
    context.requestedApp = parser.value(u"app"_s);

    MetricWriter out(context.scenario);
    return scenario->run(context, out);
}
