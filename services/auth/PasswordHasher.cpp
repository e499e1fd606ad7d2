#include "auth/PasswordHasher.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QStringList>
#include <QStringView>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <crypt.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr QStringView kScryptPrefix = u"$scrypt$";

// Python's bcrypt defaults to cost 12 and each step doubles the time: a stored
// cost above 16 would keep a login busy for many seconds, so it counts as corrupt.
constexpr int kMinBcryptCost = 4;
constexpr int kMaxBcryptCost = 16;
constexpr qsizetype kBcryptLength = 60;

// The salt is the hasher's own 16 bytes today; a longer one is accepted so
// the salt size can grow without invalidating stored hashes.
constexpr qsizetype kMinSaltBytes = PasswordHasher::kSaltBytes;
constexpr qsizetype kMaxSaltBytes = 64;

// Copies of the password and derived keys are wiped on the way out, so they
// do not linger in freed heap memory (the caller's QString is its business).
class WipedBytes {
public:
    explicit WipedBytes(QByteArray bytes) : m_bytes(std::move(bytes)) {}
    ~WipedBytes()
    {
        if (!m_bytes.isEmpty())
            OPENSSL_cleanse(m_bytes.data(), size_t(m_bytes.size()));
    }
    WipedBytes(const WipedBytes &) = delete;
    WipedBytes &operator=(const WipedBytes &) = delete;

    QByteArray &bytes() { return m_bytes; }
    const QByteArray &bytes() const { return m_bytes; }

private:
    QByteArray m_bytes;
};

// scrypt input is NFC so the same password typed on a keyboard that sends
// "u + combining diaeresis" still matches one that sends "ü".
QByteArray scryptInput(const QString &password)
{
    return password.normalized(QString::NormalizationForm_C).toUtf8();
}

QString openSslErrors()
{
    QStringList messages;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        messages.append(QString::fromLatin1(buffer));
    }
    return messages.join(u"; "_s);
}

// Always drains OpenSSL's per-thread error queue, so a failed verify() does
// not leave stale entries for the next, unrelated OpenSSL call to report.
void reportFailure(QStringView call, QString *errorDetails)
{
    const QString errors = openSslErrors();
    if (errorDetails)
        *errorDetails = call.toString() + u" failed: "_s + errors;
}

// 128 * r * N for V, as RFC 7914 section 6 allocates it.
qint64 scryptMemoryBytes(const PasswordHasher::ScryptParameters &parameters)
{
    return qint64(128) * parameters.r * (qint64(1) << parameters.logN);
}

// OpenSSL also counts N + 2 blocks for V and 128 * r * p for B against maxmem_bytes.
uint64_t openSslMaxMemory(const PasswordHasher::ScryptParameters &parameters)
{
    const uint64_t n = uint64_t(1) << parameters.logN;
    const uint64_t r = uint64_t(parameters.r);
    const uint64_t p = uint64_t(parameters.p);
    return 128 * r * (n + 2) + 128 * r * p;
}

std::optional<QByteArray> deriveScryptKey(const QByteArray &password, const QByteArray &salt,
                                          const PasswordHasher::ScryptParameters &parameters,
                                          qsizetype keyBytes, QString *errorDetails)
{
    const std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(
        EVP_KDF_fetch(nullptr, "SCRYPT", nullptr), &EVP_KDF_free);
    if (!kdf) {
        reportFailure(u"EVP_KDF_fetch(SCRYPT)", errorDetails);
        return std::nullopt;
    }
    const std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> context(
        EVP_KDF_CTX_new(kdf.get()), &EVP_KDF_CTX_free);
    if (!context) {
        reportFailure(u"EVP_KDF_CTX_new", errorDetails);
        return std::nullopt;
    }

    uint64_t n = uint64_t(1) << parameters.logN;
    uint32_t r = uint32_t(parameters.r);
    uint32_t p = uint32_t(parameters.p);
    uint64_t maxMemory = openSslMaxMemory(parameters);
    // OSSL_PARAM wants non-const pointers but only reads the inputs.
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string("pass", const_cast<char *>(password.constData()),
                                          size_t(password.size())),
        OSSL_PARAM_construct_octet_string("salt", const_cast<char *>(salt.constData()),
                                          size_t(salt.size())),
        OSSL_PARAM_construct_uint64("n", &n),
        OSSL_PARAM_construct_uint32("r", &r),
        OSSL_PARAM_construct_uint32("p", &p),
        OSSL_PARAM_construct_uint64("maxmem_bytes", &maxMemory),
        OSSL_PARAM_construct_end(),
    };

    QByteArray key(keyBytes, Qt::Uninitialized);
    if (EVP_KDF_derive(context.get(), reinterpret_cast<unsigned char *>(key.data()),
                       size_t(key.size()), params) != 1) {
        reportFailure(u"EVP_KDF_derive(SCRYPT)", errorDetails);
        return std::nullopt;
    }
    return key;
}

