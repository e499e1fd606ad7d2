// storekeeper-test: postgres
#include "ApiJson.h"
#include "ApiServer.h"
#include "HttpTestClient.h"
#include "OpenApi.h"
#include "TestDatabase.h"
#include "auth/AccessTokens.h"
#include "auth/AuthService.h"
#include "db/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <algorithm>
#include <stdexcept>

using namespace Qt::StringLiterals;
using namespace sk;
using namespace sk::api;

namespace {

const PasswordHasher fastHasher({10, 8, 1});
const QString kPassword = u"Correct-Horse-42"_s;

} // namespace

class TestApiServer : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void unknownPathIs404();
    void wrongMethodIs405();
    void idsMustBePositiveIntegers();
    void bodyMustBeOneJsonObject_data();
    void bodyMustBeOneJsonObject();
    void oversizedBodyIs413AndNotRead();
    void customerRoutesNeedAValidToken_data();
    void customerRoutesNeedAValidToken();
    void disabledOrDeletedUsersTokenIs401();
    void validTokenReachesTheHandlerAsItsSession();
    void handlerFailuresBecome500_data();
    void handlerFailuresBecome500();
    void rateLimitAnswers429ThenRecovers();
    void keepAliveServesSeveralRequestsOnOneConnection();
    void concurrentClientsAreAllAnswered();
    void openApiDescribesEveryRoute();
    void integerFields_data();
    void integerFields();
    void stringAndMoneyFields();
    void queryParameters();

private:
    void startServer(ApiLimits limits = {});
    qint64 count(const QString &table);
    QByteArray registerAndSignIn(const QString &email, qint64 *userId = nullptr);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<ApiServer> m_server;
    std::unique_ptr<test::HttpTestClient> m_client;
};

void TestApiServer::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    ApiLimits limits;
    limits.requestsPerSecond = 0;   // off, except in the rate-limit test
    startServer(limits);
}

void TestApiServer::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_db.reset();
    m_testDb.reset();
}

void TestApiServer::startServer(ApiLimits limits)
{
    m_client.reset();
    m_server.reset();
    m_server = std::make_unique<ApiServer>(ApiServices::create(m_db, fastHasher), limits);
    // Routes of the test's own, to reach the server's edges.
    m_server->router().add(Method::Get, u"/api/test/whoami"_s, Access::Customer, [](const ApiCall &call) {
        return replyNow(ApiReply::ok(QJsonObject{{u"user_id"_s, call.session.userId},
                                                 {u"email"_s, call.session.email},
                                                 {u"role"_s, roleName(call.session.role)}}));
    });
    m_server->router().add(Method::Post, u"/api/test/echo/{id}"_s, Access::Public, [](const ApiCall &call) {
        return replyNow(ApiReply::ok(QJsonObject{{u"id"_s, call.ids.value(0)}, {u"body"_s, call.body}}));
    });
    m_server->router().add(Method::Get, u"/api/test/throws"_s, Access::Public, [](const ApiCall &) -> QFuture<ApiReply> {
        throw std::runtime_error("handler defect");
    });
    m_server->router().add(Method::Get, u"/api/test/empty"_s, Access::Public,
                           [](const ApiCall &) { return QFuture<ApiReply>(); });
    m_server->router().add(Method::Get, u"/api/test/fails"_s, Access::Public, [](const ApiCall &) {
        return QtFuture::makeReadyFuture().then([]() -> ApiReply { throw std::runtime_error("late defect"); });
    });
    const Result<quint16> port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY2(port.ok(), qPrintable(port.ok() ? QString() : port.error().message));
    QVERIFY(port.value() > 0);
    m_client = std::make_unique<test::HttpTestClient>(port.value());
}

qint64 TestApiServer::count(const QString &table)
{
    const Result<QVariant> rows = Database::wait(m_db->read(
        [table](Connection &connection) { return connection.scalar(u"SELECT COUNT(*) FROM "_s + table); }));
    return rows ? rows->toLongLong() : -1;
}

