#include "sales/ShiftService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/Database.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxReasonLength = 200;
constexpr int kMaxNoteLength = 1000;

const QString kCash = u"cash"_s;

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

QString clean(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.isNull() ? u""_s : trimmed;
}

Status audit(Connection &connection, const Session &actor, const QString &action, qint64 shiftId,
             const QJsonObject &details)
{
    return AuditLog::appendInTransaction(connection,
                                         AuditEntry::by(actor, action, u"shift:%1"_s.arg(shiftId), details));
}

Error shiftNotFound(qint64 shiftId)
{
    return Error::make(ErrorCode::NotFound,
                       QCoreApplication::translate("ShiftService", "Shift %1 does not exist. Choose the register's "
                                                                   "current shift.")
                           .arg(shiftId));
}

Error shiftClosed(qint64 shiftId)
{
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("ShiftService", "Shift %1 is closed; nothing can be added to it. "
                                                                   "Open a new shift.")
                           .arg(shiftId));
}

// The shift row as the reports and the checks before a change need it.
struct ShiftRow {
    qint64 id = 0;
    qint64 registerId = 0;
    QString registerName;
    bool open = true;
    QString currency;
    qint64 openedBy = 0;
    QString openedByName;
    QDateTime openedAt;
    qint64 openingFloat = 0;
    qint64 salesCount = 0;
    qint64 sales = 0;
    qint64 tax = 0;
    qint64 discounts = 0;
    qint64 refundsCount = 0;
    qint64 refunds = 0;
    qint64 refundedTax = 0;
    qint64 cashIn = 0;
    qint64 cashOut = 0;
    QString closedByName;
    QDateTime closedAt;
    QString zReport;
};

QString personName(const QVariant &first, const QVariant &last)
{
    return (first.toString() + u' ' + last.toString()).trimmed();
}

Result<ShiftRow> loadShift(Connection &connection, qint64 shiftId)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT s.id, s.register_id, r.name, s.status, s.currency, s.opened_by, ou.first_name, ou.last_name, "
        "s.opened_at, s.opening_float_cents, s.sales_count, s.sales_cents, s.tax_cents, s.discount_cents, "
        "s.refunds_count, s.refunds_cents, s.refunded_tax_cents, s.cash_in_cents, s.cash_out_cents, "
        "cu.first_name, cu.last_name, s.closed_at, s.z_report "
        "FROM shifts s JOIN registers r ON r.id = s.register_id JOIN users ou ON ou.id = s.opened_by "
        "LEFT JOIN users cu ON cu.id = s.closed_by WHERE s.id = ?"_s,
        {shiftId});
    if (!rows)
        return rows.error();
    const CachedQuery &row = rows.value();
    if (!row.next())
        return shiftNotFound(shiftId);
    ShiftRow shift;
    shift.id = row.value(0).toLongLong();
    shift.registerId = row.value(1).toLongLong();
    shift.registerName = row.value(2).toString();
    shift.open = row.value(3).toString() == u"open"_s;
    shift.currency = row.value(4).toString();
    shift.openedBy = row.value(5).toLongLong();
    shift.openedByName = personName(row.value(6), row.value(7));
    shift.openedAt = row.value(8).toDateTime().toUTC();
    shift.openingFloat = row.value(9).toLongLong();
    shift.salesCount = row.value(10).toLongLong();
    shift.sales = row.value(11).toLongLong();
    shift.tax = row.value(12).toLongLong();
    shift.discounts = row.value(13).toLongLong();
    shift.refundsCount = row.value(14).toLongLong();
    shift.refunds = row.value(15).toLongLong();
    shift.refundedTax = row.value(16).toLongLong();
    shift.cashIn = row.value(17).toLongLong();
    shift.cashOut = row.value(18).toLongLong();
    shift.closedByName = personName(row.value(19), row.value(20));
    if (!row.value(21).isNull())
        shift.closedAt = row.value(21).toDateTime().toUTC();
    shift.zReport = row.value(22).toString();
    return shift;
}

Result<QList<TenderTotals>> loadTenders(Connection &connection, qint64 shiftId, const QString &currency)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT tender, payments_count, taken_cents, refunded_cents FROM shift_tender_totals "
        "WHERE shift_id = ? ORDER BY tender"_s,
        {shiftId});
    if (!rows)
        return rows.error();
    QList<TenderTotals> tenders;
    while (rows.value().next())
        tenders.append({rows.value().value(0).toString(), rows.value().value(1).toLongLong(),
                        Money(rows.value().value(2).toLongLong(), currency),
                        Money(rows.value().value(3).toLongLong(), currency)});
    return tenders;
}