bool isBase64Character(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')
        || u == u'+' || u == u'/';
}

QString toBase64NoPadding(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
}

// Strict PHC "B64": standard alphabet, no padding, and canonical (the unused
// low bits of the last character must be zero), so one value has one spelling.
std::optional<QByteArray> fromBase64NoPadding(QStringView text)
{
    if (text.isEmpty() || text.size() % 4 == 1)
        return std::nullopt;
    for (const QChar c : text) {
        if (!isBase64Character(c))
            return std::nullopt;
    }
    QByteArray padded = text.toLatin1();
    while (padded.size() % 4 != 0)
        padded.append('=');
    auto decoded = QByteArray::fromBase64Encoding(
        padded, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || toBase64NoPadding(*decoded) != text)
        return std::nullopt;
    return *decoded;
}

// PHC decimal: digits only, no sign, no leading zero; three digits cover every
// accepted value, and refusing more keeps the conversion from overflowing.
std::optional<int> parseDecimal(QStringView text)
{
    if (text.isEmpty() || text.size() > 3 || (text.size() > 1 && text.front() == u'0'))
        return std::nullopt;
    int value = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

std::optional<int> parseNamedDecimal(QStringView text, QStringView name)
{
    if (text.size() <= name.size() + 1 || !text.startsWith(name) || text[name.size()] != u'=')
        return std::nullopt;
    return parseDecimal(text.sliced(name.size() + 1));
}

struct ScryptHash {
    PasswordHasher::ScryptParameters parameters;
    QByteArray salt;
    QByteArray key;
};

std::optional<ScryptHash> parseScryptHash(const QString &encoded)
{
    if (!encoded.startsWith(kScryptPrefix))
        return std::nullopt;
    const QList<QStringView> fields = QStringView(encoded).split(u'$');
    // "", "scrypt", "ln=..,r=..,p=..", salt, key
    if (fields.size() != 5)
        return std::nullopt;
    const QList<QStringView> settings = fields[2].split(u',');
    if (settings.size() != 3)
        return std::nullopt;
    const auto logN = parseNamedDecimal(settings[0], u"ln");
    const auto r = parseNamedDecimal(settings[1], u"r");
    const auto p = parseNamedDecimal(settings[2], u"p");
    if (!logN || !r || !p)
        return std::nullopt;

    ScryptHash hash;
    hash.parameters = {*logN, *r, *p};
    if (!PasswordHasher::parametersAreAcceptable(hash.parameters))
        return std::nullopt;

    auto salt = fromBase64NoPadding(fields[3]);
    auto key = fromBase64NoPadding(fields[4]);
    // A fixed key length: scrypt output is a prefix-stable stream, so a
    // shortened key would still "verify" with the right password.
    if (!salt || !key || salt->size() < kMinSaltBytes || salt->size() > kMaxSaltBytes
        || key->size() != PasswordHasher::kKeyBytes)
        return std::nullopt;
    hash.salt = std::move(*salt);
    hash.key = std::move(*key);
    return hash;
}

bool isBcryptSaltCharacter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')
        || u == u'.' || u == u'/';
}

// $2a$, $2b$ or $2y$, two-digit cost, '$', 22 salt + 31 hash characters.
bool isWellFormedBcrypt(const QString &encoded)
{
    if (encoded.size() != kBcryptLength)
        return false;
    if (!(encoded.startsWith(u"$2a$") || encoded.startsWith(u"$2b$") || encoded.startsWith(u"$2y$")))
        return false;
    // Unlike PHC numbers, the cost is always two digits ("04").
    const QChar tens = encoded[4];
    const QChar units = encoded[5];
    if (tens < u'0' || tens > u'9' || units < u'0' || units > u'9' || encoded[6] != u'$')
        return false;
    const int cost = (tens.unicode() - u'0') * 10 + (units.unicode() - u'0');
    if (cost < kMinBcryptCost || cost > kMaxBcryptCost)
        return false;
    for (qsizetype i = 7; i < encoded.size(); ++i) {
        if (!isBcryptSaltCharacter(encoded[i]))
            return false;
    }
    return true;
}

