#include "receipts/ReceiptSettingsStore.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/Database.h"
#include "shop/SettingRows.h"
#include "receipts/ReceiptTemplate.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxPort = 65535;

QString prefix(qint64 registerId)
{
    return u"receipt.printer.%1."_s.arg(registerId);
}

QString codePageName(PrinterCodePage page)
{
    return page == PrinterCodePage::Cp437 ? u"cp437"_s : u"cp858"_s;
}

QMap<QString, QString> toRows(const ReceiptSettings &s)
{
    return {{u"host"_s, s.printerHost.trimmed()},
            {u"port"_s, QString::number(s.printerPort)},
            {u"columns"_s, QString::number(s.columns)},
            {u"drawer_kick"_s, s.drawerKickOnCash ? u"1"_s : u"0"_s},
            {u"code_page"_s, codePageName(s.codePage)}};
}

} // namespace

ReceiptSettingsStore::ReceiptSettingsStore(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Status ReceiptSettingsStore::validate(const ReceiptSettings &s)
{
    auto invalid = [](const QString &message) { return Status(Error::make(ErrorCode::InvalidInput, message)); };
    const QString host = s.printerHost.trimmed();
    static const QRegularExpression hostName(u"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$"_s);
    if (!host.isEmpty() && QHostAddress(host).isNull() && !hostName.match(host).hasMatch())
        return invalid(QCoreApplication::translate("ReceiptSettingsStore", "Enter the receipt printer's IP address "
                                                                           "(for example 192.168.1.50) or host name."));
    if (s.printerPort < 1 || s.printerPort > kMaxPort)
        return invalid(QCoreApplication::translate("ReceiptSettingsStore", "The printer's port must be between 1 and "
                                                                           "65535; receipt printers use 9100."));
    if (s.columns < ReceiptTemplate::kMinColumns || s.columns > ReceiptTemplate::kMaxColumns)
        return invalid(QCoreApplication::translate("ReceiptSettingsStore", "The paper width must be between 24 and "
                                                                           "80 characters: 32 for 58 mm paper, 42 or "
                                                                           "48 for 80 mm."));
    return Status::success();
}

Result<ReceiptSettings> ReceiptSettingsStore::loadInTransaction(Connection &connection, qint64 registerId)
{
    const QString keys = prefix(registerId);
    Result<QMap<QString, QString>> rows = SettingRows::readInTransaction(connection, {}, keys);
    if (!rows)
        return rows.error();
    QMap<QString, QString> values;
    for (auto it = rows->cbegin(); it != rows->cend(); ++it)
        values.insert(it.key().mid(keys.size()), it.value());
    ReceiptSettings s;
    s.printerHost = values.value(u"host"_s);
    s.printerPort = values.value(u"port"_s, QString::number(s.printerPort)).toInt();
    s.columns = values.value(u"columns"_s, QString::number(s.columns)).toInt();
    s.drawerKickOnCash = values.value(u"drawer_kick"_s, u"1"_s) == u"1"_s;
    s.codePage = values.value(u"code_page"_s) == u"cp437"_s ? PrinterCodePage::Cp437 : PrinterCodePage::Cp858;
    return s;
}

Status ReceiptSettingsStore::saveInTransaction(Connection &connection, const Session &actor, qint64 registerId,
                                               const ReceiptSettings &settings)
{
    if (Status valid = validate(settings); !valid)
        return valid;
    Result<ReceiptSettings> before = loadInTransaction(connection, registerId);
    if (!before)
        return before.error();
    SettingRows::Change change;
    const QMap<QString, QString> oldRows = toRows(before.value());
    const QMap<QString, QString> newRows = toRows(settings);
    for (auto it = oldRows.cbegin(); it != oldRows.cend(); ++it)
        change.before.insert(prefix(registerId) + it.key(), it.value());
    for (auto it = newRows.cbegin(); it != newRows.cend(); ++it)
        change.after.insert(prefix(registerId) + it.key(), it.value());
    return SettingRows::writeInTransaction(connection, actor, change);
}

QFuture<Result<ReceiptSettings>> ReceiptSettingsStore::load(qint64 registerId)
{
    return m_database->read([registerId](Connection &connection) { return loadInTransaction(connection, registerId); });
}

QFuture<Status> ReceiptSettingsStore::save(const Session &actor, qint64 registerId, const ReceiptSettings &settings)
{
    if (Status allowed = require(actor, Permission::ManageSettings); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    if (Status valid = validate(settings); !valid)
        return QtFuture::makeReadyFuture(valid);
    return m_database->write([actor, registerId, settings](Connection &connection) {
        return saveInTransaction(connection, actor, registerId, settings);
    });
}

} // namespace sk
