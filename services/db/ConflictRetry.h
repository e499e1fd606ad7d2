#pragma once

#include "core/Error.h"
#include "db/Connection.h"
#include "db/Transaction.h"

#include <QStringLiteral>
#include <type_traits>

namespace sk {

// A transaction PostgreSQL rolled back for a deadlock or a serialization
// failure (SQLSTATE 40P01, 40001; Connection::describe puts the state first
// in the details): running it again is the cure.
inline bool isWriteConflict(const Error &error)
{
    return error.details.startsWith(QStringLiteral("SQLSTATE 40P01"))
           || error.details.startsWith(QStringLiteral("SQLSTATE 40001"));
}

// For Database::maintain(): runs job in a write transaction, and again (up
// to three times in all) when PostgreSQL picked it as a deadlock victim, as
// it may when a cancellation releases and refunds while a register sells the
// same stock. The job must be safe to run again: it reads everything it
// decides on inside the transaction.
template<typename Job>
auto retryingConflicts(Job job)
{
    return [job](Connection &connection) {
        using R = std::invoke_result_t<const Job &, Connection &>;
        for (int attempt = 1;; ++attempt) {
            Transaction transaction(connection, Transaction::Mode::Write);
            if (Status begun = transaction.begin(); !begun)
                return R(begun.error());
            R result = job(connection);
            if (!result.ok()) {
                if (attempt < 3 && isWriteConflict(result.error()))
                    continue;   // leaving the scope rolls back
                return result;
            }
            Status committed = transaction.commit();
            if (committed)
                return result;
            if (attempt < 3 && isWriteConflict(committed.error()))
                continue;
            return R(committed.error());
        }
    };
}

} // namespace sk