// Read from the running totals: one shift row and a row per tender, however
// many sales the shift had.
Result<ShiftReport> reportFor(Connection &connection, const ShiftRow &shift)
{
    Result<QList<TenderTotals>> tenders = loadTenders(connection, shift.id, shift.currency);
    if (!tenders)
        return tenders.error();
    const auto money = [&](qint64 cents) { return Money(cents, shift.currency); };
    ShiftReport report;
    report.shiftId = shift.id;
    report.registerId = shift.registerId;
    report.registerName = shift.registerName;
    report.closed = !shift.open;
    report.openedByName = shift.openedByName;
    report.openedAt = shift.openedAt;
    report.closedByName = shift.closedByName;
    report.closedAt = shift.closedAt;
    report.openingFloat = money(shift.openingFloat);
    report.salesCount = shift.salesCount;
    report.sales = money(shift.sales);
    report.tax = money(shift.tax);
    report.discounts = money(shift.discounts);
    report.refundsCount = shift.refundsCount;
    report.refunds = money(shift.refunds);
    report.refundedTax = money(shift.refundedTax);
    report.cashIn = money(shift.cashIn);
    report.cashOut = money(shift.cashOut);
    report.tenders = tenders.value();
    Money expected = report.openingFloat + report.cashIn - report.cashOut;
    for (const TenderTotals &tender : std::as_const(report.tenders))
        if (tender.tender == kCash)
            expected += tender.net();
    report.expectedCash = expected;
    return report;
}

Result<ShiftReport> keptZReport(const ShiftRow &shift)
{
    const std::optional<ShiftReport> report =
        ShiftReport::fromJson(QJsonDocument::fromJson(shift.zReport.toUtf8()).object());
    if (!report)
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("ShiftService", "The Z report of shift %1 cannot be read. "
                                                                       "Run storekeeper check.")
                               .arg(shift.id));
    return *report;
}

Result<QString> shopCurrency(Connection &connection)
{
    Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
    if (!settings)
        return settings.error();
    return settings->currency;
}

Status requireAmount(const Money &amount, const QString &currency)
{
    if (!amount.isValid() || amount.currency() != currency)
        return invalid(QCoreApplication::translate("ShiftService", "Enter the amount in the shop's currency (%1).")
                           .arg(currency));
    return Status::success();
}

// A no-op UPDATE of the shift row: checks in one statement that the shift is
// open and in the amounts' currency, and on PostgreSQL takes the row lock
// that close() takes too, so a sale cannot slip in beside a closing Z report.
Status lockOpenShift(Connection &connection, qint64 shiftId, const QString &currency)
{
    Result<CachedQuery> locked = connection.prepared(
        u"UPDATE shifts SET sales_count = sales_count WHERE id = ? AND status = 'open' AND currency = ?"_s,
        {shiftId, currency});
    if (!locked)
        return locked.error();
    if (locked.value().numRowsAffected() == 1)
        return Status::success();
    Result<QVariant> status = connection.scalar(u"SELECT status FROM shifts WHERE id = ?"_s, {shiftId});
    if (!status)
        return status.error();
    if (status.value().isNull())
        return shiftNotFound(shiftId);
    if (status.value().toString() != u"open"_s)
        return shiftClosed(shiftId);
    return invalid(QCoreApplication::translate("ShiftService", "The amounts are not in the shift's currency."));
}

bool sameCurrency(std::initializer_list<const Money *> amounts)
{
    const QString currency = (*amounts.begin())->currency();
    for (const Money *amount : amounts)
        if (!amount->isValid() || amount->currency() != currency)
            return false;
    return true;
}

Status requireOpenForChange(const ShiftRow &shift)
{
    if (!shift.open)
        return shiftClosed(shift.id);
    return Status::success();
}

Shift toShift(const ShiftRow &row)
{
    return Shift{row.id, row.registerId, row.open, row.openedBy, row.openedAt,
                 Money(row.openingFloat, row.currency)};
}

} // namespace

