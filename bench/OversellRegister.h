#pragma once

#include "db/DatabaseUrl.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace sk {
struct Error;
}

namespace sk::bench {

// What one register of the oversell scenario was told to sell.
struct RegisterAssignment {
    int index = 0;
    DatabaseUrl url;
    qint64 variantId = 0;
    qint64 locationId = 0;
    qint64 clerkId = 0;
    quint64 seed = 0;
};

// What one register did, as it reports it to the parent on stdout.
struct RegisterTotals {
    int index = 0;
    qint64 sales = 0;          // committed sales
    qint64 units = 0;          // units in those sales
    qint64 conflicts = 0;      // shortfalls: fewer units left than asked for
    qint64 busy = 0;           // SQLite: still locked after busy_timeout
    qint64 deadlocks = 0;      // PostgreSQL 40P01
    qint64 serialization = 0;  // PostgreSQL 40001
    qint64 finishedAtNs = 0;   // steady clock (system-wide on Linux) when it saw the stock gone
    QString failure;           // set when it stopped on an unexpected error

    qint64 lockFailures() const { return busy + deadlocks + serialization; }
    QByteArray toJson() const;
    static std::optional<RegisterTotals> fromJson(const QByteArray &line);
};

// A cash register in a process of its own: opens the database as the
// application does, prints "ready", waits for a line on stdin (so that every
// register starts selling at the same moment), then sells 1 to 3 units a sale
// in its own write transaction until the stock is gone, and prints its
// totals as one JSON line. Returns the process exit status.
int runRegister(const RegisterAssignment &assignment);

// The lock failures the registers count (they must not happen), told apart
// from the failures that end a register.
enum class LockFailure { None, Busy, Deadlock, Serialization };
LockFailure lockFailureOf(const Error &error);

// A steady-clock reading comparable between processes on one machine.
qint64 steadyNowNs();

} // namespace sk::bench
