// storekeeper-test: postgres
#include "TestDatabase.h"
#include "auth/AccessTokens.h"
#include "db/Database.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

const QByteArray kSecret = QByteArray(AccessTokens::kSecretBytes, 'k');
const QDateTime kNow = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

Session customer()
{
    Session session;
    session.userId = 42;
    session.email = u"ann@shop.test"_s;
    session.role = Role::Customer;
    return session;
}

QByteArray segment(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(kBase64Url);
}

QList<QByteArray> parts(const QByteArray &token)
{
    return token.split('.');
}

} // namespace

class TestAccessTokens : public QObject {
    Q_OBJECT

private slots:
    void issuedTokenVerifies();
    void headerAndClaimsAreTheJwtOnes();
    void expiredTokenIsRefused();
    void tamperedPayloadIsRefused();
    void tamperedSignatureIsRefused();
    void otherAlgorithmsAreRefused_data();
    void otherAlgorithmsAreRefused();
    void malformedTokensAreRefused_data();
    void malformedTokensAreRefused();
    void otherSecretIsRefused();
    void noSecretAcceptsNothing();
    void secretIsCreatedOnceAndKept();
};

void TestAccessTokens::issuedTokenVerifies()
{
    AccessTokens tokens(kSecret);
    tokens.setLifetimeSeconds(3600);
    const QByteArray token = tokens.issue(customer(), kNow);
    const Result<TokenClaims> claims = tokens.verify(token, kNow.addSecs(3599));
    QVERIFY2(claims.ok(), qPrintable(claims.ok() ? QString() : claims.error().message));
    QCOMPARE(claims->userId, 42);
    QCOMPARE(claims->email, u"ann@shop.test"_s);
    QCOMPARE(claims->role, Role::Customer);
    QCOMPARE(claims->issuedAt, kNow);
    QCOMPARE(claims->expiresAt, kNow.addSecs(3600));
}

void TestAccessTokens::headerAndClaimsAreTheJwtOnes()
{
    AccessTokens tokens(kSecret);
    const QByteArray token = tokens.issue(customer(), kNow);
    const QList<QByteArray> pieces = parts(token);
    QCOMPARE(pieces.size(), 3);
    for (const QByteArray &piece : pieces) {
        QVERIFY(!piece.contains('='));
        QVERIFY(!piece.contains('+'));
        QVERIFY(!piece.contains('/'));
    }
    const QJsonObject header = QJsonDocument::fromJson(QByteArray::fromBase64(pieces.at(0), kBase64Url)).object();
    QCOMPARE(header.value(u"alg"_s).toString(), u"HS256"_s);
    QCOMPARE(header.value(u"typ"_s).toString(), u"JWT"_s);
    const QJsonObject claims = QJsonDocument::fromJson(QByteArray::fromBase64(pieces.at(1), kBase64Url)).object();
    QCOMPARE(claims.value(u"sub"_s).toString(), u"42"_s);
    QCOMPARE(claims.value(u"email"_s).toString(), u"ann@shop.test"_s);
    QCOMPARE(claims.value(u"role"_s).toString(), u"customer"_s);
    QCOMPARE(claims.value(u"iat"_s).toInteger(), kNow.toSecsSinceEpoch());
    QCOMPARE(claims.value(u"exp"_s).toInteger(), kNow.toSecsSinceEpoch() + AccessTokens::kDefaultLifetimeSeconds);
    QCOMPARE(QByteArray::fromBase64(pieces.at(2), kBase64Url).size(), 32);
}

void TestAccessTokens::expiredTokenIsRefused()
{
    AccessTokens tokens(kSecret);
    tokens.setLifetimeSeconds(60);
    const QByteArray token = tokens.issue(customer(), kNow);
    QVERIFY(tokens.verify(token, kNow.addSecs(59)).ok());
    const Result<TokenClaims> expired = tokens.verify(token, kNow.addSecs(60));
    QVERIFY(!expired.ok());
    QCOMPARE(expired.error().code, ErrorCode::Unauthenticated);
    QVERIFY(expired.error().message.contains(u"expired"_s));
}

void TestAccessTokens::tamperedPayloadIsRefused()
{
    AccessTokens tokens(kSecret);
    const QList<QByteArray> pieces = parts(tokens.issue(customer(), kNow));
    QJsonObject claims = QJsonDocument::fromJson(QByteArray::fromBase64(pieces.at(1), kBase64Url)).object();
    claims.insert(u"sub"_s, u"1"_s);
    claims.insert(u"role"_s, u"admin"_s);
    const QByteArray forged = pieces.at(0) + '.' + segment(claims) + '.' + pieces.at(2);
    QCOMPARE(tokens.verify(forged, kNow).error().code, ErrorCode::Unauthenticated);
}

void TestAccessTokens::tamperedSignatureIsRefused()
{
    AccessTokens tokens(kSecret);
    const QList<QByteArray> pieces = parts(tokens.issue(customer(), kNow));
    QByteArray signature = QByteArray::fromBase64(pieces.at(2), kBase64Url);
    signature[5] = char(signature.at(5) ^ 0x01);
    const QByteArray forged = pieces.at(0) + '.' + pieces.at(1) + '.' + signature.toBase64(kBase64Url);
    QVERIFY(!tokens.verify(forged, kNow).ok());
    // A truncated signature and one padded with '=' are not ours either.
    QVERIFY(!tokens.verify(pieces.at(0) + '.' + pieces.at(1) + '.' + pieces.at(2).chopped(2), kNow).ok());
    QVERIFY(!tokens.verify(pieces.at(0) + '.' + pieces.at(1) + '.' + pieces.at(2) + '=', kNow).ok());
}