ShiftService::ShiftService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<Shift>> ShiftService::open(const Session &actor, qint64 registerId, const Money &openingFloat)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return QtFuture::makeReadyFuture(Result<Shift>(allowed.error()));
    return m_database->write([actor, registerId, openingFloat](Connection &connection) -> Result<Shift> {
        Result<QString> currency = shopCurrency(connection);
        if (!currency)
            return currency.error();
        if (Status ok = requireAmount(openingFloat, currency.value()); !ok)
            return ok.error();
        if (openingFloat.isNegative())
            return invalid(QCoreApplication::translate("ShiftService", "The cash float cannot be negative. Count "
                                                                       "the cash in the drawer and enter it."));
        Result<CachedQuery> registerRow =
            connection.prepared(u"SELECT name, is_active FROM registers WHERE id = ?"_s, {registerId});
        if (!registerRow)
            return registerRow.error();
        if (!registerRow.value().next())
            return Error::make(ErrorCode::NotFound,
                               QCoreApplication::translate("ShiftService", "Register %1 does not exist. Choose this "
                                                                           "register again in the register settings.")
                                   .arg(registerId));
        const QString registerName = registerRow.value().value(0).toString();
        if (registerRow.value().value(1).toInt() == 0)
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("ShiftService", "%1 is no longer in use. Choose another "
                                                                           "register.")
                                   .arg(registerName));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // The partial unique index (one open shift per register) decides
        // between two tills opening at once; its violation is the answer.
        Result<qint64> id = connection.insert(
            u"INSERT INTO shifts (register_id, status, currency, opened_by, opened_at, opening_float_cents) "
            "VALUES (?, 'open', ?, ?, ?, ?) RETURNING id"_s,
            {registerId, currency.value(), actor.userId, now, openingFloat.minorUnits()});
        if (!id) {
            if (id.error().code == ErrorCode::Conflict)
                return Error::make(ErrorCode::Conflict,
                                   QCoreApplication::translate("ShiftService", "%1 already has an open shift. Carry "
                                                                               "on with it, or close it before "
                                                                               "opening a new one.")
                                       .arg(registerName),
                                   id.error().details);
            return id.error();
        }
        if (Status ok = audit(connection, actor, u"shift.opened"_s, id.value(),
                              {{u"register_id"_s, registerId},
                               {u"opening_float"_s, openingFloat.toDecimalString()},
                               {u"currency"_s, currency.value()}});
            !ok)
            return ok.error();
        return Shift{id.value(), registerId, true, actor.userId, now, openingFloat};
    });
}

QFuture<Result<Shift>> ShiftService::current(const Session &actor, qint64 registerId)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return QtFuture::makeReadyFuture(Result<Shift>(allowed.error()));
    return m_database->read([registerId](Connection &connection) -> Result<Shift> {
        Result<qint64> id = openShiftIdInTransaction(connection, registerId);
        if (!id)
            return id.error();
        Result<ShiftRow> shift = loadShift(connection, id.value());
        if (!shift)
            return shift.error();
        return toShift(shift.value());
    });
}

QFuture<Status> ShiftService::moveCash(const Session &actor, qint64 shiftId, bool in, const Money &amount,
                                       const QString &reason)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write([actor, shiftId, in, amount, reason = clean(reason)](Connection &connection) -> Status {
        if (reason.isEmpty())
            return invalid(QCoreApplication::translate("ShiftService", "Say why the cash is put in or taken out, "
                                                                       "for example \"Change from the bank\"."));
        if (reason.size() > kMaxReasonLength)
            return invalid(QCoreApplication::translate("ShiftService", "Keep the reason to at most %1 characters.")
                               .arg(kMaxReasonLength));
        Result<ShiftRow> shift = loadShift(connection, shiftId);
        if (!shift)
            return shift.error();
        if (Status ok = requireAmount(amount, shift->currency); !ok)
            return ok;
        if (amount.isNegative() || amount.isZero())
            return invalid(QCoreApplication::translate("ShiftService", "Enter an amount above zero."));
        if (Status ok = lockOpenShift(connection, shiftId, shift->currency); !ok)
            return ok;
        if (!in) {
            // Re-read under the lock: the drawer cannot give out more than
            // it is expected to hold.
            Result<ShiftRow> locked = loadShift(connection, shiftId);
            if (!locked)
                return locked.error();
            Result<ShiftReport> report = reportFor(connection, locked.value());
            if (!report)
                return report.error();
            if (amount > report->expectedCash)
                return Error::make(ErrorCode::Conflict,
                                   QCoreApplication::translate("ShiftService", "Only %1 is expected in the drawer, "
                                                                               "so %2 cannot be taken out. Count "
                                                                               "the drawer and take out at most %1.")
                                       .arg(report->expectedCash.toString(), amount.toString()));
        }
        if (Status ok = connection.run(
                u"INSERT INTO shift_cash_movements (shift_id, kind, amount_cents, reason, user_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)"_s,
                {shiftId, in ? u"in"_s : u"out"_s, amount.minorUnits(), reason, actor.userId,
                 QDateTime::currentDateTimeUtc()});
            !ok)
            return ok;
        const QString update = in ? u"UPDATE shifts SET cash_in_cents = cash_in_cents + ? WHERE id = ?"_s
                                  : u"UPDATE shifts SET cash_out_cents = cash_out_cents + ? WHERE id = ?"_s;
        if (Status ok = connection.run(update, {amount.minorUnits(), shiftId}); !ok)
            return ok;
        return audit(connection, actor, in ? u"shift.cash_in"_s : u"shift.cash_out"_s, shiftId,
                     {{u"amount"_s, amount.toDecimalString()}, {u"reason"_s, reason}});
    });
}

