#include "audit/AuditLog.h"

#include "auth/Session.h"
#include "db/Connection.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QString canonicalTime(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime truncatedToMilliseconds(const QDateTime &at)
{
    return QDateTime::fromMSecsSinceEpoch(at.toMSecsSinceEpoch(), Qt::UTC);
}

// A null QString binds as SQL NULL; the journal stores empty text instead.
QString notNull(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

} // namespace

AuditEntry AuditEntry::by(const Session &actor, QString action, QString subject, QJsonObject details)
{
    return AuditEntry{std::move(action), std::move(subject), std::move(details), actor.userId, actor.email};
}

QString AuditLog::rowHash(const QString &previousHash, qint64 id, const QDateTime &at, qint64 actorId,
                          const QString &actorEmail, const QString &action, const QString &subject,
                          const QString &detailsJson)
{
    // Numbers travel as strings so the canonical form never depends on how a
    // JSON writer prints large integers.
    const QJsonArray content{QString::number(id), canonicalTime(at), QString::number(actorId), actorEmail,
                             action, subject, detailsJson};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(previousHash.toUtf8());
    hash.addData(QByteArrayView("|"));
    hash.addData(QJsonDocument(content).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(hash.result().toHex());
}

Status AuditLog::appendInTransaction(Connection &connection, const AuditEntry &entry)
{
    const QString lock = connection.dialect().lockForAppend(u"audit_log"_s);
    if (!lock.isEmpty())
        if (Status locked = connection.run(lock); !locked)
            return locked;
    Result<CachedQuery> last = connection.prepared(u"SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"_s);
    if (!last)
        return last.error();
    qint64 previousId = 0;
    QString previousHash = QString::fromUtf16(GenesisHash);
    if (last.value().next()) {
        previousId = last.value().value(0).toLongLong();
        previousHash = last.value().value(1).toString();
    }
    const qint64 id = previousId + 1;
    const QDateTime at = truncatedToMilliseconds(QDateTime::currentDateTimeUtc());
    const QString details = QString::fromUtf8(QJsonDocument(entry.details).toJson(QJsonDocument::Compact));
    const QString hash = rowHash(previousHash, id, at, entry.actorId, entry.actorEmail, entry.action,
                                 entry.subject, details);
    return connection.run(u"INSERT INTO audit_log (id, at, actor_id, actor_email, action, subject, details, "
                          "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                          {id, at, entry.actorId, notNull(entry.actorEmail), notNull(entry.action),
                           notNull(entry.subject), details, previousHash, hash});
}

Result<AuditLog::ChainCheck> AuditLog::verify(Connection &connection)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT id, at, actor_id, actor_email, action, subject, details, prev_hash, hash "
        "FROM audit_log ORDER BY id"_s);
    if (!rows)
        return rows.error();
    const CachedQuery &query = rows.value();
    ChainCheck check;
    qint64 expectedId = 1;
    QString previousHash = QString::fromUtf16(GenesisHash);
    auto broken = [&check](qint64 id, const QString &problem) {
        check.firstBrokenId = id;
        check.problem = problem;
        return check;
    };
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        const QDateTime at = query.value(1).toDateTime();
        const QString storedPrevious = query.value(7).toString();
        const QString storedHash = query.value(8).toString();
        if (id != expectedId)
            return broken(id, QCoreApplication::translate("AuditLog", "Audit journal row %1 is missing: "
                                                                      "the next row is %2.")
                                  .arg(expectedId).arg(id));
        if (storedPrevious != previousHash)
            return broken(id, QCoreApplication::translate("AuditLog", "Audit journal row %1 does not follow "
                                                                      "row %2: a row was changed, removed or "
                                                                      "inserted by hand.")
                                  .arg(id).arg(id - 1));
        const QString computed = rowHash(previousHash, id, at, query.value(2).toLongLong(),
                                         query.value(3).toString(), query.value(4).toString(),
                                         query.value(5).toString(), query.value(6).toString());
        if (computed != storedHash)
            return broken(id, QCoreApplication::translate("AuditLog", "Audit journal row %1 was changed "
                                                                      "after it was written.")
                                  .arg(id));
        previousHash = storedHash;
        ++expectedId;
        ++check.rowsChecked;
    }
    return check;
}

} // namespace sk