QByteArray TestApiServer::registerAndSignIn(const QString &email, qint64 *userId)
{
    const test::HttpReply registered = m_client->post(
        u"/api/auth/register"_s,
        QJsonObject{{u"email"_s, email}, {u"password"_s, kPassword}, {u"first_name"_s, u"Ann"_s}, {u"last_name"_s, u"Lee"_s}});
    if (registered.status != 201)
        return {};
    if (userId)
        *userId = registered.object().value(u"user_id"_s).toInteger();
    const test::HttpReply signedIn =
        m_client->post(u"/api/auth/login"_s, QJsonObject{{u"email"_s, email}, {u"password"_s, kPassword}});
    return signedIn.object().value(u"access_token"_s).toString().toLatin1();
}

void TestApiServer::unknownPathIs404()
{
    for (const QString &path : {u"/nothing"_s, u"/api"_s, u"/api/test/whoami/extra"_s, u"/"_s}) {
        const test::HttpReply reply = m_client->get(path);
        QCOMPARE(reply.status, 404);
        QVERIFY(reply.header("Content-Type").startsWith("application/json"));
        QCOMPARE(reply.object().value(u"status"_s).toInt(), 404);
        QVERIFY(!reply.detail().isEmpty());
    }
}

void TestApiServer::wrongMethodIs405()
{
    const test::HttpReply get = m_client->get(u"/api/auth/login"_s);
    QCOMPARE(get.status, 405);
    QVERIFY(get.header("Content-Type").startsWith("application/json"));
    QVERIFY(!get.detail().isEmpty());
    QCOMPARE(m_client->request("PATCH", u"/api/auth/login"_s, QJsonObject{}).status, 405);
    QCOMPARE(m_client->del(u"/api/test/whoami"_s).status, 405);
}

void TestApiServer::idsMustBePositiveIntegers()
{
    const test::HttpReply ok = m_client->post(u"/api/test/echo/17"_s, QJsonObject{{u"a"_s, 1}});
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.object().value(u"id"_s).toInteger(), 17);
    QCOMPARE(ok.object().value(u"body"_s).toObject().value(u"a"_s).toInt(), 1);
    for (const QString &id : {u"0"_s, u"-3"_s, u"abc"_s, u"1.5"_s, u"99999999999999999999"_s, u"+4"_s})
        QCOMPARE(m_client->post(u"/api/test/echo/"_s + id, QJsonObject{}).status, 404);
}

void TestApiServer::bodyMustBeOneJsonObject_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("malformed") << QByteArray("{\"email\": ") << QByteArray("application/json");
    QTest::newRow("trailing garbage") << QByteArray("{} x") << QByteArray("application/json");
    QTest::newRow("array") << QByteArray("[{\"email\": \"a@b.test\"}]") << QByteArray("application/json");
    QTest::newRow("string") << QByteArray("\"text\"") << QByteArray("application/json");
    QTest::newRow("number") << QByteArray("12") << QByteArray("application/json");
    QTest::newRow("null") << QByteArray("null") << QByteArray("application/json");
    QTest::newRow("form encoded") << QByteArray("email=a%40b.test&password=x") << QByteArray("application/x-www-form-urlencoded");
    QTest::newRow("no content type") << QByteArray("{\"email\": \"a@b.test\"}") << QByteArray();
    QTest::newRow("text/plain") << QByteArray("{\"email\": \"a@b.test\"}") << QByteArray("text/plain");
}

void TestApiServer::bodyMustBeOneJsonObject()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    const qint64 users = count(u"users"_s);
    const test::HttpReply reply = m_client->request("POST", u"/api/auth/register"_s, body, {}, contentType);
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    QVERIFY(!reply.detail().isEmpty());
    QCOMPARE(count(u"users"_s), users);
}