QFuture<Result<ShiftReport>> ShiftService::xReport(const Session &actor, qint64 shiftId)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return QtFuture::makeReadyFuture(Result<ShiftReport>(allowed.error()));
    return m_database->read([shiftId](Connection &connection) -> Result<ShiftReport> {
        Result<ShiftRow> shift = loadShift(connection, shiftId);
        if (!shift)
            return shift.error();
        // A closed shift's figures are its Z report, exactly as printed.
        if (!shift->open)
            return keptZReport(shift.value());
        return reportFor(connection, shift.value());
    });
}

QFuture<Result<ShiftReport>> ShiftService::close(const Session &actor, qint64 shiftId, const Money &countedCash,
                                                 const QString &note)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return QtFuture::makeReadyFuture(Result<ShiftReport>(allowed.error()));
    return m_database->write([actor, shiftId, countedCash,
                              note = clean(note)](Connection &connection) -> Result<ShiftReport> {
        Result<ShiftRow> before = loadShift(connection, shiftId);
        if (!before)
            return before.error();
        if (Status ok = requireOpenForChange(before.value()); !ok)
            return ok.error();
        if (Status ok = requireAmount(countedCash, before->currency); !ok)
            return ok.error();
        if (countedCash.isNegative())
            return invalid(QCoreApplication::translate("ShiftService", "The counted cash cannot be negative. Count "
                                                                       "the drawer again."));
        if (note.size() > kMaxNoteLength)
            return invalid(QCoreApplication::translate("ShiftService", "Keep the note to at most %1 characters.")
                               .arg(kMaxNoteLength));
        // Money taken for a sale that is not finished is not in the running
        // totals yet; closing now would leave it outside every Z report.
        Result<QVariant> unfinished = connection.scalar(
            u"SELECT COUNT(*) FROM payments p JOIN carts c ON c.id = p.cart_id "
            "WHERE c.register_id = ? AND c.status IN ('open', 'parked') AND p.order_id IS NULL "
            "AND p.status IN ('pending', 'completed')"_s,
            {before->registerId});
        if (!unfinished)
            return unfinished.error();
        if (unfinished.value().toLongLong() > 0)
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("ShiftService", "A sale on %1 has payments but is not "
                                                                           "finished. Complete it or give the "
                                                                           "payments back, then close the shift.")
                                   .arg(before->registerName));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // Claims the shift first (and its row lock on PostgreSQL), so the
        // totals read next are final: sales wait for the lock and then find
        // the shift closed.
        Result<CachedQuery> claimed = connection.prepared(
            u"UPDATE shifts SET status = 'closed', closed_by = ?, closed_at = ? WHERE id = ? AND status = 'open'"_s,
            {actor.userId, now, shiftId});
        if (!claimed)
            return claimed.error();
        if (claimed.value().numRowsAffected() != 1)
            return shiftClosed(shiftId);
        Result<ShiftRow> shift = loadShift(connection, shiftId);
        if (!shift)
            return shift.error();
        Result<ShiftReport> report = reportFor(connection, shift.value());
        if (!report)
            return report.error();
        report.value().countedCash = countedCash;
        report.value().difference = countedCash - report->expectedCash;
        report.value().closeNote = note;
        const QString json =
            QString::fromUtf8(QJsonDocument(report->toJson()).toJson(QJsonDocument::Compact));
        if (Status ok = connection.run(
                u"UPDATE shifts SET expected_cash_cents = ?, counted_cash_cents = ?, close_note = ?, z_report = ? "
                "WHERE id = ?"_s,
                {report->expectedCash.minorUnits(), countedCash.minorUnits(), note, json, shiftId});
            !ok)
            return ok.error();
        if (Status ok = audit(connection, actor, u"shift.closed"_s, shiftId,
                              {{u"expected_cash"_s, report->expectedCash.toDecimalString()},
                               {u"counted_cash"_s, countedCash.toDecimalString()},
                               {u"difference"_s, report->difference->toDecimalString()}});
            !ok)
            return ok.error();
        return report;
    });
}

