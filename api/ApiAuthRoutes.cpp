#include "ApiJson.h"
#include "ApiServer.h"
#include "auth/AccessTokens.h"
#include "auth/AuthService.h"
#include "auth/PasswordPolicy.h"
#include "auth/UserService.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk::api {

namespace {

// Long enough for any address RFC 5321 allows and any name; the services
// check the content.
constexpr qsizetype kMaxEmailLength = 254;
constexpr qsizetype kMaxNameLength = 100;
// The policy counts code points; a UTF-16 string of four times as many
// units is surely refused by it anyway.
constexpr qsizetype kMaxPasswordUnits = PasswordPolicy::kMaxPasswordLength * 4;

QFuture<ApiReply> registerCustomer(const ApiServices &services, const ApiCall &call)
{
    const Field<QString> email = requiredString(call.body, u"email"_s, kMaxEmailLength);
    if (!email)
        return replyNow(email.error());
    const Field<QString> password = requiredString(call.body, u"password"_s, kMaxPasswordUnits, TextForm::Exact);
    if (!password)
        return replyNow(password.error());
    const Field<QString> firstName = requiredString(call.body, u"first_name"_s, kMaxNameLength);
    if (!firstName)
        return replyNow(firstName.error());
    const Field<QString> lastName = requiredString(call.body, u"last_name"_s, kMaxNameLength);
    if (!lastName)
        return replyNow(lastName.error());

    NewUser user;
    user.email = *email;
    user.password = *password;
    user.firstName = *firstName;
    user.lastName = *lastName;
    user.role = Role::Customer;
    return replyFrom(services.users->registerCustomer(user), [](const User &created) {
        return ApiReply::ok(QJsonObject{{u"message"_s, QCoreApplication::translate("ApiAuth", "User registered successfully")},
                                        {u"user_id"_s, created.id}},
                            201);
    });
}

QFuture<ApiReply> signIn(const ApiServices &services, const std::shared_ptr<AccessTokens> &tokens, const ApiCall &call)
{
    const Field<QString> email = requiredString(call.body, u"email"_s, kMaxEmailLength);
    if (!email)
        return replyNow(email.error());
    const Field<QString> password = requiredString(call.body, u"password"_s, kMaxPasswordUnits, TextForm::Exact);
    if (!password)
        return replyNow(password.error());
    if (!tokens->hasSecret())
        return replyNow(ApiReply::error(503, QCoreApplication::translate(
                                                 "ApiAuth", "Signing in is not possible yet. Try again in a moment.")));
    return services.auth->signInToShop(*email, *password)
        .then(QtFuture::Launch::Sync, [tokens](const Result<Session> &session) {
            if (!session) {
                // A switched-off account gets 401 as in the original, with
                // its own sentence; a lockout stays 423 (docs/api.md).
                if (session.error().code == ErrorCode::PermissionDenied)
                    return ApiReply::error(401, session.error().message);
                return ApiReply::fromError(session.error());
            }
            return ApiReply::ok(QJsonObject{
                {u"access_token"_s, QString::fromLatin1(tokens->issue(session.value()))},
                {u"token_type"_s, u"bearer"_s},
                {u"expires_in"_s, tokens->lifetimeSeconds()},
            });
        });
}

} // namespace

void registerAuthRoutes(ApiRouter &router, const ApiServices &services, std::shared_ptr<AccessTokens> tokens)
{
    router.add(Method::Post, u"/api/auth/register"_s, Access::Public,
               [services](const ApiCall &call) { return registerCustomer(services, call); });
    router.add(Method::Post, u"/api/auth/login"_s, Access::Public,
               [services, tokens](const ApiCall &call) { return signIn(services, tokens, call); });
}

} // namespace sk::api