bool verifyBcrypt(const QString &password, const QString &encoded)
{
    // crypt() stops at the first NUL, so "secret\0anything" would match
    // "secret"; Python's bcrypt refused such passwords, so no stored hash has one.
    if (password.contains(QChar(u'\0')))
        return false;
    // Python hashed password.encode() as typed, without normalisation.
    const WipedBytes phrase(password.toUtf8());
    const QByteArray setting = encoded.toLatin1();

    // crypt_data is 32 KiB: too large for a worker thread's stack.
    const auto data = std::make_unique<crypt_data>();
    const char *output = crypt_rn(phrase.bytes().constData(), setting.constData(), data.get(),
                                  int(sizeof(crypt_data)));
    const bool matches = output && qstrlen(output) == size_t(setting.size())
        && CRYPTO_memcmp(output, setting.constData(), size_t(setting.size())) == 0;
    OPENSSL_cleanse(data.get(), sizeof(crypt_data));
    return matches;
}

} // namespace

PasswordHasher::PasswordHasher()
    : m_parameters(ScryptParameters())
{
}

PasswordHasher::PasswordHasher(ScryptParameters parameters)
    : m_parameters(parameters)
{
}

bool PasswordHasher::parametersAreAcceptable(const ScryptParameters &parameters)
{
    if (parameters.logN < 1 || parameters.logN > kMaxLogN)
        return false;
    if (parameters.r < 1 || parameters.r > kMaxR || parameters.p < 1 || parameters.p > kMaxP)
        return false;
    // RFC 7914: N must be less than 2^(128 * r / 8); OpenSSL refuses otherwise.
    if (parameters.logN >= 16 * parameters.r)
        return false;
    if (scryptMemoryBytes(parameters) > kMaxMemoryBytes)
        return false;
    const qint64 work = (qint64(1) << parameters.logN) * parameters.r * parameters.p;
    return work <= kMaxWork;
}

Result<QString> PasswordHasher::hash(const QString &password) const
{
    if (!parametersAreAcceptable(m_parameters)) {
        return Error::make(
            ErrorCode::Internal,
            QCoreApplication::translate("PasswordHasher",
                                        "Storekeeper is set up with password settings it cannot use. "
                                        "Ask whoever maintains this installation to correct them."),
            u"scrypt parameters ln=%1, r=%2, p=%3 are outside the accepted bounds"_s
                .arg(m_parameters.logN)
                .arg(m_parameters.r)
                .arg(m_parameters.p));
    }

    QByteArray salt(kSaltBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(salt.data()), int(salt.size())) != 1) {
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("PasswordHasher",
                                                       "The password could not be saved because the system "
                                                       "has no random numbers to spare. Try again in a moment."),
                           u"RAND_bytes failed: "_s + openSslErrors());
    }

    const WipedBytes input(scryptInput(password));
    QString details;
    auto derived = deriveScryptKey(input.bytes(), salt, m_parameters, kKeyBytes, &details);
    if (!derived) {
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("PasswordHasher",
                                                       "The password could not be saved, probably for lack "
                                                       "of memory. Close other programs and try again."),
                           details);
    }
    const WipedBytes key(std::move(*derived));

    return u"$scrypt$ln="_s + QString::number(m_parameters.logN) + u",r="_s
        + QString::number(m_parameters.r) + u",p="_s + QString::number(m_parameters.p) + u'$'
        + toBase64NoPadding(salt) + u'$' + toBase64NoPadding(key.bytes());
}

bool PasswordHasher::verify(const QString &password, const QString &encoded) const
{
    if (encoded.startsWith(kScryptPrefix)) {
        const auto stored = parseScryptHash(encoded);
        if (!stored)
            return false;
        const WipedBytes input(scryptInput(password));
        auto derived = deriveScryptKey(input.bytes(), stored->salt, stored->parameters,
                                       stored->key.size(), nullptr);
        if (!derived)
            return false;
        // Moved, not copied: a shared copy would detach on wiping and leave this one behind.
        const WipedBytes key(std::move(*derived));
        return CRYPTO_memcmp(key.bytes().constData(), stored->key.constData(),
                             size_t(stored->key.size()))
            == 0;
    }
    if (isWellFormedBcrypt(encoded))
        return verifyBcrypt(password, encoded);
    return false;
}

bool PasswordHasher::needsRehash(const QString &encoded) const
{
    const auto stored = parseScryptHash(encoded);
    if (!stored)
        return true;
    const ScryptParameters &old = stored->parameters;
    return old.logN < m_parameters.logN || old.r < m_parameters.r || old.p < m_parameters.p;
}

} // namespace sk
