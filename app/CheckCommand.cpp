#include "CommandLine.h"
#include "Commands.h"

#include "db/Migrator.h"
#include "maintenance/IntegrityCheck.h"

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

class CheckCommand {
    Q_DECLARE_TR_FUNCTIONS(CheckCommand)

public:
    static int run(const QStringList &arguments);

private:
    static void print(const IntegrityCheck::Finding &finding);
};

void CheckCommand::print(const IntegrityCheck::Finding &finding)
{
    // PASS/FAIL stay English so that scripts can grep them in any language.
    printOut(u"%1  %2  %3"_s.arg(finding.passed ? u"PASS"_s : u"FAIL"_s, finding.check, finding.message));
}

int CheckCommand::run(const QStringList &arguments)
{
    CommandLine commandLine(u"check"_s,
                            tr("Checks the database: the database's own integrity check, then every rule "
                               "the shop's data keeps (stock, orders, payments, the audit journal). "
                               "Prints one PASS or FAIL line per check; the exit status is 0 only when "
                               "all passed. The database is not changed."));
    if (std::optional<int> done = commandLine.parse(arguments, 0, 0))
        return *done;

    // migrate = false: checking must not change the database, not even by
    // upgrading its schema.
    const DatabaseOpening opening = commandLine.openDatabase(CommandLine::DatabaseFile::MustExist, false);
    if (!opening)
        return opening.exitStatus;

    int checks = 0;
    int failures = 0;
    const int schema = opening.database->schemaVersion();
    if (schema < Migrator::latestVersion()) {
        print({u"schema.version"_s, false,
               tr("The database has schema version %1; this Storekeeper uses %2. Open it once with "
                  "this version (for example with \"storekeeper user add\" or the desktop application) "
                  "to upgrade it, then check again.")
                   .arg(schema)
                   .arg(Migrator::latestVersion())});
        ++failures;
        ++checks;
    }

    const Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(opening.database).run());
    if (!report)
        return commandLine.failed(report.error());
    for (const IntegrityCheck::Finding &finding : report->findings) {
        print(finding);
        failures += finding.passed ? 0 : 1;
        ++checks;
    }
    if (failures == 0) {
        printOut(tr("All %1 checks passed.").arg(checks));
        return ExitOk;
    }
    printError(tr("%1 of %2 checks failed. Restore the latest backup that passes, or ask for help "
                  "with the lines marked FAIL.")
                   .arg(failures)
                   .arg(checks));
    return ExitFailed;
}

} // namespace

int runCheckCommand(const QStringList &arguments)
{
    return CheckCommand::run(arguments);
}

} // namespace sk::cli
