#include "db/ChangeLog.h"

#include "db/Connection.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

const QString kEverything = u"*"_s;

QList<qint64> sortedUnique(QList<qint64> ids)
{
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// The topic travels in the payload before a colon, so it is kept to the
// characters a topic name has.
bool isTopicName(const QString &topic)
{
    if (topic.isEmpty())
        return false;
    return std::all_of(topic.cbegin(), topic.cend(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_';
    });
}

} // namespace

QString ChangeLog::channel()
{
    return u"storekeeper_changes"_s;
}

QStringList ChangeLog::payloads(const QString &topic, const QList<qint64> &ids)
{
    const QString prefix = topic + u':';
    if (ids.size() > kMaxListedIds)
        return {prefix + kEverything};
    QStringList payloads;
    QString current = prefix;
    for (qint64 id : sortedUnique(ids)) {
        const QString number = QString::number(id);
        const bool first = current.size() == prefix.size();
        // Payloads are ASCII, so characters are bytes.
        if (!first && current.size() + 1 + number.size() >= kMaxPayloadBytes) {
            payloads.append(current);
            current = prefix;
        }
        if (current.size() > prefix.size())
            current += u',';
        current += number;
    }
    if (current.size() > prefix.size())
        payloads.append(current);
    return payloads;
}

std::optional<ChangeLog::Notice> ChangeLog::parsePayload(const QString &payload)
{
    const qsizetype colon = payload.indexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    Notice notice;
    notice.topic = payload.left(colon);
    if (!isTopicName(notice.topic))
        return std::nullopt;
    const QStringView list = QStringView(payload).mid(colon + 1);
    if (list == kEverything) {
        notice.everything = true;
        return notice;
    }
    for (QStringView part : list.split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 id = part.toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        notice.ids.append(id);
    }
    return notice;
}

Status ChangeLog::recordInTransaction(Connection &connection, const QString &topic, const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return Status::success();
    if (!isTopicName(topic))
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("ChangeLog", "The change could not be announced to other "
                                                                    "registers. Report this problem."),
                           u"invalid change topic: "_s + topic);
    const QStringList texts = payloads(topic, ids);
    if (connection.isPostgres()) {
        // Queued by the server and delivered to listeners when (and only if)
        // this transaction commits.
        for (const QString &payload : texts)
            if (Status ok = connection.run(u"SELECT pg_notify(?, ?)"_s, {channel(), payload}); !ok)
                return ok;
        return Status::success();
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 lastId = 0;
    for (const QString &payload : texts) {
        Result<qint64> id = connection.insert(
            u"INSERT INTO change_log (topic, ids, at) VALUES (?, ?, ?) RETURNING id"_s,
            {topic, payload.mid(topic.size() + 1), now});
        if (!id)
            return id.error();
        lastId = id.value();
    }
    if (lastId % kPruneEvery == 0)
        return pruneInTransaction(connection, now.addSecs(-kRetentionSeconds));
    return Status::success();
}

Status ChangeLog::pruneInTransaction(Connection &connection, const QDateTime &cutoff)
{
    if (!connection.isSqlite())
        return Status::success();
    return connection.run(u"DELETE FROM change_log WHERE id IN "
                          "(SELECT id FROM change_log WHERE at < ? ORDER BY at LIMIT ?)"_s,
                          {cutoff, kPruneBatch});
}

} // namespace sk
