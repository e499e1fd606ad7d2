#include "maintenance/Backup.h"

#include "db/Database.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QtConcurrent/QtConcurrentRun>

#include "core/BackgroundPool.h"

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Status postgresDump(const DatabaseUrl &url, const QString &target)
{
    QProcess dump;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PGPASSWORD"_s, url.password);
    dump.setProcessEnvironment(environment);
    dump.start(u"pg_dump"_s, {u"--format=custom"_s, u"--host"_s, url.host, u"--port"_s, QString::number(url.port),
                              u"--username"_s, url.user, u"--file"_s, target, url.databaseName});
    if (!dump.waitForStarted(10000))
        return Error::make(ErrorCode::Unavailable,
                           QCoreApplication::translate("Backup", "pg_dump could not be started. Install the PostgreSQL client tools "
                              "(scripts/bootstrap does)."));
    dump.waitForFinished(-1);
    if (dump.exitStatus() != QProcess::NormalExit || dump.exitCode() != 0) {
        QFile::remove(target);
        return Error::make(ErrorCode::Database, QCoreApplication::translate("Backup", "pg_dump could not write the backup. Nothing was saved."),
                           QString::fromLocal8Bit(dump.readAllStandardError()));
    }
    return Status::success();
}

} // namespace

Backup::Backup(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Status> Backup::writeTo(const QString &filePath)
{
    const QString target = QFileInfo(filePath).absoluteFilePath();
    if (filePath.trimmed().isEmpty())
        return QtFuture::makeReadyFuture(Status(Error::make(ErrorCode::InvalidInput, QCoreApplication::translate("Backup", "Name the backup file."))));
    if (QFileInfo::exists(target))
        return QtFuture::makeReadyFuture(Status(Error::make(
            ErrorCode::Conflict,
            QCoreApplication::translate("Backup", "The file %1 already exists. Choose a new file name; a backup never overwrites a file.").arg(target))));
    if (!QFileInfo(QFileInfo(target).absolutePath()).isDir())
        return QtFuture::makeReadyFuture(Status(Error::make(
            ErrorCode::InvalidInput, QCoreApplication::translate("Backup", "The folder %1 does not exist.").arg(QFileInfo(target).absolutePath()))));
    if (m_database->url().isPostgres())
        return QtConcurrent::run(&backgroundPool(), [url = m_database->url(), target] { return postgresDump(url, target); });
    // VACUUM INTO copies one consistent snapshot while other connections keep
    // writing; it must run outside a transaction, on the writer connection.
    return m_database->maintain([target](Connection &connection) -> Status {
        Status ok = connection.run(u"VACUUM INTO ?"_s, {target});
        if (!ok) {
            QFile::remove(target);
            return Error::make(ErrorCode::Database,
                               QCoreApplication::translate("Backup", "The backup could not be written to %1. Check the folder and free space.").arg(target),
                               ok.error().details);
        }
        return Status::success();
    });
}

} // namespace sk
