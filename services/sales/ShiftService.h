#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "core/Money.h"

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <memory>
#include <optional>

namespace sk {

class Connection;
class Database;

struct TenderTotals {
    QString tender;             // "cash", "card", ...
    qint64 count = 0;
    Money taken;
    Money refunded;
    Money net() const { return taken - refunded; }
};

// An X report (any time) or the Z report kept when the shift closes.
// Read from running totals, so it costs the same after ten sales or ten
// thousand. expectedCash = float + cash taken - cash refunded + cash in - cash out.
struct ShiftReport {
    qint64 shiftId = 0;
    qint64 registerId = 0;
    QString registerName;
    bool closed = false;
    QString openedByName;
    QDateTime openedAt;
    QString closedByName;
    QDateTime closedAt;
    Money openingFloat;
    qint64 salesCount = 0;
    Money sales;                // totals of the orders, tax included
    Money tax;
    Money discounts;
    qint64 refundsCount = 0;
    Money refunds;
    Money refundedTax;
    Money cashIn;
    Money cashOut;
    QList<TenderTotals> tenders;
    Money expectedCash;
    std::optional<Money> countedCash;   // Z only
    std::optional<Money> difference;    // counted - expected
    QString closeNote;
    QJsonObject toJson() const;
    static std::optional<ShiftReport> fromJson(const QJsonObject &object);
};

struct Shift {
    qint64 id = 0;
    qint64 registerId = 0;
    bool open = true;
    qint64 openedBy = 0;
    QDateTime openedAt;
    Money openingFloat;
};

// Shifts (docs/sales.md). One open shift per register; sales and refunds at
// a register need it. Permissions: UseRegister.
class ShiftService {
public:
    explicit ShiftService(std::shared_ptr<Database> database);

    QFuture<Result<Shift>> open(const Session &actor, qint64 registerId, const Money &openingFloat);
    // The register's open shift, or NotFound.
    QFuture<Result<Shift>> current(const Session &actor, qint64 registerId);
    // kind: money put into the drawer (true) or taken out (false); a reason is required.
    QFuture<Status> moveCash(const Session &actor, qint64 shiftId, bool in, const Money &amount, const QString &reason);
    QFuture<Result<ShiftReport>> xReport(const Session &actor, qint64 shiftId);
    // Closes with the counted cash and keeps the Z report (shifts.z_report).
    QFuture<Result<ShiftReport>> close(const Session &actor, qint64 shiftId, const Money &countedCash,
                                       const QString &note);
    // A kept Z report, for reprinting.
    QFuture<Result<ShiftReport>> zReport(const Session &actor, qint64 shiftId);

    // For checkout and returns, inside their transaction.
    static Result<qint64> openShiftIdInTransaction(Connection &connection, qint64 registerId);
    static Status recordSaleInTransaction(Connection &connection, qint64 shiftId, const Money &total,
                                          const Money &tax, const Money &discount);
    static Status recordTenderInTransaction(Connection &connection, qint64 shiftId, const QString &tender,
                                            const Money &taken, const Money &refunded);
    static Status recordRefundInTransaction(Connection &connection, qint64 shiftId, const Money &amount,
                                            const Money &tax);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
