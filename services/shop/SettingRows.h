#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace sk {

class Connection;

// The settings table as key/value rows, shared by the stores that keep a
// group of settings there (shop, sales, payment gateway, receipt printers).
namespace SettingRows {

// The rows with these keys, and every row whose key starts with prefix
// (when one is given). Missing keys are simply absent.
Result<QMap<QString, QString>> readInTransaction(Connection &connection, const QStringList &keys,
                                                 const QString &prefix = {});

struct Change {
    QMap<QString, QString> before;   // full keys, as stored
    QMap<QString, QString> after;
    bool writeUnchanged = false;     // write (and journal) every row of `after`: the first save
    QSet<QString> secretKeys;        // the journal says such a key changed, never to what
    QString removablePrefix;         // keys of `before` with it that `after` lacks are deleted
};

// Writes the rows that differ, deletes the removable ones, and journals each
// change in the audit log as settings.changed.
Status writeInTransaction(Connection &connection, const Session &actor, const Change &change);

} // namespace SettingRows

} // namespace sk