QFuture<Result<ShiftReport>> ShiftService::zReport(const Session &actor, qint64 shiftId)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return QtFuture::makeReadyFuture(Result<ShiftReport>(allowed.error()));
    return m_database->read([shiftId](Connection &connection) -> Result<ShiftReport> {
        Result<ShiftRow> shift = loadShift(connection, shiftId);
        if (!shift)
            return shift.error();
        if (shift->open)
            return Error::make(ErrorCode::NotFound,
                               QCoreApplication::translate("ShiftService", "Shift %1 is still open; its Z report is "
                                                                           "written when it closes. Print an X "
                                                                           "report instead.")
                                   .arg(shiftId));
        return keptZReport(shift.value());
    });
}

Result<qint64> ShiftService::openShiftIdInTransaction(Connection &connection, qint64 registerId)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT r.name, s.id FROM registers r LEFT JOIN shifts s ON s.register_id = r.id AND s.status = 'open' "
        "WHERE r.id = ?"_s,
        {registerId});
    if (!rows)
        return rows.error();
    if (!rows.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("ShiftService", "Register %1 does not exist. Choose this "
                                                                       "register again in the register settings.")
                               .arg(registerId));
    if (rows.value().value(1).isNull())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("ShiftService", "%1 has no open shift. Open a shift with the "
                                                                       "cash float first.")
                               .arg(rows.value().value(0).toString()));
    return rows.value().value(1).toLongLong();
}

Status ShiftService::recordSaleInTransaction(Connection &connection, qint64 shiftId, const Money &total,
                                             const Money &tax, const Money &discount)
{
    if (!sameCurrency({&total, &tax, &discount}))
        return invalid(QCoreApplication::translate("ShiftService", "The amounts are not in the shift's currency."));
    Result<CachedQuery> updated = connection.prepared(
        u"UPDATE shifts SET sales_count = sales_count + 1, sales_cents = sales_cents + ?, tax_cents = tax_cents + ?, "
        "discount_cents = discount_cents + ? WHERE id = ? AND status = 'open' AND currency = ?"_s,
        {total.minorUnits(), tax.minorUnits(), discount.minorUnits(), shiftId, total.currency()});
    if (!updated)
        return updated.error();
    if (updated.value().numRowsAffected() == 1)
        return Status::success();
    return lockOpenShift(connection, shiftId, total.currency());
}

Status ShiftService::recordTenderInTransaction(Connection &connection, qint64 shiftId, const QString &tender,
                                               const Money &taken, const Money &refunded)
{
    if (!sameCurrency({&taken, &refunded}))
        return invalid(QCoreApplication::translate("ShiftService", "The amounts are not in the shift's currency."));
    if (tender.isEmpty())
        return invalid(QCoreApplication::translate("ShiftService", "Name the tender of the payment."));
    if (Status ok = lockOpenShift(connection, shiftId, taken.currency()); !ok)
        return ok;
    // payments_count counts the payments taken; a refund adds only money.
    const qint64 count = taken.isZero() ? 0 : 1;
    return connection.run(
        u"INSERT INTO shift_tender_totals (shift_id, tender, payments_count, taken_cents, refunded_cents) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (shift_id, tender) DO UPDATE SET "
        "payments_count = shift_tender_totals.payments_count + excluded.payments_count, "
        "taken_cents = shift_tender_totals.taken_cents + excluded.taken_cents, "
        "refunded_cents = shift_tender_totals.refunded_cents + excluded.refunded_cents"_s,
        {shiftId, tender, count, taken.minorUnits(), refunded.minorUnits()});
}

Status ShiftService::recordRefundInTransaction(Connection &connection, qint64 shiftId, const Money &amount,
                                               const Money &tax)
{
    if (!sameCurrency({&amount, &tax}))
        return invalid(QCoreApplication::translate("ShiftService", "The amounts are not in the shift's currency."));
    Result<CachedQuery> updated = connection.prepared(
        u"UPDATE shifts SET refunds_count = refunds_count + 1, refunds_cents = refunds_cents + ?, "
        "refunded_tax_cents = refunded_tax_cents + ? WHERE id = ? AND status = 'open' AND currency = ?"_s,
        {amount.minorUnits(), tax.minorUnits(), shiftId, amount.currency()});
    if (!updated)
        return updated.error();
    if (updated.value().numRowsAffected() == 1)
        return Status::success();
    return lockOpenShift(connection, shiftId, amount.currency());
}

} // namespace sk
