#include "notifications/SmtpSettingsStore.h"

#include "auth/Permissions.h"
#include "db/Database.h"
#include "shop/SettingRows.h"

#include <QCoreApplication>
#include <QMap>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

const QString EnabledKey = u"smtp.enabled"_s;
const QString HostKey = u"smtp.host"_s;
const QString PortKey = u"smtp.port"_s;
const QString SecurityKey = u"smtp.security"_s;
const QString UserKey = u"smtp.user"_s;
const QString PasswordKey = u"smtp.password"_s;
const QString FromKey = u"smtp.from_address"_s;
const QString FromNameKey = u"smtp.from_name"_s;

constexpr int MaxPort = 65535;
constexpr qsizetype MaxHostLength = 253;
constexpr qsizetype MaxFieldLength = 320;

std::optional<SmtpSettings::Security> securityFromName(const QString &name)
{
    for (SmtpSettings::Security s : {SmtpSettings::Security::None, SmtpSettings::Security::StartTls,
                                     SmtpSettings::Security::Tls})
        if (smtpSecurityName(s) == name)
            return s;
    return std::nullopt;
}

QMap<QString, QString> toRows(const SmtpSettings &s)
{
    return {{EnabledKey, s.enabled ? u"1"_s : u"0"_s},
            {HostKey, s.host.trimmed()},
            {PortKey, QString::number(s.port)},
            {SecurityKey, smtpSecurityName(s.security)},
            {UserKey, s.user},
            {PasswordKey, s.password},
            {FromKey, s.fromAddress.trimmed()},
            {FromNameKey, s.fromName.trimmed()}};
}

bool hasLineBreak(const QString &text)
{
    return text.contains(u'\r') || text.contains(u'\n');
}

} // namespace

QString smtpSecurityName(SmtpSettings::Security security)
{
    switch (security) {
    case SmtpSettings::Security::None: return u"none"_s;
    case SmtpSettings::Security::StartTls: return u"starttls"_s;
    case SmtpSettings::Security::Tls: return u"tls"_s;
    }
    return {};
}

SmtpSettingsStore::SmtpSettingsStore(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Status SmtpSettingsStore::validate(const SmtpSettings &s)
{
    auto invalid = [](const QString &message) { return Status(Error::make(ErrorCode::InvalidInput, message)); };
    const QString host = s.host.trimmed();
    if (s.enabled && host.isEmpty())
        return invalid(QCoreApplication::translate("SmtpSettingsStore", "Enter the mail server's name, such as smtp.example.com, or turn sending off."));
    if (host.size() > MaxHostLength || host.contains(u' ') || hasLineBreak(host))
        return invalid(QCoreApplication::translate("SmtpSettingsStore", "The mail server's name may not contain spaces."));
    if (s.port < 1 || s.port > MaxPort)
        return invalid(QCoreApplication::translate("SmtpSettingsStore", "The mail server's port must be between 1 and 65535 (usually 587, or 465 for TLS)."));
    const QString from = s.fromAddress.trimmed();
    if ((s.enabled || !from.isEmpty())
        && (from.size() > MaxFieldLength || from.count(u'@') != 1 || from.startsWith(u'@') || from.endsWith(u'@')
            || from.contains(u' ') || from.contains(u'<') || from.contains(u'>') || hasLineBreak(from)))
        return invalid(QCoreApplication::translate("SmtpSettingsStore", "Enter the address the shop's mail comes from, such as shop@example.com."));
    if (s.user.size() > MaxFieldLength || hasLineBreak(s.user) || s.password.size() > MaxFieldLength
        || hasLineBreak(s.password))
        return invalid(QCoreApplication::translate("SmtpSettingsStore", "The mail server's user name and password must be a single line each."));
    if (s.fromName.size() > MaxFieldLength || hasLineBreak(s.fromName))
        return invalid(QCoreApplication::translate("SmtpSettingsStore", "The sender's name must be a single line."));
    return Status::success();
}

Result<SmtpSettings> SmtpSettingsStore::loadInTransaction(Connection &connection)
{
    Result<QMap<QString, QString>> rows = SettingRows::readInTransaction(connection, {}, u"smtp."_s);
    if (!rows)
        return rows.error();
    const QMap<QString, QString> &values = rows.value();
    SmtpSettings s;
    s.enabled = values.value(EnabledKey) == u"1"_s;
    s.host = values.value(HostKey);
    bool validPort = false;
    const int port = values.value(PortKey).toInt(&validPort);
    if (validPort && port >= 1 && port <= MaxPort)
        s.port = port;
    s.security = securityFromName(values.value(SecurityKey)).value_or(s.security);
    s.user = values.value(UserKey);
    s.password = values.value(PasswordKey);
    s.fromAddress = values.value(FromKey);
    s.fromName = values.value(FromNameKey);
    return s;
}

Status SmtpSettingsStore::saveInTransaction(Connection &connection, const Session &actor, const SmtpSettings &settings)
{
    if (Status valid = validate(settings); !valid)
        return valid;
    Result<SmtpSettings> before = loadInTransaction(connection);
    if (!before)
        return before.error();
    SettingRows::Change change;
    change.before = toRows(before.value());
    change.after = toRows(settings);
    change.secretKeys = {PasswordKey};
    return SettingRows::writeInTransaction(connection, actor, change);
}

QFuture<Result<SmtpSettings>> SmtpSettingsStore::load(const Session &actor)
{
    if (Status allowed = require(actor, Permission::ManageSettings); !allowed)
        return QtFuture::makeReadyFuture(Result<SmtpSettings>(allowed.error()));
    return m_database->read([](Connection &connection) { return loadInTransaction(connection); });
}

QFuture<Status> SmtpSettingsStore::save(const Session &actor, const SmtpSettings &settings)
{
    if (Status allowed = require(actor, Permission::ManageSettings); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    if (Status valid = validate(settings); !valid)
        return QtFuture::makeReadyFuture(valid);
    return m_database->write(
        [actor, settings](Connection &connection) { return saveInTransaction(connection, actor, settings); });
}

} // namespace sk
