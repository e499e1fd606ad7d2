// storekeeper-test: postgres
#include "TestDatabase.h"
#include "audit/AuditLog.h"
#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "db/Database.h"

#include <QTest>
#include <crypt.h>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {
const PasswordHasher fastHasher({10, 8, 1});
const QString adminEmail = u"boss@shop.test"_s;
const QString adminPassword = u"Correct-Horse-42"_s;
} // namespace

class TestAuth : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void setupOnlyOnce();
    void signInSucceedsAndIsAudited();
    void wrongPasswordAndUnknownEmailLookTheSame();
    void fiveFailuresLockForFifteenMinutes();
    void lockExpires();
    void adminUnlocks();
    void pinSignInAndPinLockout();
    void legacyBcryptIsRehashed();
    void weakerScryptIsRehashed();
    void disabledAndCustomerAccountsAreRefused();
    void unlockIdleSession();
    void auditChainDetectsTampering();

private:
    Session signIn(const QString &email, const QString &password, Error *error = nullptr);
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {});
    Status run(const QString &sql, const QVariantList &values = {});
    User addUser(const QString &email, Role role, const QString &password = u"Another-Good-1"_s);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<UserService> m_users;
    Session m_admin;
};

void TestAuth::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    m_auth = std::make_unique<AuthService>(m_db, fastHasher);
    m_users = std::make_unique<UserService>(m_db, fastHasher);
    QVERIFY(Database::wait(m_auth->needsSetup()).value());
    ShopSettings shop;
    shop.shopName = u"Test shop"_s;
    NewUser admin{adminEmail, adminPassword, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    Result<Session> session = Database::wait(m_auth->setUpShop(shop, admin));
    QVERIFY2(session.ok(), qPrintable(session.ok() ? QString() : session.error().message + u" "_s + session.error().details));
    m_admin = session.value();
    QCOMPARE(m_admin.role, Role::Admin);
    QVERIFY(!Database::wait(m_auth->needsSetup()).value());
}

void TestAuth::cleanup()
{
    m_auth.reset();
    m_users.reset();
    m_db.reset();
    m_testDb.reset();
}

Session TestAuth::signIn(const QString &email, const QString &password, Error *error)
{
    Result<Session> result = Database::wait(m_auth->signIn(email, password));
    if (!result) {
        if (error)
            *error = result.error();
        return {};
    }
    return result.value();
}

Result<QVariant> TestAuth::scalar(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->read([sql, values](Connection &c) { return c.scalar(sql, values); }));
}

Status TestAuth::run(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->write([sql, values](Connection &c) { return c.run(sql, values); }));
}

User TestAuth::addUser(const QString &email, Role role, const QString &password)
{
    NewUser user{email, password, u"First"_s, u"Last"_s, {}, role, {}, role == Role::Vendor ? u"Acme"_s : QString()};
    Result<User> created = Database::wait(m_users->create(m_admin, user));
    if (!created)
        qWarning() << created.error().message;
    return created.ok() ? created.value() : User{};
}

void TestAuth::setupOnlyOnce()
{
    ShopSettings shop;
    shop.shopName = u"Again"_s;
    NewUser admin{u"second@shop.test"_s, u"Another-Good-1"_s, u"O"_s, u"T"_s, {}, Role::Admin, {}, {}};
    Result<Session> again = Database::wait(m_auth->setUpShop(shop, admin));
    QVERIFY(!again.ok());
    QVERIFY2(again.error().code == ErrorCode::Conflict, qPrintable(again.error().message));
}

void TestAuth::signInSucceedsAndIsAudited()
{
    const Session session = signIn(u"  BOSS@shop.test "_s, adminPassword);
    QVERIFY(session.isValid());
    QCOMPARE(session.email, adminEmail);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in' AND actor_id = ?"_s,
                    {session.userId})->toInt(), 1);
}

