#pragma once

#include "core/Result.h"

#include <QString>

namespace sk {

// What Storekeeper accepts as a new password or PIN. Each refusal is an
// ErrorCode::InvalidInput whose message tells the user what to choose instead.
// Only new secrets are checked: existing hashes keep working when rules change.
class PasswordPolicy {
public:
    // Lengths count characters (Unicode code points after NFC), not bytes.
    static constexpr int kMinPasswordLength = 10;
    static constexpr int kMaxPasswordLength = 128;
    static constexpr int kMinPinLength = 4;
    static constexpr int kMaxPinLength = 8;
    // Shorter local parts ("jo@...") would forbid ordinary words.
    static constexpr int kMinEmailLocalPartToCheck = 4;

    Status checkPassword(const QString &password, const QString &email = {}) const;
    Status checkPin(const QString &pin) const;
};

} // namespace sk
