#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QFuture>
#include <QList>
#include <QString>
#include <memory>

namespace sk {

class Database;

// A till and where it sells from (registers). Its receipt numbers run
// without gaps (CheckoutService takes them).
struct Register {
    qint64 id = 0;
    QString code;               // "R1": the prefix of its order numbers
    QString name;
    qint64 locationId = 0;      // the stock a sale takes
    QString locationName;
    bool isActive = true;
    qint64 nextReceiptNumber = 1;
};

// The shop's registers, for the register screen's choice of "this
// register" (each desktop keeps its own choice locally). Listing needs
// UseRegister; adding one needs ManageSettings.
class RegisterDirectory {
public:
    explicit RegisterDirectory(std::shared_ptr<Database> database);

    // Active registers first, then by code.
    QFuture<Result<QList<Register>>> list(const Session &actor);
    // code: up to 8 letters, digits or dashes, unique regardless of case.
    QFuture<Result<Register>> add(const Session &actor, const QString &code, const QString &name, qint64 locationId);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