void TestApiServer::oversizedBodyIs413AndNotRead()
{
    const qint64 users = count(u"users"_s);
    QByteArray big = "{\"email\": \"a@b.test\", \"password\": \"" + QByteArray(1024 * 1024, 'x') + "\"}";
    const test::HttpReply reply = m_client->request("POST", u"/api/auth/register"_s, big, {});
    QCOMPARE(reply.status, 413);
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    QVERIFY(reply.detail().contains(QString::number(ApiLimits{}.maxBodyBytes)));
    QCOMPARE(count(u"users"_s), users);
    // Just over the limit is refused too; the server keeps serving.
    const QByteArray over(ApiLimits{}.maxBodyBytes + 1, ' ');
    QCOMPARE(m_client->request("POST", u"/api/auth/register"_s, over, {}).status, 413);
    QCOMPARE(m_client->get(u"/nothing"_s).status, 404);
}

void TestApiServer::customerRoutesNeedAValidToken_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("garbage") << QByteArray("Bearer garbage");
    QTest::newRow("empty bearer") << QByteArray("Bearer ");
    QTest::newRow("basic scheme") << QByteArray("Basic YWxhZGRpbjpvcGVuc2VzYW1l");
    QTest::newRow("three dots") << QByteArray("Bearer a.b.c");
    QTest::newRow("expired") << QByteArray("expired");
    QTest::newRow("other secret") << QByteArray("other secret");
    QTest::newRow("alg none") << QByteArray("alg none");
}

void TestApiServer::customerRoutesNeedAValidToken()
{
    QFETCH(QByteArray, authorization);
    qint64 userId = 0;
    const QByteArray good = registerAndSignIn(u"ann@shop.test"_s, &userId);
    QVERIFY(!good.isEmpty());
    const Result<QByteArray> secret = Database::wait(AccessTokens::loadOrCreateSecret(m_db));
    QVERIFY(secret.ok());
    Session session;
    session.userId = userId;
    session.email = u"ann@shop.test"_s;
    if (authorization == "expired") {
        AccessTokens tokens(secret.value());
        tokens.setLifetimeSeconds(60);
        authorization = "Bearer " + tokens.issue(session, QDateTime::currentDateTimeUtc().addSecs(-120));
    } else if (authorization == "other secret") {
        AccessTokens tokens(QByteArray(AccessTokens::kSecretBytes, 'z'));
        authorization = "Bearer " + tokens.issue(session);
    } else if (authorization == "alg none") {
        const QList<QByteArray> parts = good.split('.');
        const QByteArray header = QByteArray("{\"alg\":\"none\",\"typ\":\"JWT\"}")
                                      .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        authorization = "Bearer " + header + '.' + parts.at(1) + '.';
    }
    test::HttpTestClient client(quint16(QUrl(m_client->baseUrl()).port()));
    if (!authorization.isEmpty())
        client.setHeader("Authorization", authorization);
    const qint64 audit = count(u"audit_log"_s);
    const test::HttpReply reply = client.get(u"/api/test/whoami"_s);
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.header("WWW-Authenticate"), QByteArray("Bearer"));
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    QVERIFY(!reply.detail().isEmpty());
    QCOMPARE(count(u"audit_log"_s), audit);
    // The good token still works beside them.
    QCOMPARE(m_client->get(u"/api/test/whoami"_s, good).status, 200);
}

void TestApiServer::disabledOrDeletedUsersTokenIs401()
{
    qint64 annId = 0;
    const QByteArray ann = registerAndSignIn(u"ann@shop.test"_s, &annId);
    qint64 bobId = 0;
    const QByteArray bob = registerAndSignIn(u"bob@shop.test"_s, &bobId);
    QVERIFY(!ann.isEmpty() && !bob.isEmpty());
    QCOMPARE(m_client->get(u"/api/test/whoami"_s, ann).status, 200);
    QCOMPARE(m_client->get(u"/api/test/whoami"_s, bob).status, 200);

    Status changed = Database::wait(m_db->write([annId, bobId](Connection &connection) -> Status {
        if (Status ok = connection.run(u"UPDATE users SET is_active = 0 WHERE id = ?"_s, {annId}); !ok)
            return ok;
        return connection.run(u"DELETE FROM users WHERE id = ?"_s, {bobId});
    }));
    QVERIFY2(changed.ok(), qPrintable(changed.ok() ? QString() : changed.error().message + changed.error().details));
    const test::HttpReply disabled = m_client->get(u"/api/test/whoami"_s, ann);
    QCOMPARE(disabled.status, 401);
    QVERIFY(!disabled.detail().isEmpty());
    QCOMPARE(m_client->get(u"/api/test/whoami"_s, bob).status, 401);
}