void TestAccessTokens::otherAlgorithmsAreRefused_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<bool>("isSigned");
    QTest::newRow("none, unsigned") << u"none"_s << false;
    QTest::newRow("none, signed") << u"none"_s << true;
    QTest::newRow("HS512") << u"HS512"_s << true;
    QTest::newRow("RS256") << u"RS256"_s << true;
    QTest::newRow("lower case") << u"hs256"_s << true;
}

void TestAccessTokens::otherAlgorithmsAreRefused()
{
    QFETCH(QString, algorithm);
    QFETCH(bool, isSigned);
    AccessTokens tokens(kSecret);
    const QList<QByteArray> pieces = parts(tokens.issue(customer(), kNow));
    const QByteArray header = segment(QJsonObject{{u"alg"_s, algorithm}, {u"typ"_s, u"JWT"_s}});
    // A correct HMAC over the changed header: still refused for its alg.
    AccessTokens resigner(kSecret);
    const QByteArray signingInput = header + '.' + pieces.at(1);
    QByteArray token = signingInput + '.';
    if (isSigned) {
        const QList<QByteArray> reference = parts(resigner.issue(customer(), kNow));
        token += reference.at(2);
    }
    QVERIFY(!tokens.verify(token, kNow).ok());
}

void TestAccessTokens::malformedTokensAreRefused_data()
{
    QTest::addColumn<QByteArray>("token");
    AccessTokens tokens(kSecret);
    const QByteArray good = tokens.issue(customer(), kNow);
    const QList<QByteArray> pieces = parts(good);
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArray("garbage");
    QTest::newRow("two segments") << QByteArray(pieces.at(0) + '.' + pieces.at(1));
    QTest::newRow("four segments") << QByteArray(good + ".x");
    QTest::newRow("empty signature") << QByteArray(pieces.at(0) + '.' + pieces.at(1) + '.');
    QTest::newRow("empty payload") << QByteArray(pieces.at(0) + ".." + pieces.at(2));
    QTest::newRow("not base64") << QByteArray(pieces.at(0) + ".!!!." + pieces.at(2));
    QTest::newRow("standard base64 alphabet") << QByteArray(pieces.at(0) + '.' + pieces.at(1) + '.' + QByteArray(43, '+'));
    QTest::newRow("header not JSON") << QByteArray(QByteArray("nope").toBase64(kBase64Url) + '.' + pieces.at(1) + '.' + pieces.at(2));
    QTest::newRow("header an array") << QByteArray(QByteArray("[]").toBase64(kBase64Url) + '.' + pieces.at(1) + '.' + pieces.at(2));
    QTest::newRow("dots only") << QByteArray("..");
    QTest::newRow("huge") << QByteArray(good + QByteArray(8000, 'A'));
}

void TestAccessTokens::malformedTokensAreRefused()
{
    QFETCH(QByteArray, token);
    AccessTokens tokens(kSecret);
    const Result<TokenClaims> claims = tokens.verify(token, kNow);
    QVERIFY(!claims.ok());
    QCOMPARE(claims.error().code, ErrorCode::Unauthenticated);
}

void TestAccessTokens::otherSecretIsRefused()
{
    AccessTokens ours(kSecret);
    AccessTokens theirs(QByteArray(AccessTokens::kSecretBytes, 'x'));
    QVERIFY(!ours.verify(theirs.issue(customer(), kNow), kNow).ok());
    QVERIFY(theirs.verify(theirs.issue(customer(), kNow), kNow).ok());
}

void TestAccessTokens::noSecretAcceptsNothing()
{
    AccessTokens none;
    QVERIFY(!none.hasSecret());
    QVERIFY(!none.verify(none.issue(customer(), kNow), kNow).ok());
}

void TestAccessTokens::secretIsCreatedOnceAndKept()
{
    test::TestDatabase testDb;
    std::shared_ptr<Database> db = testDb.open();
    SK_REQUIRE_DATABASE(testDb);
    const Result<QByteArray> first = Database::wait(AccessTokens::loadOrCreateSecret(db));
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
    QCOMPARE(first->size(), AccessTokens::kSecretBytes);
    const Result<QByteArray> second = Database::wait(AccessTokens::loadOrCreateSecret(db));
    QVERIFY(second.ok());
    QCOMPARE(second.value(), first.value());
    const Result<QVariant> rows = Database::wait(db->read([](Connection &connection) {
        return connection.scalar(u"SELECT COUNT(*) FROM settings WHERE key = ?"_s, {AccessTokens::secretKey()});
    }));
    QCOMPARE(rows->toInt(), 1);
    // Another database has its own secret.
    test::TestDatabase otherDb;
    std::shared_ptr<Database> other = otherDb.open();
    SK_REQUIRE_DATABASE(otherDb);
    QVERIFY(Database::wait(AccessTokens::loadOrCreateSecret(other)).value() != first.value());
}

QTEST_GUILESS_MAIN(TestAccessTokens)
#include "tst_accesstokens.moc"
