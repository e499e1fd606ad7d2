#include "OversellRegister.h"

#include "db/Connection.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstdio>
#include <random>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr int kMaxUnitsPerSale = 3;
// A register that keeps failing to get the lock is stuck, not unlucky.
constexpr int kMaxConsecutiveLockFailures = 100;

struct SaleOutcome {
    qint64 units = 0;      // 0: nothing was left
    qint64 conflicts = 0;
};

// One sale in one write transaction. A shortfall is a Conflict and writes
// nothing, so the register asks for one unit less in the same transaction,
// as a clerk would after "only 2 left"; a Conflict at one unit means the
// stock is gone (it only goes down while the registers run).
Result<SaleOutcome> sellOnce(Database &database, const Session &clerk, const RegisterAssignment &assignment,
                             qint64 wanted)
{
    return Database::wait(database.write([&](Connection &connection) -> Result<SaleOutcome> {
        SaleOutcome outcome;
        for (qint64 quantity = wanted; quantity >= 1; --quantity) {
            const Status sold = InventoryLedger::sellInTransaction(
                connection, clerk, assignment.locationId, {StockLine{assignment.variantId, quantity, std::nullopt}},
                StockReference{});
            if (sold) {
                outcome.units = quantity;
                return outcome;
            }
            if (sold.error().code != ErrorCode::Conflict)
                return sold.error();
            ++outcome.conflicts;
        }
        return outcome;
    }));
}

Session clerkSession(qint64 clerkId)
{
    Session session;
    session.userId = clerkId;
    session.email = u"register@oversell.bench"_s;
    session.displayName = u"Register"_s;
    session.role = Role::Clerk;
    session.signedInAt = QDateTime::currentDateTimeUtc();
    return session;
}

void report(const RegisterTotals &totals)
{
    const QByteArray line = totals.toJson();
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

LockFailure lockFailureOf(const Error &error)
{
    // Connection::describe keeps the driver's text in details; SQLSTATEs are
    // not kept, so the server's (C locale) wording is matched.
    const QString &text = error.details;
    if (text.contains(u"deadlock detected"_s))
        return LockFailure::Deadlock;
    if (text.contains(u"could not serialize access"_s))
        return LockFailure::Serialization;
    if (error.code == ErrorCode::Unavailable
        && (text.contains(u"database is locked"_s) || text.contains(u"database table is locked"_s)
            || text.contains(u"database is busy"_s)))
        return LockFailure::Busy;
    return LockFailure::None;
}

QByteArray RegisterTotals::toJson() const
{
    QJsonObject object{{u"register"_s, index},
                       {u"sales"_s, sales},
                       {u"units"_s, units},
                       {u"conflicts"_s, conflicts},
                       {u"busy"_s, busy},
                       {u"deadlocks"_s, deadlocks},
                       {u"serialization"_s, serialization},
                       {u"finished_at_ns"_s, QString::number(finishedAtNs)}};
    if (!failure.isEmpty())
        object.insert(u"failure"_s, failure);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<RegisterTotals> RegisterTotals::fromJson(const QByteArray &line)
{
    const QJsonDocument document = QJsonDocument::fromJson(line);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    if (!object.contains(u"register"_s) || !object.contains(u"units"_s))
        return std::nullopt;
    RegisterTotals totals;
    totals.index = object.value(u"register"_s).toInt();
    totals.sales = object.value(u"sales"_s).toInteger();
    totals.units = object.value(u"units"_s).toInteger();
    totals.conflicts = object.value(u"conflicts"_s).toInteger();
    totals.busy = object.value(u"busy"_s).toInteger();
    totals.deadlocks = object.value(u"deadlocks"_s).toInteger();
    totals.serialization = object.value(u"serialization"_s).toInteger();
    // As text: a JSON number is a double and would round nanoseconds.
    totals.finishedAtNs = object.value(u"finished_at_ns"_s).toString().toLongLong();
    totals.failure = object.value(u"failure"_s).toString();
    return totals;
}

int runRegister(const RegisterAssignment &assignment)
{
    RegisterTotals totals;
    totals.index = assignment.index;
    // As the application opens it (the schema is current: the parent
    // migrated it), with one reader: a register process only writes here.
    Result<std::shared_ptr<Database>> opened = Database::open(assignment.url, Database::Options{1, true});
    if (!opened) {
        std::fprintf(stderr, "register %d: %s %s\n", assignment.index, qPrintable(opened.error().message),
                     qPrintable(opened.error().details));
        return 1;
    }
    Database &database = *opened.value();
    const Session clerk = clerkSession(assignment.clerkId);

    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    char go[16];
    if (!std::fgets(go, sizeof go, stdin))
        return 1;

    std::mt19937_64 random(assignment.seed);
    std::uniform_int_distribution<qint64> unitsPerSale(1, kMaxUnitsPerSale);
    int consecutiveLockFailures = 0;
    for (;;) {
        const Result<SaleOutcome> outcome = sellOnce(database, clerk, assignment, unitsPerSale(random));
        if (!outcome) {
            // The transaction was rolled back: nothing of this sale counts,
            // and the register tries again, as a clerk would.
            switch (lockFailureOf(outcome.error())) {
            case LockFailure::Busy:
                ++totals.busy;
                break;
            case LockFailure::Deadlock:
                ++totals.deadlocks;
                break;
            case LockFailure::Serialization:
                ++totals.serialization;
                break;
            case LockFailure::None:
                totals.failure = outcome.error().message + u' ' + outcome.error().details;
                break;
            }
            if (!totals.failure.isEmpty() || ++consecutiveLockFailures > kMaxConsecutiveLockFailures)
                break;
            continue;
        }
        consecutiveLockFailures = 0;
        totals.conflicts += outcome->conflicts;
        if (outcome->units == 0)
            break;
        ++totals.sales;
        totals.units += outcome->units;
    }
    totals.finishedAtNs = steadyNowNs();
    if (totals.failure.isEmpty() && consecutiveLockFailures > kMaxConsecutiveLockFailures)
        totals.failure = u"gave up after %1 lock failures in a row"_s.arg(consecutiveLockFailures);
    report(totals);
    return totals.failure.isEmpty() ? 0 : 1;
}

} // namespace sk::bench
