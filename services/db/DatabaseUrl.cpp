#include "db/DatabaseUrl.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Error badUrl(const QString &text, const QString &why)
{
    return Error::make(ErrorCode::InvalidInput,
                       QCoreApplication::translate("DatabaseUrl", "The database address \"%1\" is not valid: %2 "
                          "Use a file path, sqlite:///path/to/shop.db or "
                          "postgresql://user:password@host:5432/database.")
                           .arg(text, why));
}

Result<DatabaseUrl> parsePostgres(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return badUrl(text, QCoreApplication::translate("DatabaseUrl", "it could not be read as a URL."));
    DatabaseUrl result;
    result.kind = DatabaseUrl::Kind::Postgres;
    result.host = url.host();
    if (result.host.isEmpty())
        return badUrl(text, QCoreApplication::translate("DatabaseUrl", "the host name is missing."));
    result.port = url.port(5432);
    if (result.port <= 0 || result.port > 65535)
        return badUrl(text, QCoreApplication::translate("DatabaseUrl", "the port must be between 1 and 65535."));
    result.user = url.userName(QUrl::FullyDecoded);
    result.password = url.password(QUrl::FullyDecoded);
    QString name = url.path(QUrl::FullyDecoded);
    if (name.startsWith(u'/'))
        name.remove(0, 1);
    if (name.isEmpty() || name.contains(u'/'))
        return badUrl(text, QCoreApplication::translate("DatabaseUrl", "the database name is missing."));
    result.databaseName = name;
    return result;
}

Result<DatabaseUrl> sqliteFile(const QString &text, const QString &path)
{
    if (path.trimmed().isEmpty())
        return badUrl(text, QCoreApplication::translate("DatabaseUrl", "the file path is empty."));
    if (QFileInfo(path).isDir())
        return badUrl(text, QCoreApplication::translate("DatabaseUrl", "it names a folder, not a file."));
    DatabaseUrl result;
    result.kind = DatabaseUrl::Kind::Sqlite;
    result.path = QFileInfo(path).absoluteFilePath();
    return result;
}

} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString &raw)
{
    const QString text = raw.trimmed();
    if (text.isEmpty())
        return badUrl(raw, QCoreApplication::translate("DatabaseUrl", "it is empty."));
    if (text.startsWith(u"postgresql://"_s, Qt::CaseInsensitive)
        || text.startsWith(u"postgres://"_s, Qt::CaseInsensitive))
        return parsePostgres(text);
    if (text.startsWith(u"sqlite://"_s, Qt::CaseInsensitive)) {
        const QString path = QUrl::fromPercentEncoding(text.mid(9).toUtf8());
        if (!path.startsWith(u'/'))
            return badUrl(text, QCoreApplication::translate("DatabaseUrl", "an sqlite:// address needs an absolute path (three slashes)."));
        return sqliteFile(text, path);
    }
    const qsizetype scheme = text.indexOf(u"://"_s);
    if (scheme > 0)
        return badUrl(text, QCoreApplication::translate("DatabaseUrl", "the kind \"%1\" is not supported.").arg(text.left(scheme)));
    return sqliteFile(text, text);
}

Result<DatabaseUrl> DatabaseUrl::resolve(const QString &commandLineValue)
{
    if (!commandLineValue.isEmpty())
        return parse(commandLineValue);
    const QString fromEnvironment = qEnvironmentVariable("STOREKEEPER_DATABASE");
    if (!fromEnvironment.isEmpty())
        return parse(fromEnvironment);
    return parse(defaultSqlitePath());
}

QString DatabaseUrl::defaultSqlitePath()
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (folder.isEmpty())
        folder = QDir::homePath() + u"/.local/share/Storekeeper"_s;
    return folder + u"/storekeeper.db"_s;
}

QString DatabaseUrl::displayName() const
{
    if (isSqlite())
        return path;
    QString who = user.isEmpty() ? QString() : user + u'@';
    return u"postgresql://%1%2:%3/%4"_s.arg(who, host).arg(port).arg(databaseName);
}

QString DatabaseUrl::toString() const
{
    if (isSqlite())
        return u"sqlite://"_s + path;
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    url.setPassword(password);
    url.setPath(u'/' + databaseName);
    return url.toString();
}

} // namespace sk
