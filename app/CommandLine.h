#pragma once

#include "core/Error.h"
#include "db/Database.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStringList>
#include <memory>
#include <optional>

namespace sk::cli {

// Exit statuses of the storekeeper binary (DESIGN.md, docs/cli.md). Scripts
// rely on them, so they never change meaning.
enum ExitStatus : int {
    ExitOk = 0,     // done
    ExitFailed = 1, // the operation failed; the sentence saying why is on stderr
    ExitUsage = 2,  // the command line was wrong; nothing was done
};

// Results for people and scripts go to stdout, problems and progress to
// stderr, one line per call.
void printOut(const QString &line);
void printError(const QString &line);
bool stdinIsTerminal();
bool stderrIsTerminal();

// The result of opening the database for a command: the database, or the exit
// status to end with (the reason has already been printed).
struct DatabaseOpening {
    std::shared_ptr<Database> database;
    int exitStatus = ExitOk;
    Error error; // why it failed, for a window that also shows it
    explicit operator bool() const { return database != nullptr; }
};

// The parsing every command shares: its own options plus --database, --lang,
// --verbose and --help; usage errors printed the same way everywhere.
class CommandLine {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    enum class DatabaseFile {
        MayCreate, // a new SQLite file is created (and migrated) when missing
        MustExist, // commands that only read or copy a shop must not invent one
    };

    // `command` is what the user typed after "storekeeper", e.g. "user add"
    // (empty for the desktop application); `syntax` the rest of the usage
    // line, e.g. "FILE".
    CommandLine(QString command, QString description, QString syntax = {});

    void addOption(const QCommandLineOption &option) { m_parser.addOption(option); }
    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QString value(const QString &name) const { return m_parser.value(name); }

    // Parses the program's arguments (program name first). Returns an exit
    // status when the command must end now: ExitOk after printing --help,
    // ExitUsage after printing a usage error; std::nullopt to go on.
    std::optional<int> parse(const QStringList &arguments, int minArguments, int maxArguments);
    // The positional arguments after the command words.
    QStringList arguments() const { return m_arguments; }

    // Prints "storekeeper <command>: <message>" and a pointer to --help;
    // returns ExitUsage.
    int usageError(const QString &message) const;
    // Prints the error's sentence (and its details with --verbose); returns
    // ExitFailed.
    int failed(const Error &error) const;

    // --database URL, else STOREKEEPER_DATABASE, else the default file. An
    // address that cannot be read is a usage error; one that cannot be
    // reached, a failure.
    DatabaseOpening openDatabase(DatabaseFile file, bool migrate) const;

    QString helpText() const;

private:
    void addCommonOptions();

    QString m_command;
    QString m_syntax;
    QCommandLineParser m_parser;
    QStringList m_arguments;
};

} // namespace sk::cli