void TestAuth::wrongPasswordAndUnknownEmailLookTheSame()
{
    Error wrong;
    Error unknown;
    QVERIFY(!signIn(adminEmail, u"not-the-password"_s, &wrong).isValid());
    QVERIFY(!signIn(u"nobody@shop.test"_s, adminPassword, &unknown).isValid());
    QCOMPARE(wrong.code, ErrorCode::Unauthenticated);
    QCOMPARE(wrong.message, unknown.message);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in_failed'"_s)->toInt(), 2);
    Error empty;
    QVERIFY(!signIn(QString(), QString(), &empty).isValid());
    QCOMPARE(empty.code, ErrorCode::InvalidInput);
}

void TestAuth::fiveFailuresLockForFifteenMinutes()
{
    addUser(u"clerk@shop.test"_s, Role::Clerk);
    Error error;
    for (int i = 1; i < AuthService::MaxFailedAttempts; ++i) {
        QVERIFY(!signIn(u"clerk@shop.test"_s, u"wrong-%1"_s.arg(i), &error).isValid());
        QCOMPARE(error.code, ErrorCode::Unauthenticated);
    }
    QVERIFY(!signIn(u"clerk@shop.test"_s, u"wrong-5"_s, &error).isValid());
    QCOMPARE(error.code, ErrorCode::Locked);
    // Even the right password is refused while locked.
    QVERIFY(!signIn(u"clerk@shop.test"_s, u"Another-Good-1"_s, &error).isValid());
    QCOMPARE(error.code, ErrorCode::Locked);
    QVERIFY(error.message.contains(u"locked"_s));
    const QDateTime until = scalar(u"SELECT locked_until FROM users WHERE email = 'clerk@shop.test'"_s)->toDateTime();
    const qint64 minutes = QDateTime::currentDateTimeUtc().secsTo(until) / 60;
    QVERIFY2(minutes >= 14 && minutes <= 15, qPrintable(QString::number(minutes)));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'auth.locked_out'"_s)->toInt(), 1);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in_refused'"_s)->toInt(), 1);
}

void TestAuth::lockExpires()
{
    addUser(u"clerk@shop.test"_s, Role::Clerk);
    for (int i = 0; i < AuthService::MaxFailedAttempts; ++i)
        signIn(u"clerk@shop.test"_s, u"wrong"_s);
    QVERIFY(run(u"UPDATE users SET locked_until = ? WHERE email = 'clerk@shop.test'"_s,
                {QDateTime::currentDateTimeUtc().addSecs(-1)}).ok());
    QVERIFY(signIn(u"clerk@shop.test"_s, u"Another-Good-1"_s).isValid());
    QCOMPARE(scalar(u"SELECT failed_sign_ins FROM users WHERE email = 'clerk@shop.test'"_s)->toInt(), 0);
}

void TestAuth::adminUnlocks()
{
    const User clerk = addUser(u"clerk@shop.test"_s, Role::Clerk);
    for (int i = 0; i < AuthService::MaxFailedAttempts; ++i)
        signIn(u"clerk@shop.test"_s, u"wrong"_s);
    QVERIFY(Database::wait(m_users->unlock(m_admin, clerk.id)).ok());
    QVERIFY(signIn(u"clerk@shop.test"_s, u"Another-Good-1"_s).isValid());
}

void TestAuth::pinSignInAndPinLockout()
{
    const User clerk = addUser(u"clerk@shop.test"_s, Role::Clerk);
    QCOMPARE(Database::wait(m_users->setPin(m_admin, clerk.id, u"1234"_s)).error().code, ErrorCode::InvalidInput);
    QVERIFY(Database::wait(m_users->setPin(m_admin, clerk.id, u"2580"_s)).ok());
    Result<Session> ok = Database::wait(m_auth->signInWithPin(u"clerk@shop.test"_s, u"2580"_s));
    QVERIFY(ok.ok());
    QCOMPARE(ok->userId, clerk.id);
    Result<Session> last;
    for (int i = 0; i < AuthService::MaxFailedAttempts; ++i)
        last = Database::wait(m_auth->signInWithPin(u"clerk@shop.test"_s, u"9999"_s));
    QCOMPARE(last.error().code, ErrorCode::Locked);
    QCOMPARE(Database::wait(m_auth->signInWithPin(u"clerk@shop.test"_s, u"2580"_s)).error().code, ErrorCode::Locked);
    // The PIN lockout does not lock the password.
    QVERIFY(signIn(u"clerk@shop.test"_s, u"Another-Good-1"_s).isValid());
    // An account without a PIN cannot sign in with one.
    QCOMPARE(Database::wait(m_auth->signInWithPin(adminEmail, u"2580"_s)).error().code, ErrorCode::Unauthenticated);
}

