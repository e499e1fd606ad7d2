#pragma once

#include "core/Result.h"

#include <QString>

namespace sk {

// Hashes passwords and PINs with scrypt (OpenSSL 3 EVP_KDF) into a PHC string
//   $scrypt$ln=17,r=8,p=1$<salt base64, no padding>$<key base64, no padding>
// and verifies those, plus the bcrypt hashes ($2a$, $2b$, $2y$) inherited from
// the original online shop. See docs/passwords.md.
//
// Stateless apart from its parameters, so one instance may be shared between
// threads. A default hash costs about 128 MiB and a few hundred milliseconds:
// call it off the GUI thread.
class PasswordHasher {
public:
    struct ScryptParameters {
        int logN = 17; // N = 2^logN; OWASP's recommended minimum
        int r = 8;
        int p = 1;

        friend bool operator==(const ScryptParameters &, const ScryptParameters &) = default;
    };

    // Bounds for parameters read from a stored hash or given to the
    // constructor, so a corrupt or hostile row cannot make verify() allocate
    // gigabytes or spin for minutes.
    static constexpr int kMaxLogN = 22;
    static constexpr int kMaxR = 32;
    static constexpr int kMaxP = 16;
    static constexpr qint64 kMaxMemoryBytes = qint64(1) << 30;
    static constexpr qint64 kMaxWork = qint64(1) << 24; // N * r * p: 16 times the default

    static constexpr int kSaltBytes = 16;
    static constexpr int kKeyBytes = 32;

    // OWASP defaults. (A separate overload because a default argument of a
    // nested type with member initialisers does not compile inside the class.)
    PasswordHasher();
    explicit PasswordHasher(ScryptParameters parameters);

    ScryptParameters parameters() const { return m_parameters; }
    static bool parametersAreAcceptable(const ScryptParameters &parameters);

    // Fails only on a defect (unacceptable parameters) or when OpenSSL cannot
    // get randomness or memory.
    Result<QString> hash(const QString &password) const;

    // False for a wrong password and for anything malformed; never throws.
    bool verify(const QString &password, const QString &encoded) const;

    // True when a successful login should store a fresh hash: legacy bcrypt,
    // scrypt with any parameter below this hasher's, or an unreadable string.
    bool needsRehash(const QString &encoded) const;

    // PINs share the format; these exist so call sites say what they hash and
    // a future change for PINs (a pepper, say) has one place to go.
    // PasswordPolicy::checkPin() decides what a valid PIN is.
    Result<QString> hashPin(const QString &pin) const { return hash(pin); }
    bool verifyPin(const QString &pin, const QString &encoded) const { return verify(pin, encoded); }

private:
    ScryptParameters m_parameters;
};

} // namespace sk