void TestApiServer::validTokenReachesTheHandlerAsItsSession()
{
    qint64 userId = 0;
    const QByteArray token = registerAndSignIn(u"Cleo@Shop.test"_s, &userId);
    QVERIFY(!token.isEmpty());
    const test::HttpReply reply = m_client->get(u"/api/test/whoami"_s, token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"user_id"_s).toInteger(), userId);
    QCOMPARE(reply.object().value(u"email"_s).toString(), u"cleo@shop.test"_s);
    QCOMPARE(reply.object().value(u"role"_s).toString(), u"customer"_s);
    // The scheme's name is case-insensitive.
    test::HttpTestClient client(quint16(QUrl(m_client->baseUrl()).port()));
    client.setHeader("Authorization", "bearer " + token);
    QCOMPARE(client.get(u"/api/test/whoami"_s).status, 200);
}

void TestApiServer::handlerFailuresBecome500_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("throws") << u"/api/test/throws"_s;
    QTest::newRow("empty future") << u"/api/test/empty"_s;
    QTest::newRow("failed future") << u"/api/test/fails"_s;
}

void TestApiServer::handlerFailuresBecome500()
{
    QFETCH(QString, path);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^API: GET /api/test/.*"_s));
    const test::HttpReply reply = m_client->get(path);
    QCOMPARE(reply.status, 500);
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    QVERIFY(!reply.detail().isEmpty());
    QVERIFY(!reply.detail().contains(u"defect"_s));
    QCOMPARE(m_client->get(u"/nothing"_s).status, 404);
}

void TestApiServer::rateLimitAnswers429ThenRecovers()
{
    ApiLimits limits;
    // One a second, bursts of two: even a slow machine outruns the refill.
    limits.requestsPerSecond = 1;
    startServer(limits);
    int answered = 0;
    test::HttpReply refused;
    for (int i = 0; i < 30 && refused.status == 0; ++i) {
        const test::HttpReply reply = m_client->get(u"/nothing"_s);
        if (reply.status == 429)
            refused = reply;
        else
            ++answered;
    }
    QCOMPARE(refused.status, 429);
    QVERIFY2(answered >= 2 && answered <= 10, qPrintable(QString::number(answered)));
    QVERIFY(refused.header("Content-Type").startsWith("application/json"));
    bool ok = false;
    const int retryAfter = refused.header("Retry-After").toInt(&ok);
    QVERIFY(ok && retryAfter >= 1);
    QVERIFY(!refused.detail().isEmpty());
    QTest::qWait(retryAfter * 1000);
    QCOMPARE(m_client->get(u"/nothing"_s).status, 404);
}

void TestApiServer::keepAliveServesSeveralRequestsOnOneConnection()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(QUrl(m_client->baseUrl()).port()));
    QVERIFY(socket.waitForConnected(5000));
    for (int i = 0; i < 3; ++i) {
        const QByteArray body = "{\"n\": " + QByteArray::number(i) + "}";
        socket.write("POST /api/test/echo/" + QByteArray::number(i + 1) + " HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\"n\":" + QByteArray::number(i)), 5000);
        QVERIFY(answer.startsWith("HTTP/1.1 200"));
        QVERIFY(answer.contains("Content-Type: application/json"));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }
}

void TestApiServer::concurrentClientsAreAllAnswered()
{
    const quint16 port = quint16(QUrl(m_client->baseUrl()).port());
    QNetworkAccessManager network;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 50; ++i) {
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/api/test/echo/%2"_s.arg(port).arg(i + 1)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        replies.append(network.post(request, QByteArray("{\"i\": ") + QByteArray::number(i) + "}"));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }),
                             20000);
    for (int i = 0; i < replies.size(); ++i) {
        QNetworkReply *reply = replies.at(i);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(body.value(u"id"_s).toInteger(), i + 1);
        reply->deleteLater();
    }
}

