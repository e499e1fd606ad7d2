#pragma once

#include <QCommandLineParser>
#include <QList>
#include <QString>

namespace sk::bench {

class MetricWriter;

// What every scenario gets from the command line.
struct BenchContext {
    QString scenario;
    int runs = 5;            // --runs: repetitions; figures are medians
    QString appPath;         // the storekeeper binary, empty when not found (see locateApp)
    QString requestedApp;    // --app as given
    bool keepFiles = false;  // --keep: leave the temporary database for a look
    const QCommandLineParser *parser = nullptr; // the scenario's own options
};

// One workload. Adding a scenario = one file defining a function that
// returns its Scenario, plus one line in Scenarios.cpp.
struct Scenario {
    const char *name;
    const char *description;
    // Adds the scenario's own options (may be nullptr).
    void (*addOptions)(QCommandLineParser &parser);
    // Prints its figures through `out`; returns the process exit status
    // (0, or 1 after printing why it failed on stderr).
    int (*run)(const BenchContext &context, MetricWriter &out);
};

const QList<Scenario> &scenarios();
const Scenario *findScenario(const QString &name);

// The scenarios (one file each).
Scenario startupScenario();

} // namespace sk::bench
