#include "auth/AccessTokens.h"

#include "db/Connection.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr int kSignatureBytes = 32;   // SHA-256
// A token is three short segments; anything longer is not ours.
constexpr qsizetype kMaxTokenBytes = 4096;

Error invalidToken()
{
    return Error::make(ErrorCode::Unauthenticated,
                       QCoreApplication::translate("AccessTokens", "The access token is not valid: sign in again."));
}

Error expiredToken()
{
    return Error::make(ErrorCode::Unauthenticated,
                       QCoreApplication::translate("AccessTokens", "The access token has expired: sign in again."));
}

// Strict base64url: the alphabet only, no padding, and the canonical
// encoding of what it decodes to (so one token has exactly one spelling).
std::optional<QByteArray> decodeSegment(QByteArrayView segment)
{
    if (segment.isEmpty())
        return std::nullopt;
    const QByteArray::FromBase64Result decoded =
        QByteArray::fromBase64Encoding(segment.toByteArray(), kBase64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64(kBase64Url) != segment)
        return std::nullopt;
    return decoded.decoded;
}

std::optional<QJsonObject> decodeJsonSegment(QByteArrayView segment)
{
    const std::optional<QByteArray> bytes = decodeSegment(segment);
    if (!bytes)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

std::optional<qint64> integerClaim(const QJsonObject &claims, const QString &name)
{
    const QJsonValue value = claims.value(name);
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    const qint64 integer = value.toInteger();
    if (!std::isfinite(number) || static_cast<double>(integer) != number)
        return std::nullopt;
    return integer;
}

} // namespace

AccessTokens::AccessTokens(QByteArray secret) : m_secret(std::move(secret)) {}

QString AccessTokens::secretKey()
{
    return u"api.token_secret"_s;
}

Result<QByteArray> AccessTokens::randomSecret()
{
    QByteArray secret(kSecretBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(secret.data()), kSecretBytes) != 1)
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("AccessTokens",
                                                       "No random secret for access tokens could be made. Try again."));
    return secret;
}

Result<QByteArray> AccessTokens::loadOrCreateSecretInTransaction(Connection &connection)
{
    const auto stored = [&connection]() -> Result<std::optional<QByteArray>> {
        Result<QVariant> value = connection.scalar(u"SELECT value FROM settings WHERE key = ?"_s, {secretKey()});
        if (!value)
            return value.error();
        if (value->isNull())
            return std::optional<QByteArray>();
        const std::optional<QByteArray> secret = decodeSegment(value->toString().toLatin1());
        if (!secret || secret->size() != kSecretBytes)
            return Error::make(ErrorCode::Internal,
                               QCoreApplication::translate("AccessTokens",
                                                           "The stored secret for access tokens is damaged. Remove "
                                                           "the setting \"api.token_secret\" to make a new one."));
        return std::optional<QByteArray>(*secret);
    };
    Result<std::optional<QByteArray>> existing = stored();
    if (!existing)
        return existing.error();
    if (existing.value())
        return *existing.value();

    Result<QByteArray> secret = randomSecret();
    if (!secret)
        return secret;
    // Two servers starting together on one PostgreSQL: the first insert
    // wins and both use its secret.
    if (Status inserted = connection.run(u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                                         "ON CONFLICT (key) DO NOTHING"_s,
                                         {secretKey(), QString::fromLatin1(secret->toBase64(kBase64Url)),
                                          QDateTime::currentDateTimeUtc()});
        !inserted)
        return inserted.error();
    existing = stored();
    if (!existing)
        return existing.error();
    if (!existing.value())
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("AccessTokens",
                                                       "The secret for access tokens could not be stored. Try again."));
    return *existing.value();
}

QFuture<Result<QByteArray>> AccessTokens::loadOrCreateSecret(std::shared_ptr<Database> database)
{
    return database->write([](Connection &connection) { return loadOrCreateSecretInTransaction(connection); });
}

QByteArray AccessTokens::sign(QByteArrayView signingInput) const
{
    QByteArray mac(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), m_secret.constData(), static_cast<int>(m_secret.size()),
              reinterpret_cast<const unsigned char *>(signingInput.data()), static_cast<size_t>(signingInput.size()),
              reinterpret_cast<unsigned char *>(mac.data()), &length))
        return {};
    mac.truncate(length);
    return mac;
}

