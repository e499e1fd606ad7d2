#include "shop/SettingRows.h"

#include "audit/AuditLog.h"
#include "db/Connection.h"

#include <QDateTime>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sk::SettingRows {

namespace {

Status journal(Connection &connection, const Session &actor, const QString &key, const QJsonObject &details)
{
    return AuditLog::appendInTransaction(
        connection, AuditEntry::by(actor, u"settings.changed"_s, u"setting:"_s + key, details));
}

} // namespace

Result<QMap<QString, QString>> readInTransaction(Connection &connection, const QStringList &keys,
                                                 const QString &prefix)
{
    QStringList conditions;
    QVariantList values;
    if (!keys.isEmpty()) {
        conditions.append(u"key IN ("_s + QStringList(keys.size(), u"?"_s).join(u", "_s) + u')');
        for (const QString &key : keys)
            values.append(key);
    }
    if (!prefix.isEmpty()) {
        conditions.append(u"key LIKE ? ESCAPE '\\'"_s);
        values.append(QString(prefix).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s) + u'%');
    }
    QMap<QString, QString> rows;
    if (conditions.isEmpty())
        return rows;
    Result<CachedQuery> found =
        connection.prepared(u"SELECT key, value FROM settings WHERE "_s + conditions.join(u" OR "_s), values);
    if (!found)
        return found.error();
    while (found->next())
        rows.insert(found->value(0).toString(), found->value(1).toString());
    return rows;
}

Status writeInTransaction(Connection &connection, const Session &actor, const Change &change)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (auto it = change.after.cbegin(); it != change.after.cend(); ++it) {
        const QString before = change.before.value(it.key());
        if (!change.writeUnchanged && before == it.value())
            continue;
        if (Status ok = connection.run(u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                                       "updated_at = excluded.updated_at"_s,
                                       {it.key(), it.value().isNull() ? u""_s : it.value(), now});
            !ok)
            return ok;
        const QJsonObject details = change.secretKeys.contains(it.key())
                                        ? QJsonObject{{u"changed"_s, true}}
                                        : QJsonObject{{u"from"_s, before}, {u"to"_s, it.value()}};
        if (Status ok = journal(connection, actor, it.key(), details); !ok)
            return ok;
    }
    if (change.removablePrefix.isEmpty())
        return Status::success();
    for (auto it = change.before.cbegin(); it != change.before.cend(); ++it) {
        if (!it.key().startsWith(change.removablePrefix) || change.after.contains(it.key()))
            continue;
        if (Status ok = connection.run(u"DELETE FROM settings WHERE key = ?"_s, {it.key()}); !ok)
            return ok;
        if (Status ok = journal(connection, actor, it.key(), {{u"from"_s, it.value()}, {u"to"_s, QJsonValue::Null}});
            !ok)
            return ok;
    }
    return Status::success();
}

} // namespace sk::SettingRows
