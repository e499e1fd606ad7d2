#pragma once

#include <QString>

namespace sk {

// What kind of failure a service reports. The UI picks an icon and wording
// from the code; the CLI maps it to an exit status.
enum class ErrorCode {
    Internal,          // a defect: should never happen
    InvalidInput,      // the caller gave bad data; message says what to fix
    NotFound,
    Conflict,          // duplicate, stale edit, not enough stock, bad transition
    PermissionDenied,
    Unauthenticated,   // wrong e-mail or password
    Locked,            // account or PIN locked out for a while
    Unavailable,       // database or server cannot be reached
    SchemaTooNew,      // database written by a newer Storekeeper
    Database,          // the database refused an operation
    Cancelled,
};

// A typed error: one user-facing sentence that says what to do, plus
// technical details (driver text, SQL state) for a "Details" section or a log.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString details;

    static Error make(ErrorCode code, const QString &message, const QString &details = {})
    {
        return Error{code, message, details};
    }
};

} // namespace sk
