#include "payments/GatewaySettingsStore.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/Database.h"
#include "shop/SettingRows.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QMap>
#include <QFutureWatcher>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

const QString UrlKey = u"payments.gateway_url"_s;
const QString ApiKeyKey = u"payments.gateway_api_key"_s;
const QString TerminalKey = u"payments.terminal_id"_s;
const QString TimeoutKey = u"payments.request_timeout_ms"_s;

constexpr qint64 MinTimeoutMs = 1'000;
constexpr qint64 MaxTimeoutMs = 120'000;
constexpr qsizetype MaxApiKeyLength = 500;
constexpr qsizetype MaxTerminalLength = 32;

bool isPrintableAscii(const QString &text)
{
    for (QChar c : text)
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return false;
    return true;
}

QMap<QString, QString> toRows(const GatewaySettings &s)
{
    return {{UrlKey, s.baseUrl.toString()},
            {ApiKeyKey, s.apiKey},
            {TerminalKey, s.terminalId.trimmed()},
            {TimeoutKey, QString::number(s.requestTimeout.count())}};
}

} // namespace

GatewaySettingsStore::GatewaySettingsStore(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Status GatewaySettingsStore::validate(const GatewaySettings &s)
{
    auto invalid = [](const QString &message) { return Status(Error::make(ErrorCode::InvalidInput, message)); };
    if (!s.baseUrl.isEmpty()) {
        const QString scheme = s.baseUrl.scheme();
        if (!s.baseUrl.isValid() || (scheme != u"http"_s && scheme != u"https"_s) || s.baseUrl.host().isEmpty())
            return invalid(QCoreApplication::translate("GatewaySettingsStore", "The gateway's address must be a web address such as https://gateway.example.com, or empty for cash only."));
    }
    if (s.apiKey.size() > MaxApiKeyLength || !isPrintableAscii(s.apiKey))
        return invalid(QCoreApplication::translate("GatewaySettingsStore", "The gateway's API key may only contain letters, digits and punctuation, without spaces."));
    if (s.terminalId.trimmed().isEmpty() || s.terminalId.trimmed().size() > MaxTerminalLength
        || !isPrintableAscii(s.terminalId.trimmed()))
        return invalid(QCoreApplication::translate("GatewaySettingsStore", "Enter the terminal's id as the payment service knows it: up to 32 letters and digits, without spaces."));
    if (s.requestTimeout.count() < MinTimeoutMs || s.requestTimeout.count() > MaxTimeoutMs)
        return invalid(QCoreApplication::translate("GatewaySettingsStore", "The gateway's timeout must be between 1 and 120 seconds."));
    return Status::success();
}

Result<GatewaySettings> GatewaySettingsStore::loadInTransaction(Connection &connection)
{
    Result<QMap<QString, QString>> rows =
        SettingRows::readInTransaction(connection, {UrlKey, ApiKeyKey, TerminalKey, TimeoutKey});
    if (!rows)
        return rows.error();
    const QMap<QString, QString> &values = rows.value();
    GatewaySettings s;
    s.baseUrl = QUrl(values.value(UrlKey), QUrl::StrictMode);
    s.apiKey = values.value(ApiKeyKey);
    s.terminalId = values.value(TerminalKey, s.terminalId);
    bool validTimeout = false;
    const qint64 timeout = values.value(TimeoutKey).toLongLong(&validTimeout);
    if (validTimeout && timeout >= MinTimeoutMs && timeout <= MaxTimeoutMs)
        s.requestTimeout = std::chrono::milliseconds(timeout);
    return s;
}

Status GatewaySettingsStore::saveInTransaction(Connection &connection, const Session &actor, const GatewaySettings &settings)
{
    if (Status valid = validate(settings); !valid)
        return valid;
    Result<GatewaySettings> before = loadInTransaction(connection);
    if (!before)
        return before.error();
    SettingRows::Change change;
    change.before = toRows(before.value());
    change.after = toRows(settings);
    // The key is a secret: the journal says that it changed, never what to.
    change.secretKeys = {ApiKeyKey};
    return SettingRows::writeInTransaction(connection, actor, change);
}

QFuture<Result<GatewaySettings>> GatewaySettingsStore::load()
{
    return m_database->read([](Connection &connection) { return loadInTransaction(connection); });
}

QFuture<Status> GatewaySettingsStore::save(const Session &actor, const GatewaySettings &settings)
{
    if (Status allowed = require(actor, Permission::ManageSettings); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    if (Status valid = validate(settings); !valid)
        return QtFuture::makeReadyFuture(valid);
    return m_database->write(
        [actor, settings](Connection &connection) { return saveInTransaction(connection, actor, settings); });
}

std::shared_ptr<GatewayClient> GatewaySettingsStore::makeClient()
{
    auto client = std::make_shared<GatewayClient>(GatewaySettings{});
    // A watcher owned by the client, not QFuture::then(client, ...): Qt 6.4
    // asserts there that the context object is still alive when the future
    // finishes, and a client may be gone by then (a test that chose its own
    // gateway, a server stopped at once). Gone, it takes the watcher along.
    using Watcher = QFutureWatcher<Result<GatewaySettings>>;
    auto *watcher = new Watcher(client.get());
    GatewayClient *target = client.get();
    QObject::connect(watcher, &Watcher::finished, target, [watcher, target] {
        const Result<GatewaySettings> stored = watcher->result();
        watcher->deleteLater();
        if (stored && target->settings().baseUrl.isEmpty())
            target->setSettings(stored.value());
    });
    watcher->setFuture(load());
    return client;
}

} // namespace sk