void TestApiServer::openApiDescribesEveryRoute()
{
    const test::HttpReply reply = m_client->get(u"/api/openapi.json"_s);
    QCOMPARE(reply.status, 200);
    const QJsonObject document = reply.object();
    QVERIFY(document.value(u"openapi"_s).toString().startsWith(u"3.0"_s));
    // A fragment may name its path parameters ({order_id}); the router's are all {id}.
    QJsonObject paths;
    const QJsonObject documented = document.value(u"paths"_s).toObject();
    const QRegularExpression parameter(u"\\{[a-z_]+\\}"_s);
    for (auto it = documented.begin(); it != documented.end(); ++it) {
        const QString normalised = QString(it.key()).replace(parameter, u"{id}"_s);
        QJsonObject operations = paths.value(normalised).toObject();
        const QJsonObject more = it.value().toObject();
        for (auto op = more.begin(); op != more.end(); ++op)
            operations.insert(op.key(), op.value());
        paths.insert(normalised, operations);
    }
    const QJsonObject schemas = document.value(u"components"_s).toObject().value(u"schemas"_s).toObject();
    QVERIFY(schemas.contains(u"Error"_s));
    QStringList missing;
    for (const ApiRouter::RouteInfo &route : m_server->router().routes()) {
        if (route.pattern.startsWith(u"/api/test/"_s))
            continue;
        const QJsonObject operations = paths.value(route.pattern).toObject();
        if (!operations.contains(methodName(route.method).toLower()))
            missing.append(methodName(route.method) + u' ' + route.pattern);
        else if (route.access == Access::Customer
                 && operations.value(methodName(route.method).toLower()).toObject().value(u"security"_s).isUndefined()
                 && document.value(u"security"_s).isUndefined())
            missing.append(u"security of "_s + methodName(route.method) + u' ' + route.pattern);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));
    // Every fragment is valid on its own terms, and each $ref points somewhere.
    const QByteArray text = QJsonDocument(document).toJson(QJsonDocument::Compact);
    QRegularExpression refs(u"\"\\$ref\":\"#/components/(\\w+)/(\\w+)\""_s);
    for (auto match = refs.globalMatch(QString::fromUtf8(text)); match.hasNext();) {
        const QRegularExpressionMatch found = match.next();
        QVERIFY2(document.value(u"components"_s).toObject().value(found.captured(1)).toObject().contains(found.captured(2)),
                 qPrintable(found.captured(0)));
    }
}

void TestApiServer::integerFields_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<int>("status");      // 0: accepted
    QTest::addColumn<qint64>("expected");
    QTest::newRow("integer") << QJsonValue(5) << 0 << qint64(5);
    QTest::newRow("minimum") << QJsonValue(1) << 0 << qint64(1);
    QTest::newRow("maximum") << QJsonValue(99) << 0 << qint64(99);
    QTest::newRow("integral double") << QJsonValue(7.0) << 0 << qint64(7);
    QTest::newRow("number as string") << QJsonValue(u"5"_s) << 400 << qint64(0);
    QTest::newRow("fraction") << QJsonValue(2.5) << 400 << qint64(0);
    QTest::newRow("below") << QJsonValue(0) << 400 << qint64(0);
    QTest::newRow("above") << QJsonValue(100) << 400 << qint64(0);
    QTest::newRow("huge") << QJsonValue(1e30) << 400 << qint64(0);
    QTest::newRow("boolean") << QJsonValue(true) << 400 << qint64(0);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << 400 << qint64(0);
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << 400 << qint64(0);
}

void TestApiServer::integerFields()
{
    QFETCH(QJsonValue, value);
    QFETCH(int, status);
    QFETCH(qint64, expected);
    QJsonObject body;
    if (!value.isUndefined())
        body.insert(u"quantity"_s, value);
    const Field<qint64> quantity = requiredInt64(body, u"quantity"_s, 1, 99);
    if (status == 0) {
        QVERIFY(quantity.ok());
        QCOMPARE(*quantity, expected);
    } else {
        QVERIFY(!quantity.ok());
        QCOMPARE(quantity.error().status, status);
        QVERIFY(quantity.error().body.toObject().value(u"detail"_s).toString().contains(u"\"quantity\""_s));
    }
    // Optional: absent and null are "not given"; the rest as required.
    const Field<std::optional<qint64>> optional = optionalInt64(body, u"quantity"_s, 1, 99);
    if (value.isUndefined() || value.isNull())
        QVERIFY(optional.ok() && !optional->has_value());
    else
        QCOMPARE(optional.ok(), status == 0);
}

