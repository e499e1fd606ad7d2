#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "receipts/ReceiptSettings.h"

#include <QFuture>
#include <memory>

namespace sk {

class Connection;
class Database;

// Each register's receipt printer, kept as rows of `settings` under
// receipt.printer.<register id>.* (host, port, columns, drawer_kick,
// code_page). Anyone signed in reads them; admins change them (audited).
class ReceiptSettingsStore {
public:
    explicit ReceiptSettingsStore(std::shared_ptr<Database> database);

    QFuture<Result<ReceiptSettings>> load(qint64 registerId);
    QFuture<Status> save(const Session &actor, qint64 registerId, const ReceiptSettings &settings);

    static Status validate(const ReceiptSettings &settings);
    static Result<ReceiptSettings> loadInTransaction(Connection &connection, qint64 registerId);
    static Status saveInTransaction(Connection &connection, const Session &actor, qint64 registerId,
                                    const ReceiptSettings &settings);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
