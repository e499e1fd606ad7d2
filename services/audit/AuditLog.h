#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace sk {

class Connection;
struct Session;

struct AuditEntry {
    QString action;        // e.g. "auth.sign_in", "user.role_changed", "settings.changed"
    QString subject;       // what it is about, e.g. "user:12" or "setting:tax_rate"
    QJsonObject details;   // small, never secrets (no passwords, PINs or hashes)
    qint64 actorId = 0;    // 0 for the system or an unknown user
    QString actorEmail;

    static AuditEntry by(const Session &actor, QString action, QString subject, QJsonObject details = {});
};

// Append-only, hash-chained journal. Each row stores the previous row's hash
// and SHA-256(previous hash | its own canonical content); ids run without gaps.
// Editing, deleting or inserting a row by hand breaks the chain at that row.
class AuditLog {
public:
    static constexpr char16_t GenesisHash[] = u"0000000000000000000000000000000000000000000000000000000000000000";

    // Expects the caller's write transaction to be open: the entry commits or
    // rolls back together with the change it describes.
    static Status appendInTransaction(Connection &connection, const AuditEntry &entry);

    struct ChainCheck {
        qint64 rowsChecked = 0;
        qint64 firstBrokenId = 0; // 0 when the chain is intact
        QString problem;          // a sentence describing the first broken row
        bool intact() const { return firstBrokenId == 0; }
    };
    // Walks the whole chain in id order.
    static Result<ChainCheck> verify(Connection &connection);

    static QString rowHash(const QString &previousHash, qint64 id, const QDateTime &at, qint64 actorId,
                           const QString &actorEmail, const QString &action, const QString &subject,
                           const QString &detailsJson);
};

} // namespace sk