QByteArray AccessTokens::issue(const TokenClaims &claims) const
{
    const QJsonObject header{{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"JWT"_s}};
    const QJsonObject payload{
        {u"sub"_s, QString::number(claims.userId)},
        {u"email"_s, claims.email},
        {u"role"_s, roleName(claims.role)},
        {u"iat"_s, claims.issuedAt.toSecsSinceEpoch()},
        {u"exp"_s, claims.expiresAt.toSecsSinceEpoch()},
    };
    const QByteArray signingInput = QJsonDocument(header).toJson(QJsonDocument::Compact).toBase64(kBase64Url) + '.'
                                    + QJsonDocument(payload).toJson(QJsonDocument::Compact).toBase64(kBase64Url);
    return signingInput + '.' + sign(signingInput).toBase64(kBase64Url);
}

QByteArray AccessTokens::issue(const Session &session, const QDateTime &now) const
{
    TokenClaims claims;
    claims.userId = session.userId;
    claims.email = session.email;
    claims.role = session.role;
    claims.issuedAt = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC);
    claims.expiresAt = claims.issuedAt.addSecs(m_lifetimeSeconds);
    return issue(claims);
}

Result<TokenClaims> AccessTokens::verify(QByteArrayView token, const QDateTime &now) const
{
    if (token.isEmpty() || token.size() > kMaxTokenBytes || m_secret.size() != kSecretBytes)
        return invalidToken();
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (firstDot < 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0)
        return invalidToken();
    const QList<QByteArrayView> segments{token.first(firstDot), token.sliced(firstDot + 1, secondDot - firstDot - 1),
                                         token.sliced(secondDot + 1)};

    // The header first: only HS256 is ours, whatever else the token claims.
    const std::optional<QJsonObject> header = decodeJsonSegment(segments.at(0));
    if (!header || header->value(u"alg"_s).toString() != u"HS256"_s)
        return invalidToken();
    if (header->contains(u"typ"_s) && header->value(u"typ"_s).toString() != u"JWT"_s)
        return invalidToken();

    const std::optional<QByteArray> signature = decodeSegment(segments.at(2));
    if (!signature || signature->size() != kSignatureBytes)
        return invalidToken();
    const qsizetype signingLength = segments.at(0).size() + 1 + segments.at(1).size();
    const QByteArray expected = sign(token.first(signingLength));
    if (expected.size() != kSignatureBytes || CRYPTO_memcmp(expected.constData(), signature->constData(), kSignatureBytes) != 0)
        return invalidToken();

    const std::optional<QJsonObject> payload = decodeJsonSegment(segments.at(1));
    if (!payload)
        return invalidToken();
    bool idOk = false;
    const qint64 userId = payload->value(u"sub"_s).toString().toLongLong(&idOk);
    const std::optional<qint64> issuedAt = integerClaim(*payload, u"iat"_s);
    const std::optional<qint64> expiresAt = integerClaim(*payload, u"exp"_s);
    const std::optional<Role> role = roleFromName(payload->value(u"role"_s).toString());
    if (!idOk || userId <= 0 || !issuedAt || !expiresAt || !role)
        return invalidToken();
    if (*expiresAt <= now.toSecsSinceEpoch())
        return expiredToken();

    TokenClaims claims;
    claims.userId = userId;
    claims.email = payload->value(u"email"_s).toString();
    claims.role = *role;
    claims.issuedAt = QDateTime::fromSecsSinceEpoch(*issuedAt, Qt::UTC);
    claims.expiresAt = QDateTime::fromSecsSinceEpoch(*expiresAt, Qt::UTC);
    return claims;
}

Result<Session> AccessTokens::sessionInTransaction(Connection &connection, const TokenClaims &claims)
{
    Result<CachedQuery> found = connection.prepared(
        u"SELECT email, first_name, last_name, role, vendor_id, is_active FROM users WHERE id = ?"_s, {claims.userId});
    if (!found)
        return found.error();
    if (!found->next() || !found->value(5).toBool())
        return invalidToken();
    const std::optional<Role> role = roleFromName(found->value(3).toString());
    if (!role)
        return invalidToken();
    Session session;
    session.userId = claims.userId;
    session.email = found->value(0).toString();
    session.displayName = (found->value(1).toString() + u' ' + found->value(2).toString()).trimmed();
    session.role = *role;
    if (!found->isNull(4))
        session.vendorId = found->value(4).toLongLong();
    session.signedInAt = claims.issuedAt;
    return session;
}

} // namespace sk
