#pragma once

#include <QStringList>
#include <QStringView>

namespace sk::cli {

// The commands "storekeeper COMMAND ..." runs without a window. Each one
// takes the program's arguments (program name first, then the command) and
// returns its exit status.
struct Command {
    const char *name;
    const char *usage;   // what follows "storekeeper", for --help
    const char *summary; // QT_TRANSLATE_NOOP("Commands", ...): one line for --help
    int (*run)(const QStringList &arguments);
};

const QList<Command> &commands();
const Command *findCommand(QStringView name);

int runDemoCommand(const QStringList &arguments);
int runUserCommand(const QStringList &arguments);
int runCheckCommand(const QStringList &arguments);
int runBackupCommand(const QStringList &arguments);
int runImportCommand(const QStringList &arguments);
int runExportCommand(const QStringList &arguments);
int runReportCommand(const QStringList &arguments);
int runServeCommand(const QStringList &arguments);

} // namespace sk::cli
