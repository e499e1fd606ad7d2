// storekeeper-test: postgres
#include "ApiServer.h"
#include "HttpTestClient.h"
#include "TestDatabase.h"
#include "auth/AccessTokens.h"
#include "auth/AuthService.h"
#include "db/Database.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using namespace sk::api;

namespace {

const PasswordHasher fastHasher({10, 8, 1});
const QString kPassword = u"Correct-Horse-42"_s;

QJsonObject registration(const QString &email = u"ann@shop.test"_s)
{
    return QJsonObject{{u"email"_s, email},
                       {u"password"_s, kPassword},
                       {u"first_name"_s, u"Ann"_s},
                       {u"last_name"_s, u"Lee"_s}};
}

} // namespace

class TestApiAuth : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void registerCreatesACustomer();
    void registerRefusesADuplicateEmail();
    void registerRefusesBadFields_data();
    void registerRefusesBadFields();
    void loginReturnsABearerToken();
    void loginRefusesWrongCredentials();
    void loginLocksAfterFiveFailures();
    void loginRefusesADisabledAccount();
    void staffMaySignInToTheShop();

private:
    qint64 count(const QString &table);
    Status run(const QString &sql, const QVariantList &values);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<ApiServer> m_server;
    std::unique_ptr<test::HttpTestClient> m_client;
};

void TestApiAuth::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    ApiLimits limits;
    limits.requestsPerSecond = 0;
    m_server = std::make_unique<ApiServer>(ApiServices::create(m_db, fastHasher), limits);
    const Result<quint16> port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY2(port.ok(), qPrintable(port.ok() ? QString() : port.error().message));
    m_client = std::make_unique<test::HttpTestClient>(port.value());
}

void TestApiAuth::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_db.reset();
    m_testDb.reset();
}

qint64 TestApiAuth::count(const QString &table)
{
    const Result<QVariant> rows = Database::wait(m_db->read(
        [table](Connection &connection) { return connection.scalar(u"SELECT COUNT(*) FROM "_s + table); }));
    return rows ? rows->toLongLong() : -1;
}

Status TestApiAuth::run(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->write([sql, values](Connection &connection) { return connection.run(sql, values); }));
}

void TestApiAuth::registerCreatesACustomer()
{
    const test::HttpReply reply = m_client->post(u"/api/auth/register"_s, registration(u"  Ann.Lee@Shop.TEST "_s));
    QCOMPARE(reply.status, 201);
    QCOMPARE(reply.object().value(u"message"_s).toString(), u"User registered successfully"_s);
    const qint64 userId = reply.object().value(u"user_id"_s).toInteger();
    QVERIFY(userId > 0);
    const Result<QVariantList> row = Database::wait(m_db->read([userId](Connection &connection) -> Result<QVariantList> {
        Result<QSqlQuery> query =
            connection.exec(u"SELECT email, role, first_name, last_name, is_active FROM users WHERE id = ?"_s, {userId});
        if (!query)
            return query.error();
        if (!query.value().next())
            return Error::make(ErrorCode::NotFound, u"no user"_s);
        QVariantList values;
        for (int i = 0; i < 5; ++i)
            values.append(query.value().value(i));
        return values;
    }));
    QVERIFY(row.ok());
    QCOMPARE(row->at(0).toString(), u"ann.lee@shop.test"_s);
    QCOMPARE(row->at(1).toString(), u"customer"_s);
    QCOMPARE(row->at(2).toString(), u"Ann"_s);
    QCOMPARE(row->at(3).toString(), u"Lee"_s);
    QVERIFY(row->at(4).toBool());
    // A role in the body does not make a customer staff.
    QJsonObject sneaky = registration(u"eve@shop.test"_s);
    sneaky.insert(u"role"_s, u"admin"_s);
    const test::HttpReply eve = m_client->post(u"/api/auth/register"_s, sneaky);
    QCOMPARE(eve.status, 201);
    const Result<QVariant> role = Database::wait(m_db->read([](Connection &connection) {
        return connection.scalar(u"SELECT role FROM users WHERE email = 'eve@shop.test'"_s);
    }));
    QCOMPARE(role->toString(), u"customer"_s);
}

