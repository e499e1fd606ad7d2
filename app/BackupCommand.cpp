#include "CommandLine.h"
#include "Commands.h"

#include "maintenance/Backup.h"

#include <QFileInfo>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

class BackupCommand {
    Q_DECLARE_TR_FUNCTIONS(BackupCommand)

public:
    static int run(const QStringList &arguments);
};

int BackupCommand::run(const QStringList &arguments)
{
    CommandLine commandLine(u"backup"_s,
                            tr("Writes a consistent copy of the database to FILE, also while registers "
                               "keep selling. An SQLite shop is copied as an SQLite file; a PostgreSQL "
                               "shop as a pg_dump archive. An existing FILE is never overwritten."),
                            tr("FILE"));
    if (std::optional<int> done = commandLine.parse(arguments, 1, 1))
        return *done;
    const QString target = QFileInfo(commandLine.arguments().constFirst()).absoluteFilePath();

    // migrate = false: a backup copies the shop as it is.
    const DatabaseOpening opening = commandLine.openDatabase(CommandLine::DatabaseFile::MustExist, false);
    if (!opening)
        return opening.exitStatus;

    const Status written = Database::wait(Backup(opening.database).writeTo(target));
    if (!written)
        return commandLine.failed(written.error());
    printOut(tr("Backup written to %1 (%2).").arg(target, QLocale().formattedDataSize(QFileInfo(target).size())));
    return ExitOk;
}

} // namespace

int runBackupCommand(const QStringList &arguments)
{
    return BackupCommand::run(arguments);
}

} // namespace sk::cli
