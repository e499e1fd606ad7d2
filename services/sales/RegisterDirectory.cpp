#include "sales/RegisterDirectory.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxNameLength = 100;

const QString kSelect = u"SELECT r.id, r.code, r.name, r.location_id, l.name, r.is_active, r.next_receipt_number "
                        "FROM registers r JOIN locations l ON l.id = r.location_id "_s;

Register registerFrom(const CachedQuery &row)
{
    return Register{row.value(0).toLongLong(), row.value(1).toString(),     row.value(2).toString(),
                    row.value(3).toLongLong(), row.value(4).toString(),     row.value(5).toInt() != 0,
                    row.value(6).toLongLong()};
}

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

} // namespace

RegisterDirectory::RegisterDirectory(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<QList<Register>>> RegisterDirectory::list(const Session &actor)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return QtFuture::makeReadyFuture(Result<QList<Register>>(allowed.error()));
    return m_database->read([](Connection &connection) -> Result<QList<Register>> {
        Result<CachedQuery> rows = connection.prepared(kSelect + u"ORDER BY r.is_active DESC, upper(r.code), r.id"_s);
        if (!rows)
            return rows.error();
        QList<Register> registers;
        while (rows.value().next())
            registers.append(registerFrom(rows.value()));
        return registers;
    });
}

QFuture<Result<Register>> RegisterDirectory::add(const Session &actor, const QString &rawCode, const QString &rawName,
                                                 qint64 locationId)
{
    if (Status allowed = require(actor, Permission::ManageSettings); !allowed)
        return QtFuture::makeReadyFuture(Result<Register>(allowed.error()));
    const QString code = rawCode.trimmed().toUpper();
    const QString name = rawName.trimmed();
    static const QRegularExpression codePattern(u"^[A-Z0-9][A-Z0-9-]{0,7}$"_s);
    if (!codePattern.match(code).hasMatch())
        return QtFuture::makeReadyFuture(Result<Register>(invalid(QCoreApplication::translate(
            "RegisterDirectory", "Give the register a short code of up to 8 letters, digits or dashes, such as R2."))));
    if (name.isEmpty() || name.size() > kMaxNameLength)
        return QtFuture::makeReadyFuture(Result<Register>(invalid(
            QCoreApplication::translate("RegisterDirectory", "Give the register a name of at most %1 characters, "
                                                             "such as Register 2.")
                .arg(kMaxNameLength))));
    return m_database->write([actor, code, name, locationId](Connection &connection) -> Result<Register> {
        Result<QVariant> location = connection.scalar(u"SELECT id FROM locations WHERE id = ?"_s, {locationId});
        if (!location)
            return location.error();
        if (location.value().isNull())
            return Error::make(ErrorCode::NotFound,
                               QCoreApplication::translate("RegisterDirectory", "Location %1 does not exist. Choose "
                                                                                "where the register sells from.")
                                   .arg(locationId));
        Result<QVariant> taken = connection.scalar(u"SELECT id FROM registers WHERE upper(code) = ?"_s, {code});
        if (!taken)
            return taken.error();
        if (!taken.value().isNull())
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("RegisterDirectory", "A register with the code %1 exists "
                                                                                "already. Choose another code.")
                                   .arg(code));
        Result<qint64> id = connection.insert(
            u"INSERT INTO registers (code, name, location_id, created_at) VALUES (?, ?, ?, ?) RETURNING id"_s,
            {code, name, locationId, QDateTime::currentDateTimeUtc()});
        if (!id)
            return id.error();
        if (Status ok = AuditLog::appendInTransaction(
                connection, AuditEntry::by(actor, u"register.added"_s, u"register:%1"_s.arg(id.value()),
                                           {{u"code"_s, code}, {u"name"_s, name}, {u"location_id"_s, locationId}}));
            !ok)
            return ok.error();
        Result<CachedQuery> row = connection.prepared(kSelect + u"WHERE r.id = ?"_s, {id.value()});
        if (!row)
            return row.error();
        if (!row.value().next())
            return Error::make(ErrorCode::Internal,
                               QCoreApplication::translate("RegisterDirectory", "The new register could not be read "
                                                                                "back. Try again."));
        return registerFrom(row.value());
    });
}

} // namespace sk
