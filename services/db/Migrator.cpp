#include "db/Migrator.h"

#include "db/Connection.h"
#include "db/Transaction.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

static void initMigrationResources()
{
    Q_INIT_RESOURCE(storekeeper_migrations);
}

namespace sk {

namespace {

QList<Migrator::Migration> loadMigrations(const QString &dialectName)
{
    initMigrationResources();
    static const QRegularExpression pattern(u"^(\\d{4})_([a-z0-9_]+?)(?:\\.(sqlite|postgres))?\\.sql$"_s);
    QMap<int, Migrator::Migration> byVersion;
    QMap<int, bool> hasVariant;
    const QStringList files = QDir(u":/migrations"_s).entryList(QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QRegularExpressionMatch match = pattern.match(file);
        if (!match.hasMatch())
            continue;
        const QString variant = match.captured(3);
        if (!variant.isEmpty() && variant != dialectName)
            continue;
        const int version = match.captured(1).toInt();
        if (variant.isEmpty() && hasVariant.value(version))
            continue;
        QFile resource(u":/migrations/"_s + file);
        if (!resource.open(QIODevice::ReadOnly))
            continue;
        byVersion[version] = Migrator::Migration{version, match.captured(2), QString::fromUtf8(resource.readAll())};
        if (!variant.isEmpty())
            hasVariant[version] = true;
    }
    return byVersion.values();
}

} // namespace

Migrator::Migrator(Connection &connection) : m_connection(connection) {}

Migrator::Migrator(Connection &connection, QList<Migration> migrations)
    : m_connection(connection), m_migrations(std::move(migrations))
{
}

QList<Migrator::Migration> Migrator::available() const
{
    if (m_migrations)
        return *m_migrations;
    return loadMigrations(m_connection.dialect().name());
}

QList<Migrator::Migration> Migrator::availableFor(const QString &dialectName)
{
    return loadMigrations(dialectName);
}

int Migrator::latestVersion()
{
    const QList<Migration> all = loadMigrations(u"sqlite"_s);
    return all.isEmpty() ? 0 : all.last().version;
}

Status Migrator::ensureVersionTable()
{
    return m_connection.run(m_connection.dialect().translateDdl(
        u"CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, name %TEXT% NOT NULL, applied_at %TIMESTAMP% NOT NULL)"_s));
}

Result<int> Migrator::currentVersion()
{
    if (Status ok = ensureVersionTable(); !ok)
        return ok.error();
    Result<QVariant> version = m_connection.scalar(u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s);
    if (!version)
        return version.error();
    return version.value().toInt();
}

QStringList Migrator::splitStatements(const QString &sql)
{
    QStringList statements;
    QString current;
    bool inTrigger = false;
    bool inDollarQuote = false;
    const QStringList lines = sql.split(u'\n');
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (current.trimmed().isEmpty() && (trimmed.isEmpty() || trimmed.startsWith(u"--"_s)))
            continue;
        current += line + u'\n';
        if (trimmed.startsWith(u"CREATE TRIGGER"_s, Qt::CaseInsensitive))
            inTrigger = true;
        if (line.count(u"$$"_s) % 2 == 1)
            inDollarQuote = !inDollarQuote;
        if (inDollarQuote || !trimmed.endsWith(u';'))
            continue;
        if (inTrigger && trimmed.compare(u"END;"_s, Qt::CaseInsensitive) != 0)
            continue;
        inTrigger = false;
        QString statement = current.trimmed();
        statement.chop(1);
        statements.append(statement);
        current.clear();
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

Result<int> Migrator::migrate()
{
    const QList<Migration> migrations = available();
    const int latest = migrations.isEmpty() ? 0 : migrations.last().version;
    Result<int> before = currentVersion();
    if (!before)
        return before.error();
    if (before.value() > latest)
        return Error::make(ErrorCode::SchemaTooNew,
                           QCoreApplication::translate("Migrator", "This database was written by a newer version of Storekeeper "
                              "(schema %1; this program knows schema %2). Install the newer "
                              "Storekeeper to open it.").arg(before.value()).arg(latest));
    int version = before.value();
    for (const Migration &migration : migrations) {
        if (migration.version <= version)
            continue;
        Transaction transaction(m_connection, Transaction::Mode::Write);
        if (Status begun = transaction.begin(); !begun)
            return begun.error();
        // Another process may have migrated while we waited for the write lock.
        Result<QVariant> now = m_connection.scalar(u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s);
        if (!now)
            return now.error();
        if (now.value().toInt() >= migration.version) {
            version = now.value().toInt();
            continue;
        }
        const QStringList statements = splitStatements(m_connection.dialect().translateDdl(migration.sql));
        for (const QString &statement : statements) {
            if (Status ran = m_connection.run(statement); !ran)
                return Error::make(ErrorCode::Database,
                                   QCoreApplication::translate("Migrator", "Updating the database to schema %1 (%2) failed; it was left "
                                      "at schema %3. Restore a backup or report this problem.")
                                       .arg(migration.version).arg(migration.name).arg(version),
                                   ran.error().details);
        }
        if (Status recorded = m_connection.run(
                u"INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)"_s,
                {migration.version, migration.name, QDateTime::currentDateTimeUtc()});
            !recorded)
            return recorded.error();
        if (Status committed = transaction.commit(); !committed)
            return committed.error();
        version = migration.version;
    }
    return version;
}

} // namespace sk