void TestApiAuth::registerRefusesADuplicateEmail()
{
    QCOMPARE(m_client->post(u"/api/auth/register"_s, registration()).status, 201);
    const qint64 users = count(u"users"_s);
    const test::HttpReply again = m_client->post(u"/api/auth/register"_s, registration(u"ANN@shop.test"_s));
    QCOMPARE(again.status, 409);
    QVERIFY(again.detail().contains(u"ann@shop.test"_s));
    QCOMPARE(count(u"users"_s), users);
}

void TestApiAuth::registerRefusesBadFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");   // undefined: the field is left out
    QTest::addColumn<QString>("detailMentions");
    QTest::newRow("no email") << u"email"_s << QJsonValue(QJsonValue::Undefined) << u"email"_s;
    QTest::newRow("no password") << u"password"_s << QJsonValue(QJsonValue::Undefined) << u"password"_s;
    QTest::newRow("no first name") << u"first_name"_s << QJsonValue(QJsonValue::Undefined) << u"first_name"_s;
    QTest::newRow("no last name") << u"last_name"_s << QJsonValue(QJsonValue::Undefined) << u"last_name"_s;
    QTest::newRow("null email") << u"email"_s << QJsonValue(QJsonValue::Null) << u"email"_s;
    QTest::newRow("empty first name") << u"first_name"_s << QJsonValue(u"   "_s) << u"first_name"_s;
    QTest::newRow("email a number") << u"email"_s << QJsonValue(12) << u"email"_s;
    QTest::newRow("password a number") << u"password"_s << QJsonValue(1234567890) << u"password"_s;
    QTest::newRow("last name an object") << u"last_name"_s << QJsonValue(QJsonObject{{u"x"_s, 1}}) << u"last_name"_s;
    QTest::newRow("first name a list") << u"first_name"_s << QJsonValue(QJsonArray{u"Ann"_s}) << u"first_name"_s;
    QTest::newRow("password true") << u"password"_s << QJsonValue(true) << u"password"_s;
    QTest::newRow("overlong email") << u"email"_s << QJsonValue(QString(250, u'a') + u"@shop.test"_s) << u"email"_s;
    QTest::newRow("overlong name") << u"first_name"_s << QJsonValue(QString(101, u'A')) << u"first_name"_s;
    QTest::newRow("overlong password") << u"password"_s << QJsonValue(QString(600, u'p')) << u"password"_s;
    QTest::newRow("not an e-mail") << u"email"_s << QJsonValue(u"ann-at-shop"_s) << u"e-mail"_s;
    QTest::newRow("short password") << u"password"_s << QJsonValue(u"short"_s) << u""_s;
}

void TestApiAuth::registerRefusesBadFields()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, detailMentions);
    QJsonObject body = registration();
    if (value.isUndefined())
        body.remove(field);
    else
        body.insert(field, value);
    const qint64 users = count(u"users"_s);
    const qint64 audit = count(u"audit_log"_s);
    const test::HttpReply reply = m_client->post(u"/api/auth/register"_s, body);
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    QVERIFY2(reply.detail().contains(detailMentions, Qt::CaseInsensitive), qPrintable(reply.detail()));
    QCOMPARE(count(u"users"_s), users);
    QCOMPARE(count(u"audit_log"_s), audit);
}

void TestApiAuth::loginReturnsABearerToken()
{
    const test::HttpReply registered = m_client->post(u"/api/auth/register"_s, registration());
    QCOMPARE(registered.status, 201);
    const test::HttpReply reply =
        m_client->post(u"/api/auth/login"_s, QJsonObject{{u"email"_s, u"Ann@Shop.test"_s}, {u"password"_s, kPassword}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"token_type"_s).toString(), u"bearer"_s);
    QCOMPARE(reply.object().value(u"expires_in"_s).toInteger(), qint64(ApiLimits{}.tokenLifetimeMinutes) * 60);
    const QByteArray token = reply.object().value(u"access_token"_s).toString().toLatin1();
    const Result<QByteArray> secret = Database::wait(AccessTokens::loadOrCreateSecret(m_db));
    QVERIFY(secret.ok());
    const Result<TokenClaims> claims = AccessTokens(secret.value()).verify(token);
    QVERIFY(claims.ok());
    QCOMPARE(claims->userId, registered.object().value(u"user_id"_s).toInteger());
    QCOMPARE(claims->email, u"ann@shop.test"_s);
    QCOMPARE(claims->role, Role::Customer);
}