void TestAuth::legacyBcryptIsRehashed()
{
    const User clerk = addUser(u"legacy@shop.test"_s, Role::Clerk);
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    QVERIFY(crypt_gensalt_rn("$2b$", 4, nullptr, 0, salt, sizeof salt));
    crypt_data data{};
    const char *bcrypt = crypt_rn("Legacy-Password-9", salt, &data, sizeof data);
    QVERIFY(bcrypt && bcrypt[0] == '$');
    QVERIFY(run(u"UPDATE users SET password_hash = ? WHERE id = ?"_s, {QString::fromLatin1(bcrypt), clerk.id}).ok());
    QVERIFY(signIn(u"legacy@shop.test"_s, u"Legacy-Password-9"_s).isValid());
    const QString stored = scalar(u"SELECT password_hash FROM users WHERE id = ?"_s, {clerk.id})->toString();
    QVERIFY2(stored.startsWith(u"$scrypt$"_s), qPrintable(stored));
    QVERIFY(signIn(u"legacy@shop.test"_s, u"Legacy-Password-9"_s).isValid());
}

void TestAuth::weakerScryptIsRehashed()
{
    const User clerk = addUser(u"weak@shop.test"_s, Role::Clerk);
    const QString weak = PasswordHasher({8, 8, 1}).hash(u"Weak-Hash-Pass-1"_s).value();
    QVERIFY(run(u"UPDATE users SET password_hash = ? WHERE id = ?"_s, {weak, clerk.id}).ok());
    QVERIFY(signIn(u"weak@shop.test"_s, u"Weak-Hash-Pass-1"_s).isValid());
    const QString stored = scalar(u"SELECT password_hash FROM users WHERE id = ?"_s, {clerk.id})->toString();
    QVERIFY(stored.startsWith(u"$scrypt$ln=10,"_s));
}

void TestAuth::disabledAndCustomerAccountsAreRefused()
{
    const User clerk = addUser(u"clerk@shop.test"_s, Role::Clerk);
    QVERIFY(Database::wait(m_users->setActive(m_admin, clerk.id, false)).ok());
    Error error;
    QVERIFY(!signIn(u"clerk@shop.test"_s, u"Another-Good-1"_s, &error).isValid());
    QCOMPARE(error.code, ErrorCode::PermissionDenied);
    QVERIFY(error.message.contains(u"disabled"_s));
    addUser(u"buyer@shop.test"_s, Role::Customer);
    QVERIFY(!signIn(u"buyer@shop.test"_s, u"Another-Good-1"_s, &error).isValid());
    QVERIFY(error.message.contains(u"online shop"_s));
}

void TestAuth::unlockIdleSession()
{
    const Session session = signIn(adminEmail, adminPassword);
    QVERIFY(Database::wait(m_auth->unlock(session, adminPassword)).ok());
    QVERIFY(!Database::wait(m_auth->unlock(session, u"nope"_s)).ok());
}

void TestAuth::auditChainDetectsTampering()
{
    addUser(u"clerk@shop.test"_s, Role::Clerk);
    signIn(adminEmail, adminPassword);
    signIn(adminEmail, u"wrong"_s);
    auto verify = [this] {
        return Database::wait(m_db->read([](Connection &c) { return AuditLog::verify(c); }));
    };
    Result<AuditLog::ChainCheck> intact = verify();
    QVERIFY(intact.ok());
    QVERIFY(intact->intact());
    QVERIFY(intact->rowsChecked >= 5);
    QVERIFY(run(u"UPDATE audit_log SET subject = 'user:999' WHERE id = 3"_s).ok());
    Result<AuditLog::ChainCheck> edited = verify();
    QCOMPARE(edited->firstBrokenId, 3);
    QVERIFY(edited->problem.contains(u"row 3"_s));
}

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