void TestApiServer::stringAndMoneyFields()
{
    const QJsonObject body{{u"name"_s, u"  Ann  "_s}, {u"secret"_s, u" x "_s}, {u"long"_s, QString(11, u'a')},
                           {u"number"_s, 3}, {u"price"_s, u"12.34"_s}, {u"float_price"_s, 12.34},
                           {u"fine_price"_s, u"1.234"_s}, {u"negative"_s, u"-1.00"_s}, {u"blank"_s, u"  "_s}};
    QCOMPARE(*requiredString(body, u"name"_s, 10), u"Ann"_s);
    QCOMPARE(*requiredString(body, u"secret"_s, 10, TextForm::Exact), u" x "_s);
    QCOMPARE(requiredString(body, u"long"_s, 10).error().status, 400);
    QCOMPARE(requiredString(body, u"number"_s, 10).error().status, 400);
    QCOMPARE(requiredString(body, u"blank"_s, 10).error().status, 400);
    QVERIFY(!optionalString(body, u"blank"_s, 10)->has_value());
    QVERIFY(!optionalString(body, u"absent"_s, 10)->has_value());
    QCOMPARE(optionalString(body, u"number"_s, 10).error().status, 400);
    QCOMPARE(requiredMoney(body, u"price"_s, u"USD"_s)->minorUnits(), 1234);
    QCOMPARE(requiredMoney(body, u"float_price"_s, u"USD"_s).error().status, 400);
    QCOMPARE(requiredMoney(body, u"fine_price"_s, u"USD"_s).error().status, 400);
    QCOMPARE(requiredMoney(body, u"negative"_s, u"USD"_s).error().status, 400);
    QCOMPARE(requiredBool(QJsonObject{{u"b"_s, u"true"_s}}, u"b"_s).error().status, 400);
    QCOMPARE(*requiredBool(QJsonObject{{u"b"_s, false}}, u"b"_s), false);
    QCOMPARE(moneyJson(Money(123456, u"USD"_s)), QJsonValue(u"1234.56"_s));
    QCOMPARE(moneyJson(Money(5, u"USD"_s)), QJsonValue(u"0.05"_s));
    QVERIFY(moneyJson(Money()).isNull());
}

void TestApiServer::queryParameters()
{
    const QUrlQuery query(u"page=3&page_size=abc&min_price=10.5&max_price=1e3&q=%20shoe%20&in_stock=true&big=99999999999999999999"_s);
    QCOMPARE(*queryInt(query, u"page"_s, 1, 1, 1000), 3);
    QCOMPARE(*queryInt(query, u"absent"_s, 20, 1, 100), 20);
    QCOMPARE(queryInt(query, u"page_size"_s, 20, 1, 100).error().status, 400);
    QCOMPARE(queryInt(query, u"big"_s, 20, 1, 100).error().status, 400);
    QCOMPARE(queryInt(query, u"page"_s, 1, 1, 2).error().status, 400);
    QCOMPARE(queryMoney(query, u"min_price"_s)->value().minorUnits(), 1050);
    QCOMPARE(queryMoney(query, u"max_price"_s).error().status, 400);
    QVERIFY(!queryMoney(query, u"absent"_s)->has_value());
    QCOMPARE(queryString(query, u"q"_s, 100)->value(), u"shoe"_s);
    QCOMPARE(queryString(query, u"q"_s, 2).error().status, 400);
    QCOMPARE(queryBool(query, u"in_stock"_s)->value(), true);
    QCOMPARE(queryBool(query, u"q"_s).error().status, 400);
}

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_apiserver.moc"
