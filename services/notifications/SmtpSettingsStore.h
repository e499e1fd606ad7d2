#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "notifications/SmtpSettings.h"

#include <QFuture>
#include <memory>

namespace sk {

class Connection;
class Database;

// The SMTP settings in the `settings` table (smtp.enabled, smtp.host,
// smtp.port, smtp.security, smtp.user, smtp.password, smtp.from_address,
// smtp.from_name). Only administrators (ManageSettings) read or change them:
// they hold the mail password.
class SmtpSettingsStore {
public:
    explicit SmtpSettingsStore(std::shared_ptr<Database> database);

    QFuture<Result<SmtpSettings>> load(const Session &actor);
    // Audits each changed key, the password only as changed.
    QFuture<Status> save(const Session &actor, const SmtpSettings &settings);

    static Status validate(const SmtpSettings &settings);
    static Result<SmtpSettings> loadInTransaction(Connection &connection);
    static Status saveInTransaction(Connection &connection, const Session &actor, const SmtpSettings &settings);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