void TestApiAuth::loginRefusesWrongCredentials()
{
    QCOMPARE(m_client->post(u"/api/auth/register"_s, registration()).status, 201);
    const test::HttpReply wrong = m_client->post(
        u"/api/auth/login"_s, QJsonObject{{u"email"_s, u"ann@shop.test"_s}, {u"password"_s, u"Not-The-One-99"_s}});
    QCOMPARE(wrong.status, 401);
    QVERIFY(wrong.object().value(u"access_token"_s).isUndefined());
    const test::HttpReply unknown = m_client->post(
        u"/api/auth/login"_s, QJsonObject{{u"email"_s, u"nobody@shop.test"_s}, {u"password"_s, kPassword}});
    QCOMPARE(unknown.status, 401);
    QCOMPARE(unknown.detail(), wrong.detail());
    const qint64 audit = count(u"audit_log"_s);
    const test::HttpReply missing = m_client->post(u"/api/auth/login"_s, QJsonObject{{u"email"_s, u"ann@shop.test"_s}});
    QCOMPARE(missing.status, 400);
    QVERIFY(missing.detail().contains(u"password"_s));
    const test::HttpReply typed = m_client->post(u"/api/auth/login"_s,
                                                 QJsonObject{{u"email"_s, u"ann@shop.test"_s}, {u"password"_s, 42}});
    QCOMPARE(typed.status, 400);
    QCOMPARE(count(u"audit_log"_s), audit);
}

void TestApiAuth::loginLocksAfterFiveFailures()
{
    QCOMPARE(m_client->post(u"/api/auth/register"_s, registration()).status, 201);
    const QJsonObject wrong{{u"email"_s, u"ann@shop.test"_s}, {u"password"_s, u"Not-The-One-99"_s}};
    for (int i = 1; i < AuthService::MaxFailedAttempts; ++i)
        QCOMPARE(m_client->post(u"/api/auth/login"_s, wrong).status, 401);
    const test::HttpReply locked = m_client->post(u"/api/auth/login"_s, wrong);
    QCOMPARE(locked.status, 423);
    QVERIFY(!locked.detail().isEmpty());
    const test::HttpReply stillLocked =
        m_client->post(u"/api/auth/login"_s, QJsonObject{{u"email"_s, u"ann@shop.test"_s}, {u"password"_s, kPassword}});
    QCOMPARE(stillLocked.status, 423);
}

void TestApiAuth::loginRefusesADisabledAccount()
{
    QCOMPARE(m_client->post(u"/api/auth/register"_s, registration()).status, 201);
    QVERIFY(run(u"UPDATE users SET is_active = 0 WHERE email = ?"_s, {u"ann@shop.test"_s}).ok());
    const test::HttpReply reply =
        m_client->post(u"/api/auth/login"_s, QJsonObject{{u"email"_s, u"ann@shop.test"_s}, {u"password"_s, kPassword}});
    QCOMPARE(reply.status, 401);
    QVERIFY(reply.object().value(u"access_token"_s).isUndefined());
}

void TestApiAuth::staffMaySignInToTheShop()
{
    AuthService auth(m_db, fastHasher);
    ShopSettings shop;
    shop.shopName = u"Test shop"_s;
    const NewUser admin{u"boss@shop.test"_s, kPassword, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    QVERIFY(Database::wait(auth.setUpShop(shop, admin)).ok());
    const test::HttpReply reply =
        m_client->post(u"/api/auth/login"_s, QJsonObject{{u"email"_s, u"boss@shop.test"_s}, {u"password"_s, kPassword}});
    QCOMPARE(reply.status, 200);
    // The desktop still refuses customers.
    QCOMPARE(m_client->post(u"/api/auth/register"_s, registration()).status, 201);
    const Result<Session> desktop = Database::wait(auth.signIn(u"ann@shop.test"_s, kPassword));
    QVERIFY(!desktop.ok());
    QCOMPARE(desktop.error().code, ErrorCode::PermissionDenied);
}

QTEST_GUILESS_MAIN(TestApiAuth)
#include "tst_apiauth.moc"
