#pragma once

#include "auth/Role.h"
#include "auth/Session.h"
#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QFuture>
#include <QString>
#include <memory>

namespace sk {

class Connection;
class Database;

// What a bearer token says about its holder (the JWT claims sub, email,
// role, iat and exp).
struct TokenClaims {
    qint64 userId = 0;
    QString email;
    Role role = Role::Customer;
    QDateTime issuedAt;
    QDateTime expiresAt;
};

// The online shop's bearer tokens: JWTs signed with HMAC-SHA256 (the only
// algorithm accepted), as the original platform issued them. The secret is
// 32 random bytes kept in the settings table under "api.token_secret",
// created at the first start of the API and shared by every server on the
// database, so a token stays valid across restarts and servers.
class AccessTokens {
public:
    static constexpr int kSecretBytes = 32;

    static constexpr qint64 kDefaultLifetimeSeconds = 60 * 60;

    explicit AccessTokens(QByteArray secret = {});
    // Set once before the first request (the server loads the secret at
    // start); tokens are neither issued nor accepted without one.
    void setSecret(QByteArray secret) { m_secret = std::move(secret); }
    bool hasSecret() const { return m_secret.size() == kSecretBytes; }
    void setLifetimeSeconds(qint64 seconds) { m_lifetimeSeconds = seconds; }
    qint64 lifetimeSeconds() const { return m_lifetimeSeconds; }

    // The stored secret, or a new one stored now (first start).
    static QFuture<Result<QByteArray>> loadOrCreateSecret(std::shared_ptr<Database> database);
    static Result<QByteArray> loadOrCreateSecretInTransaction(Connection &connection);
    static Result<QByteArray> randomSecret();
    static QString secretKey();

    QByteArray issue(const TokenClaims &claims) const;
    // A token for this user, valid from now for lifetimeSeconds().
    QByteArray issue(const Session &session, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // Unauthenticated for anything but a well-formed, correctly signed
    // HS256 token whose exp lies after now.
    Result<TokenClaims> verify(QByteArrayView token, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    // The token holder as a Session, read now: Unauthenticated when the
    // account is gone or switched off since the token was issued.
    static Result<Session> sessionInTransaction(Connection &connection, const TokenClaims &claims);

private:
    QByteArray sign(QByteArrayView signingInput) const;

    QByteArray m_secret;
    qint64 m_lifetimeSeconds = kDefaultLifetimeSeconds;
};

} // namespace sk
