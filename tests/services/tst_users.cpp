// storekeeper-test: postgres
#include "TestDatabase.h"
#include "audit/AuditLog.h"
#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "db/Database.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlRecord>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

const PasswordHasher fastHasher({10, 8, 1});
// For the hundreds of users that only fill a list and never sign in.
const PasswordHasher bulkHasher({4, 1, 1});
const QString adminEmail = u"boss@shop.test"_s;
const QString adminPassword = u"Correct-Horse-42"_s;
const QString goodPassword = u"Another-Good-1"_s;
const QString newPassword = u"Brand-New-Pass-7"_s;

template<typename R>
QString why(const R &result)
{
    return result.ok() ? QString() : result.error().message + u" | "_s + result.error().details;
}

// A message a shop's staff can read: one or more sentences, no driver text.
bool isSentence(const QString &message)
{
    if (message.size() < 10 || !message.endsWith(u'.'))
        return false;
    if (!message.front().isUpper() && message.front() != u'"')
        return false;
    for (const QString &leak : {u"SQL"_s, u"constraint"_s, u"syntax"_s, u"QPSQL"_s, u"UNIQUE"_s})
        if (message.contains(leak))
            return false;
    return true;
}


std::optional<Role> roleFrom(const QString &name)
{
    return roleFromName(name);
}

// What UserService orders by, computed the way a caller must compute the
// keyset value: SQLite's lower() folds ASCII letters only, and so must
// PostgreSQL's sort key, or the two databases would page differently.
QString asciiLower(const QString &text)
{
    QString folded = text;
    for (QChar &c : folded)
        if (c.unicode() >= u'A' && c.unicode() <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    return folded;
}

QVariant keysetValue(const User &user, UserQuery::SortColumn column)
{
    switch (column) {
    case UserQuery::SortColumn::Id: return user.id;
    case UserQuery::SortColumn::Email: return user.email;
    case UserQuery::SortColumn::Name: return asciiLower(user.lastName + u' ' + user.firstName);
    case UserQuery::SortColumn::Role: return roleName(user.role);
    case UserQuery::SortColumn::Created: return user.createdAt;
    }
    return user.id;
}

// -1, 0, 1 for the sort key alone.
int compareKeys(const User &a, const User &b, UserQuery::SortColumn column)
{
    auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (column) {
    case UserQuery::SortColumn::Id: return sign(a.id, b.id);
    case UserQuery::SortColumn::Email: return sign(a.email, b.email);
    case UserQuery::SortColumn::Name:
        return sign(keysetValue(a, column).toString(), keysetValue(b, column).toString());
    case UserQuery::SortColumn::Role: return sign(roleName(a.role), roleName(b.role));
    case UserQuery::SortColumn::Created: return sign(a.createdAt, b.createdAt);
    }
    return 0;
}

bool matchesSearch(const User &user, const QString &search)
{
    const QString needle = search.trimmed().toLower();
    return needle.isEmpty() || user.email.contains(needle) || user.firstName.toLower().contains(needle)
           || user.lastName.toLower().contains(needle);
}

QList<qint64> idsOf(const QList<User> &users)
{
    QList<qint64> ids;
    ids.reserve(users.size());
    for (const User &user : users)
        ids.append(user.id);
    return ids;
}

} // namespace

class TestUsers : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createStoresANormalisedUser();
    void createRefusesInvalidInput_data();
    void createRefusesInvalidInput();
    void duplicateEmailIsConflict_data();
    void duplicateEmailIsConflict();
    void vendorAccountNeedsAVendor();
    void permissionsAreEnforced_data();
    void permissionsAreEnforced();
    void usersMayReadThemselves();
    void lastActiveAdminIsKept();
    void cannotDisableYourself();
    void adminsDisablingEachOtherAtOnceKeepOne();
    void setPin_data();
    void setPin();
    void badPinsAreRefused();
    void resetPasswordClearsLockout();
    void changeOwnPasswordNeedsCurrentPassword();
    void keysetPaging_data();
    void keysetPaging();
    void searchIsCaseInsensitiveAndLiteral_data();
    void searchIsCaseInsensitiveAndLiteral();
    void everyChangeIsAudited();

private:
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {});
    Status run(const QString &sql, const QVariantList &values = {});
    // Everything a user-service call may write, as one comparable string.
    QString fingerprint();
    User addUser(const QString &email, Role role, const QString &first = u"First"_s,
                 const QString &last = u"Last"_s);
    Session signIn(const QString &email, const QString &password, Error *error = nullptr);
    struct AuditRow {
        qint64 id = 0;
        qint64 actorId = 0;
        QString action;
        QString subject;
        QJsonObject details;
    };
    AuditRow lastAudit();
    void verifyAuditChain();

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<UserService> m_users;
    Session m_admin;
};

void TestUsers::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    m_auth = std::make_unique<AuthService>(m_db, fastHasher);
    m_users = std::make_unique<UserService>(m_db, fastHasher);
    ShopSettings shop;
    shop.shopName = u"Test shop"_s;
    NewUser admin{adminEmail, adminPassword, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    Result<Session> session = Database::wait(m_auth->setUpShop(shop, admin));
    QVERIFY2(session.ok(), qPrintable(why(session)));
    m_admin = session.value();
}

void TestUsers::cleanup()
{
    m_auth.reset();
    m_users.reset();
    m_db.reset();
    m_testDb.reset();
}

Result<QVariant> TestUsers::scalar(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->read([sql, values](Connection &c) { return c.scalar(sql, values); }));
}

Status TestUsers::run(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->write([sql, values](Connection &c) { return c.run(sql, values); }));
}

QString TestUsers::fingerprint()
{
    Result<QString> text = Database::wait(m_db->read([](Connection &c) -> Result<QString> {
        QString out;
        for (const QString &sql :
             {u"SELECT id, email, password_hash, first_name, last_name, phone, role, vendor_id, pin_hash, "
               "failed_sign_ins, locked_until, failed_pins, pin_locked_until, is_active, created_at, updated_at "
               "FROM users ORDER BY id"_s,
              u"SELECT id, name, email, is_active FROM vendors ORDER BY id"_s,
              u"SELECT id, user_id, street_address FROM addresses ORDER BY id"_s,
              u"SELECT key, value FROM settings ORDER BY key"_s,
              u"SELECT id, hash FROM audit_log ORDER BY id"_s}) {
            Result<QSqlQuery> rows = c.exec(sql);
            if (!rows)
                return rows.error();
            const int columns = rows.value().record().count();
            while (rows.value().next()) {
                for (int i = 0; i < columns; ++i)
                    out += rows.value().value(i).toString() + u'|';
                out += u'\n';
            }
            out += u"--\n"_s;
        }
        return out;
    }));
    return text.ok() ? text.value() : u"error: "_s + why(text);
}

User TestUsers::addUser(const QString &email, Role role, const QString &first, const QString &last)
{
    NewUser user{email, goodPassword, first, last, {}, role, {}, role == Role::Vendor ? u"Acme"_s : QString()};
    Result<User> created = Database::wait(m_users->create(m_admin, user));
    if (!created)
        qWarning() << "could not add" << email << why(created);
    return created.ok() ? created.value() : User{};
}

Session TestUsers::signIn(const QString &email, const QString &password, Error *error)
{
    Result<Session> result = Database::wait(m_auth->signIn(email, password));
    if (!result) {
        if (error)
            *error = result.error();
        return {};
    }
    return result.value();
}

TestUsers::AuditRow TestUsers::lastAudit()
{
    Result<AuditRow> row = Database::wait(m_db->read([](Connection &c) -> Result<AuditRow> {
        Result<QSqlQuery> rows =
            c.exec(u"SELECT id, actor_id, action, subject, details FROM audit_log ORDER BY id DESC LIMIT 1"_s);
        if (!rows)
            return rows.error();
        if (!rows.value().next())
            return AuditRow{};
        const QSqlQuery &q = rows.value();
        return AuditRow{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(),
                        q.value(3).toString(), QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object()};
    }));
    return row.ok() ? row.value() : AuditRow{};
}

void TestUsers::verifyAuditChain()
{
    Result<AuditLog::ChainCheck> chain =
        Database::wait(m_db->read([](Connection &c) { return AuditLog::verify(c); }));
    QVERIFY2(chain.ok(), qPrintable(why(chain)));
    QVERIFY2(chain->intact(), qPrintable(chain->problem));
    QCOMPARE(chain->rowsChecked, scalar(u"SELECT COUNT(*) FROM audit_log"_s)->toLongLong());
}

void TestUsers::createStoresANormalisedUser()
{
    NewUser request{u"  Clerk.One@Shop.TEST "_s, goodPassword, u"  Sam "_s, u" Rivera  "_s, u" +1 (217) 555-0100 "_s,
                    Role::Clerk, {}, {}};
    Result<User> created = Database::wait(m_users->create(m_admin, request));
    QVERIFY2(created.ok(), qPrintable(why(created)));
    QVERIFY(created->id > 0);
    QCOMPARE(created->email, u"clerk.one@shop.test"_s);
    QCOMPARE(created->firstName, u"Sam"_s);
    QCOMPARE(created->lastName, u"Rivera"_s);
    QCOMPARE(created->phone, u"+1 (217) 555-0100"_s);
    QCOMPARE(created->role, Role::Clerk);
    QVERIFY(created->isActive);
    QVERIFY(!created->hasPin);
    QVERIFY(!created->vendorId);
    QVERIFY(created->createdAt.isValid());
    QVERIFY(qAbs(created->createdAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);

    Result<User> read = Database::wait(m_users->get(m_admin, created->id));
    QVERIFY2(read.ok(), qPrintable(why(read)));
    QCOMPARE(read->email, created->email);
    QCOMPARE(read->createdAt, created->createdAt);

    // The password is stored as a scrypt hash only, and it signs in.
    const QString stored = scalar(u"SELECT password_hash FROM users WHERE id = ?"_s, {created->id})->toString();
    QVERIFY(stored.startsWith(u"$scrypt$"_s));
    QVERIFY(!stored.contains(goodPassword));
    QVERIFY(signIn(u"CLERK.ONE@shop.test"_s, goodPassword).isValid());
}

void TestUsers::createRefusesInvalidInput_data()
{
    // One row per field: every value in the list is refused on its own, the
    // other fields being valid. (A row per value would create a database per
    // value, which PostgreSQL makes slow.)
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("email"); // the e-mail the others are tried with
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QString>("saying"); // a word every sentence must contain

    const QString email = u"new@shop.test"_s;
    QTest::newRow("e-mail") << u"email"_s << email
                            << QStringList{u""_s,
                                           u"   "_s,
                                           u"new.shop.test"_s,
                                           u"new@old@shop.test"_s,
                                           u"@shop.test"_s,
                                           u"new@"_s,
                                           u"new@localhost"_s,
                                           u"new user@shop.test"_s,
                                           u"new@shop.test."_s,
                                           u"new@shop..test"_s,
                                           u"new@.shop.test"_s,
                                           u"new..user@shop.test"_s,
                                           u"new.@shop.test"_s,
                                           u".new@shop.test"_s,
                                           QString(250, u'a') + u"@shop.test"_s}
                            << u"e-mail"_s;
    QTest::newRow("first name") << u"first"_s << email
                                << QStringList{u""_s, u"   "_s, QString(101, u'x')} << u"name"_s;
    QTest::newRow("last name") << u"last"_s << email
                               << QStringList{u""_s, u"\t"_s, QString(101, u'y')} << u"name"_s;
    QTest::newRow("phone") << u"phone"_s << email
                           << QStringList{u"call me"_s, u"+1 555 0100 0100 0100 01"_s, u"555 0100 ext. 12"_s}
                           << u"phone"_s;
    QTest::newRow("password") << u"password"_s << email
                              << QStringList{u""_s, u"Short-1"_s, QString(12, u' '), u"Password123"_s,
                                             u"1234567890"_s, QString(129, u'k')}
                              << u"password"_s;
    QTest::newRow("password holding the e-mail name")
        << u"password"_s << u"margaret@shop.test"_s
        << QStringList{u"Margaret-2024!"_s, u"MARGARET"_s + u"-is-me"_s, u"xx-margaret-xx"_s} << u"e-mail"_s;
}

void TestUsers::createRefusesInvalidInput()
{
    QFETCH(QString, field);
    QFETCH(QString, email);
    QFETCH(QStringList, values);
    QFETCH(QString, saying);

    const QString before = fingerprint();
    for (const QString &value : values) {
        NewUser request{email, goodPassword, u"Nina"_s, u"Neu"_s, {}, Role::Clerk, {}, {}};
        if (field == u"email"_s)
            request.email = value;
        else if (field == u"first"_s)
            request.firstName = value;
        else if (field == u"last"_s)
            request.lastName = value;
        else if (field == u"phone"_s)
            request.phone = value;
        else
            request.password = value;
        const QString label = u"\"%1\": "_s.arg(value.left(40));
        Result<User> created = Database::wait(m_users->create(m_admin, request));
        QVERIFY2(!created.ok(), qPrintable(label + u"created"_s));
        QVERIFY2(created.error().code == ErrorCode::InvalidInput, qPrintable(label + created.error().message));
        QVERIFY2(isSentence(created.error().message), qPrintable(label + created.error().message));
        QVERIFY2(created.error().message.contains(saying, Qt::CaseInsensitive),
                 qPrintable(label + created.error().message));

        // The in-transaction path used by setup and the command line refuses the same.
        Result<User> direct = Database::wait(m_db->write([request](Connection &c) {
            return UserService::createInTransaction(c, fastHasher, Session(), request);
        }));
        QVERIFY2(!direct.ok(), qPrintable(label + u"created in a transaction"_s));
        QVERIFY2(direct.error().code == ErrorCode::InvalidInput, qPrintable(label + direct.error().message));
        QVERIFY2(fingerprint() == before, qPrintable(label + u"the database changed"_s));
    }
}

void TestUsers::duplicateEmailIsConflict_data()
{
    QTest::addColumn<QString>("email");
    QTest::newRow("same") << u"clerk@shop.test"_s;
    QTest::newRow("upper case") << u"CLERK@Shop.Test"_s;
    QTest::newRow("padded") << u"  clerk@shop.test  "_s;
    QTest::newRow("the administrator's") << u"Boss@Shop.test"_s;
}

void TestUsers::duplicateEmailIsConflict()
{
    QFETCH(QString, email);
    QVERIFY(addUser(u"clerk@shop.test"_s, Role::Clerk).id > 0);
    const QString before = fingerprint();
    for (Role role : {Role::Clerk, Role::Customer, Role::Vendor}) {
        NewUser request{email, u"Other-Pass-88"_s, u"Other"_s, u"Person"_s, {}, role, {}, u"New Vendor"_s};
        Result<User> created = Database::wait(m_users->create(m_admin, request));
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, ErrorCode::Conflict);
        QVERIFY2(isSentence(created.error().message), qPrintable(created.error().message));
        QVERIFY2(created.error().message.contains(email.trimmed().toLower()), qPrintable(created.error().message));
        QCOMPARE(fingerprint(), before);
    }
}

void TestUsers::vendorAccountNeedsAVendor()
{
    auto vendorCount = [this] { return scalar(u"SELECT COUNT(*) FROM vendors"_s)->toInt(); };
    auto create = [this](const QString &email, std::optional<qint64> vendorId, const QString &vendorName,
                         Role role = Role::Vendor) {
        NewUser request{email, goodPassword, u"Vera"_s, u"Vendor"_s, {}, role, vendorId, vendorName};
        return Database::wait(m_users->create(m_admin, request));
    };

    // Neither an existing vendor nor a new name.
    QString before = fingerprint();
    Result<User> none = create(u"v0@shop.test"_s, std::nullopt, u"   "_s);
    QCOMPARE(none.error().code, ErrorCode::InvalidInput);
    QVERIFY2(isSentence(none.error().message), qPrintable(none.error().message));
    QCOMPARE(fingerprint(), before);

    // A new name creates the vendor.
    Result<User> first = create(u"v1@shop.test"_s, std::nullopt, u"  Acme Goods "_s);
    QVERIFY2(first.ok(), qPrintable(why(first)));
    QVERIFY(first->vendorId);
    QCOMPARE(first->vendorName, u"Acme Goods"_s);
    QCOMPARE(vendorCount(), 1);
    const qint64 acme = *first->vendorId;
    QCOMPARE(scalar(u"SELECT name FROM vendors WHERE id = ?"_s, {acme})->toString(), u"Acme Goods"_s);

    // An existing id is reused, and so is an existing name.
    Result<User> second = create(u"v2@shop.test"_s, acme, QString());
    QVERIFY2(second.ok(), qPrintable(why(second)));
    QCOMPARE(second->vendorId.value_or(0), acme);
    Result<User> third = create(u"v3@shop.test"_s, std::nullopt, u"Acme Goods"_s);
    QVERIFY2(third.ok(), qPrintable(why(third)));
    QCOMPARE(third->vendorId.value_or(0), acme);
    QCOMPARE(vendorCount(), 1);

    // An unknown id is refused, even with a name beside it.
    before = fingerprint();
    Result<User> unknown = create(u"v4@shop.test"_s, acme + 1000, u"Ghost Ltd"_s);
    QCOMPARE(unknown.error().code, ErrorCode::InvalidInput);
    QVERIFY2(isSentence(unknown.error().message), qPrintable(unknown.error().message));
    QCOMPARE(fingerprint(), before);

    Result<User> longName = create(u"v5@shop.test"_s, std::nullopt, QString(201, u'v'));
    QCOMPARE(longName.error().code, ErrorCode::InvalidInput);
    QCOMPARE(fingerprint(), before);

    // Other roles never get a vendor, whatever the request carries.
    Result<User> clerk = create(u"c1@shop.test"_s, acme, u"Side Business"_s, Role::Clerk);
    QVERIFY2(clerk.ok(), qPrintable(why(clerk)));
    QVERIFY(!clerk->vendorId);
    QCOMPARE(vendorCount(), 1);

    // Changing a role to vendor needs a vendor too, and leaving it drops it.
    const QString beforeRole = fingerprint();
    Status noVendor = Database::wait(m_users->changeRole(m_admin, clerk->id, Role::Vendor, std::nullopt));
    QCOMPARE(noVendor.error().code, ErrorCode::InvalidInput);
    Status ghost = Database::wait(m_users->changeRole(m_admin, clerk->id, Role::Vendor, acme + 1000));
    QCOMPARE(ghost.error().code, ErrorCode::InvalidInput);
    QCOMPARE(fingerprint(), beforeRole);
    Status toVendor =
        Database::wait(m_users->changeRole(m_admin, clerk->id, Role::Vendor, std::nullopt, u"Side Business"_s));
    QVERIFY2(toVendor.ok(), qPrintable(why(toVendor)));
    QCOMPARE(vendorCount(), 2);
    Result<User> changed = Database::wait(m_users->get(m_admin, clerk->id));
    QCOMPARE(changed->role, Role::Vendor);
    QCOMPARE(changed->vendorName, u"Side Business"_s);
    QVERIFY(Database::wait(m_users->changeRole(m_admin, clerk->id, Role::Clerk, std::nullopt)).ok());
    QVERIFY(!Database::wait(m_users->get(m_admin, clerk->id))->vendorId);

    Result<QList<Vendor>> vendors = Database::wait(m_users->vendors(m_admin));
    QVERIFY2(vendors.ok(), qPrintable(why(vendors)));
    QCOMPARE(vendors->size(), 2);
    QCOMPARE(vendors->at(0).name, u"Acme Goods"_s);
    QCOMPARE(vendors->at(1).name, u"Side Business"_s);
}

void TestUsers::permissionsAreEnforced_data()
{
    QTest::addColumn<QString>("actorRole");
    QTest::newRow("clerk") << u"clerk"_s;
    QTest::newRow("vendor") << u"vendor"_s;
    QTest::newRow("customer") << u"customer"_s;
    QTest::newRow("signed out") << u"signed out"_s;
}

void TestUsers::permissionsAreEnforced()
{
    QFETCH(QString, actorRole);

    const User target = addUser(u"target@shop.test"_s, Role::Clerk);
    QVERIFY(target.id > 0);
    Session actor;
    if (const std::optional<Role> role = roleFrom(actorRole)) {
        const User me = addUser(u"actor@shop.test"_s, *role);
        QVERIFY(me.id > 0);
        actor = me.toSession();
    }
    const qint64 self = actor.isValid() ? actor.userId : target.id;
    auto status = [](const auto &result) { return result.ok() ? Status::success() : Status(result.error()); };
    const QList<std::pair<QString, std::function<Status()>>> calls{
        {u"create"_s,
         [&] {
             return status(Database::wait(m_users->create(
                 actor, NewUser{u"new@shop.test"_s, goodPassword, u"N"_s, u"U"_s, {}, Role::Admin, {}, {}})));
         }},
        {u"page"_s, [&] { return status(Database::wait(m_users->page(actor, UserQuery{}))); }},
        {u"count"_s, [&] { return status(Database::wait(m_users->count(actor, UserQuery{}))); }},
        {u"get another user"_s, [&] { return status(Database::wait(m_users->get(actor, m_admin.userId))); }},
        {u"disable another user"_s, [&] { return Database::wait(m_users->setActive(actor, target.id, false)); }},
        {u"enable another user"_s, [&] { return Database::wait(m_users->setActive(actor, target.id, true)); }},
        {u"enable self"_s, [&] { return Database::wait(m_users->setActive(actor, self, true)); }},
        {u"reset another's password"_s,
         [&] { return Database::wait(m_users->resetPassword(actor, target.id, newPassword)); }},
        {u"reset own password"_s, [&] { return Database::wait(m_users->resetPassword(actor, self, newPassword)); }},
        {u"promote self"_s,
         [&] { return Database::wait(m_users->changeRole(actor, self, Role::Admin, std::nullopt)); }},
        {u"change another's role"_s,
         [&] { return Database::wait(m_users->changeRole(actor, target.id, Role::Customer, std::nullopt)); }},
        {u"set another's PIN"_s, [&] { return Database::wait(m_users->setPin(actor, target.id, u"2580"_s)); }},
        {u"unlock another user"_s, [&] { return Database::wait(m_users->unlock(actor, target.id)); }},
        {u"unlock self"_s, [&] { return Database::wait(m_users->unlock(actor, self)); }},
        {u"vendors"_s, [&] { return status(Database::wait(m_users->vendors(actor))); }},
    };
    const ErrorCode expected = actor.isValid() ? ErrorCode::PermissionDenied : ErrorCode::Unauthenticated;
    const QString before = fingerprint();
    for (const auto &[name, call] : calls) {
        const Status result = call();
        QVERIFY2(!result.ok(), qPrintable(name + u": allowed"_s));
        QVERIFY2(result.error().code == expected,
                 qPrintable(name + u": wrong error: "_s + result.error().message));
        QVERIFY2(isSentence(result.error().message), qPrintable(name + u": "_s + result.error().message));
        QVERIFY2(fingerprint() == before, qPrintable(name + u": the database changed"_s));
    }
}

void TestUsers::usersMayReadThemselves()
{
    for (Role role : {Role::Clerk, Role::Vendor}) {
        const User me = addUser(u"%1@shop.test"_s.arg(roleName(role)), role);
        Result<User> read = Database::wait(m_users->get(me.toSession(), me.id));
        QVERIFY2(read.ok(), qPrintable(why(read)));
        QCOMPARE(read->email, me.email);
    }
    Result<User> missing = Database::wait(m_users->get(m_admin, 987654));
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QVERIFY(isSentence(missing.error().message));
}

void TestUsers::lastActiveAdminIsKept()
{
    auto activeAdmins = [this] {
        return scalar(u"SELECT COUNT(*) FROM users WHERE role = 'admin' AND is_active = 1"_s)->toInt();
    };
    // The only administrator cannot demote themselves.
    QString before = fingerprint();
    for (Role role : {Role::Clerk, Role::Vendor, Role::Customer}) {
        Status demoted = Database::wait(m_users->changeRole(m_admin, m_admin.userId, role, std::nullopt, u"Shop"_s));
        QCOMPARE(demoted.error().code, ErrorCode::Conflict);
        QVERIFY2(isSentence(demoted.error().message), qPrintable(demoted.error().message));
        QVERIFY(demoted.error().message.contains(u"administrator"_s));
    }
    QCOMPARE(fingerprint(), before);

    // With a second active administrator, one may be demoted or disabled.
    const User second = addUser(u"second@shop.test"_s, Role::Admin);
    const Session secondSession = second.toSession();
    QCOMPARE(activeAdmins(), 2);
    QVERIFY(Database::wait(m_users->changeRole(m_admin, second.id, Role::Clerk, std::nullopt)).ok());
    QCOMPARE(activeAdmins(), 1);
    QVERIFY(Database::wait(m_users->changeRole(m_admin, second.id, Role::Admin, std::nullopt)).ok());
    QCOMPARE(activeAdmins(), 2);
    QVERIFY(Database::wait(m_users->setActive(m_admin, second.id, false)).ok());
    QCOMPARE(activeAdmins(), 1);

    // Now the first is the last active one: the other administrator's
    // session can neither disable nor demote it.
    before = fingerprint();
    Status disable = Database::wait(m_users->setActive(secondSession, m_admin.userId, false));
    QCOMPARE(disable.error().code, ErrorCode::Conflict);
    QVERIFY2(isSentence(disable.error().message), qPrintable(disable.error().message));
    Status demote = Database::wait(m_users->changeRole(secondSession, m_admin.userId, Role::Clerk, std::nullopt));
    QCOMPARE(demote.error().code, ErrorCode::Conflict);
    QCOMPARE(fingerprint(), before);
    // Keeping the role is not a demotion.
    QVERIFY(Database::wait(m_users->changeRole(secondSession, m_admin.userId, Role::Admin, std::nullopt)).ok());

    // Enabled again, the second administrator may disable the first, and a
    // disabled administrator may be demoted.
    QVERIFY(Database::wait(m_users->setActive(m_admin, second.id, true)).ok());
    Status nowAllowed = Database::wait(m_users->setActive(secondSession, m_admin.userId, false));
    QVERIFY2(nowAllowed.ok(), qPrintable(why(nowAllowed)));
    QCOMPARE(activeAdmins(), 1);
    QVERIFY(Database::wait(m_users->changeRole(secondSession, m_admin.userId, Role::Clerk, std::nullopt)).ok());
    Status selfDemote = Database::wait(m_users->changeRole(secondSession, second.id, Role::Clerk, std::nullopt));
    QCOMPARE(selfDemote.error().code, ErrorCode::Conflict);
    QCOMPARE(activeAdmins(), 1);
    QVERIFY(!Database::wait(m_auth->needsSetup()).value());
}

void TestUsers::cannotDisableYourself()
{
    addUser(u"second@shop.test"_s, Role::Admin);
    const QString before = fingerprint();
    Status status = Database::wait(m_users->setActive(m_admin, m_admin.userId, false));
    QCOMPARE(status.error().code, ErrorCode::Conflict);
    QVERIFY2(isSentence(status.error().message), qPrintable(status.error().message));
    QVERIFY(status.error().message.contains(u"your own"_s));
    QCOMPARE(fingerprint(), before);
    // Enabling yourself is a no-op that is allowed.
    QVERIFY(Database::wait(m_users->setActive(m_admin, m_admin.userId, true)).ok());
}

void TestUsers::adminsDisablingEachOtherAtOnceKeepOne()
{
    // Two registers (two database handles, as two processes would have) whose
    // administrators disable each other at the same moment: one must fail.
    const User second = addUser(u"second@shop.test"_s, Role::Admin);
    const Session secondSession = second.toSession();
    Result<std::shared_ptr<Database>> other = Database::open(m_testDb->url());
    QVERIFY2(other.ok(), qPrintable(why(other)));
    UserService otherUsers(other.value(), fastHasher);
    for (int round = 0; round < 15; ++round) {
        QFuture<Status> a = m_users->setActive(m_admin, second.id, false);
        QFuture<Status> b = otherUsers.setActive(secondSession, m_admin.userId, false);
        const Status resultA = Database::wait(a);
        const Status resultB = Database::wait(b);
        const int active =
            scalar(u"SELECT COUNT(*) FROM users WHERE role = 'admin' AND is_active = 1"_s)->toInt();
        QVERIFY2(active == 1, qPrintable(u"round %1: %2 active administrators"_s.arg(round).arg(active)));
        QVERIFY(resultA.ok() != resultB.ok());
        const Status refused = resultA.ok() ? resultB : resultA;
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QVERIFY(run(u"UPDATE users SET is_active = 1"_s).ok());
    }
    verifyAuditChain();
}

void TestUsers::setPin_data()
{
    QTest::addColumn<QString>("actorRole"); // admin, clerk, vendor, customer
    QTest::addColumn<QString>("target");    // self, clerk, customer, missing
    QTest::addColumn<QString>("pin");
    QTest::addColumn<int>("expected");      // -1: allowed, else ErrorCode

    const int ok = -1;
    const int invalid = int(ErrorCode::InvalidInput);
    const int denied = int(ErrorCode::PermissionDenied);
    QTest::newRow("admin sets a clerk's") << u"admin"_s << u"clerk"_s << u"2580"_s << ok;
    QTest::newRow("admin sets own, eight digits") << u"admin"_s << u"self"_s << u"13971397"_s << ok;
    QTest::newRow("clerk sets own") << u"clerk"_s << u"self"_s << u"2580"_s << ok;
    QTest::newRow("clerk sets another's") << u"clerk"_s << u"clerk"_s << u"2580"_s << denied;
    QTest::newRow("vendor sets own") << u"vendor"_s << u"self"_s << u"2580"_s << denied;
    QTest::newRow("customer sets own") << u"customer"_s << u"self"_s << u"2580"_s << denied;
    QTest::newRow("admin sets a customer's") << u"admin"_s << u"customer"_s << u"2580"_s << invalid;
    QTest::newRow("unknown user") << u"admin"_s << u"missing"_s << u"2580"_s << int(ErrorCode::NotFound);
}

void TestUsers::setPin()
{
    QFETCH(QString, actorRole);
    QFETCH(QString, target);
    QFETCH(QString, pin);
    QFETCH(int, expected);

    const User clerk = addUser(u"clerk@shop.test"_s, Role::Clerk);
    const User customer = addUser(u"buyer@shop.test"_s, Role::Customer);
    Session actor = m_admin;
    if (actorRole != u"admin"_s) {
        const User me = addUser(u"me@shop.test"_s, *roleFrom(actorRole));
        QVERIFY(me.id > 0);
        actor = me.toSession();
    }
    qint64 targetId = 0;
    QString targetEmail;
    if (target == u"self"_s) {
        targetId = actor.userId;
        targetEmail = actor.email;
    } else if (target == u"clerk"_s) {
        targetId = clerk.id;
        targetEmail = clerk.email;
    } else if (target == u"customer"_s) {
        targetId = customer.id;
    } else {
        targetId = 424242;
    }

    const QString before = fingerprint();
    const qint64 auditBefore = lastAudit().id;
    Status status = Database::wait(m_users->setPin(actor, targetId, pin));
    if (expected >= 0) {
        QVERIFY2(!status.ok(), "the PIN was accepted");
        QCOMPARE(int(status.error().code), expected);
        QVERIFY2(isSentence(status.error().message), qPrintable(status.error().message));
        QCOMPARE(fingerprint(), before);
        return;
    }
    QVERIFY2(status.ok(), qPrintable(why(status)));
    QVERIFY(Database::wait(m_users->get(m_admin, targetId))->hasPin);
    const AuditRow audit = lastAudit();
    QCOMPARE(audit.id, auditBefore + 1);
    QCOMPARE(audit.action, u"user.pin_set"_s);
    QCOMPARE(audit.subject, u"user:%1"_s.arg(targetId));
    QCOMPARE(audit.actorId, actor.userId);
    QVERIFY(!audit.details.contains(u"pin"_s));
    const QString storedPin = scalar(u"SELECT pin_hash FROM users WHERE id = ?"_s, {targetId})->toString();
    QVERIFY(storedPin.startsWith(u"$scrypt$"_s));
    Result<Session> byPin = Database::wait(m_auth->signInWithPin(targetEmail, pin));
    QVERIFY2(byPin.ok(), qPrintable(why(byPin)));
    QCOMPARE(byPin->userId, targetId);
}

void TestUsers::badPinsAreRefused()
{
    const User clerk = addUser(u"clerk@shop.test"_s, Role::Clerk);
    const QString before = fingerprint();
    const QStringList badPins{u""_s,     u"258"_s,  u"258025802"_s, u"25a0"_s, u" 2580"_s, u"25 80"_s, u"2580\n"_s,
                              u"1111"_s, u"1234"_s, u"4321"_s,      u"7890"_s, u"0987"_s,  u"٢٥٨٠"_s,  u"２５８０"_s};
    for (const QString &pin : badPins) {
        for (const Session &actor : {m_admin, clerk.toSession()}) {
            Status status = Database::wait(m_users->setPin(actor, clerk.id, pin));
            QVERIFY2(!status.ok(), qPrintable(u"PIN \"%1\" was accepted"_s.arg(pin)));
            QVERIFY2(status.error().code == ErrorCode::InvalidInput, qPrintable(status.error().message));
            QVERIFY2(isSentence(status.error().message), qPrintable(status.error().message));
        }
    }
    QCOMPARE(fingerprint(), before);
    // The bounds themselves are fine.
    for (const QString &pin : {u"2581"_s, u"25812581"_s})
        QVERIFY(Database::wait(m_users->setPin(clerk.toSession(), clerk.id, pin)).ok());
}

void TestUsers::resetPasswordClearsLockout()
{
    const User clerk = addUser(u"clerk@shop.test"_s, Role::Clerk);
    Error error;
    for (int i = 0; i < AuthService::MaxFailedAttempts; ++i)
        signIn(clerk.email, u"wrong-password-%1"_s.arg(i), &error);
    QCOMPARE(error.code, ErrorCode::Locked);
    QVERIFY(Database::wait(m_users->get(m_admin, clerk.id))->isLocked(QDateTime::currentDateTimeUtc()));

    // A weak new password changes nothing, the lockout included.
    QString before = fingerprint();
    for (const QString &weak : {u"short"_s, u"clerk-password-1"_s, u"1234567890"_s}) {
        Status refused = Database::wait(m_users->resetPassword(m_admin, clerk.id, weak));
        QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
        QVERIFY2(isSentence(refused.error().message), qPrintable(refused.error().message));
    }
    QCOMPARE(fingerprint(), before);
    Status missing = Database::wait(m_users->resetPassword(m_admin, 777777, newPassword));
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QCOMPARE(fingerprint(), before);

    Status reset = Database::wait(m_users->resetPassword(m_admin, clerk.id, newPassword));
    QVERIFY2(reset.ok(), qPrintable(why(reset)));
    QVERIFY(!Database::wait(m_users->get(m_admin, clerk.id))->lockedUntil.isValid());
    QCOMPARE(scalar(u"SELECT failed_sign_ins FROM users WHERE id = ?"_s, {clerk.id})->toInt(), 0);
    const AuditRow audit = lastAudit();
    QCOMPARE(audit.action, u"user.password_reset"_s);
    QCOMPARE(audit.subject, u"user:%1"_s.arg(clerk.id));
    QCOMPARE(audit.actorId, m_admin.userId);
    QVERIFY(!signIn(clerk.email, goodPassword).isValid());
    QVERIFY(signIn(clerk.email, newPassword).isValid());
}

void TestUsers::changeOwnPasswordNeedsCurrentPassword()
{
    const User clerk = addUser(u"clerk@shop.test"_s, Role::Clerk);
    const Session session = clerk.toSession();
    QString before = fingerprint();

    Status wrong = Database::wait(m_users->changeOwnPassword(session, u"not-my-password"_s, newPassword));
    QCOMPARE(wrong.error().code, ErrorCode::Unauthenticated);
    QVERIFY2(isSentence(wrong.error().message), qPrintable(wrong.error().message));
    Status weak = Database::wait(m_users->changeOwnPassword(session, goodPassword, u"weak"_s));
    QCOMPARE(weak.error().code, ErrorCode::InvalidInput);
    Status hasName = Database::wait(m_users->changeOwnPassword(session, goodPassword, u"my-CLERK-pass-9"_s));
    QCOMPARE(hasName.error().code, ErrorCode::InvalidInput);
    Status signedOut = Database::wait(m_users->changeOwnPassword(Session(), goodPassword, newPassword));
    QCOMPARE(signedOut.error().code, ErrorCode::Unauthenticated);
    QCOMPARE(fingerprint(), before);

    Status changed = Database::wait(m_users->changeOwnPassword(session, goodPassword, newPassword));
    QVERIFY2(changed.ok(), qPrintable(why(changed)));
    const AuditRow audit = lastAudit();
    QCOMPARE(audit.action, u"user.password_changed"_s);
    QCOMPARE(audit.actorId, clerk.id);
    QCOMPARE(audit.subject, u"user:%1"_s.arg(clerk.id));
    QVERIFY(!signIn(clerk.email, goodPassword).isValid());
    QVERIFY(signIn(clerk.email, newPassword).isValid());
    // The old password no longer counts as the current one.
    Status again = Database::wait(m_users->changeOwnPassword(session, goodPassword, u"Third-Pass-333"_s));
    QCOMPARE(again.error().code, ErrorCode::Unauthenticated);
}

void TestUsers::keysetPaging_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("includeInactive");

    QTest::newRow("everyone") << QString() << QString() << true;
    QTest::newRow("search SMITH") << u"SMITH"_s << QString() << true;
    QTest::newRow("clerks") << QString() << u"clerk"_s << true;
    QTest::newRow("active only, search ü") << u"ü"_s << QString() << false;
}

void TestUsers::keysetPaging()
{
    QFETCH(QString, search);
    QFETCH(QString, role);
    QFETCH(bool, includeInactive);

    // About 450 users whose sort keys tie often (same names, same role, many
    // created in the same millisecond) and mix case, punctuation and accents.
    const QStringList lastNames{u"Smith"_s,  u"smith"_s,  u"SMITH"_s, u"Smithers"_s, u"de la Cruz"_s,
                                u"O'Brien"_s, u"van Dijk"_s, u"Müller"_s, u"Özil"_s, u"Émile"_s,
                                u"Zola"_s,   u"zola"_s,   u"Åberg"_s, u"Ng"_s,       u"Ngata"_s,
                                u"Li"_s,     u"Lim"_s,    u"Núñez"_s, u"A"_s,        u"a"_s};
    const QStringList firstNames{u"Ann"_s, u"ann"_s, u"Bob"_s, u"Zoë"_s, u"Élodie"_s, u"Chris"_s, u"Dana"_s};
    const QStringList prefixes{u"a.b"_s, u"a_b"_s, u"a-b"_s, u"ab"_s, u"a+b"_s, u"z"_s, u"Zed"_s, u"éclair"_s};
    const int total = 450;
    QList<User> all;
    {
        Result<User> admin = Database::wait(m_users->get(m_admin, m_admin.userId));
        QVERIFY(admin.ok());
        all.append(admin.value());
    }
    for (int batch = 0; batch * 50 < total; ++batch) {
        Result<QList<User>> created = Database::wait(m_db->write([&, batch](Connection &c) -> Result<QList<User>> {
            QList<User> users;
            for (int i = batch * 50; i < std::min(total, (batch + 1) * 50); ++i) {
                const Role role = allRoles().at(i % 4);
                NewUser user{u"%1%2@shop.test"_s.arg(prefixes.at(i % prefixes.size())).arg(i * 7919 % 1000),
                             goodPassword,
                             firstNames.at((i / lastNames.size()) % firstNames.size()),
                             lastNames.at(i % lastNames.size()),
                             {},
                             role,
                             {},
                             role == Role::Vendor ? u"Vendor %1"_s.arg(i % 3) : QString()};
                Result<User> one = UserService::createInTransaction(c, bulkHasher, m_admin, user);
                if (!one)
                    return one.error();
                users.append(one.value());
            }
            return users;
        }));
        QVERIFY2(created.ok(), qPrintable(why(created)));
        all.append(created.value());
    }
    QCOMPARE(all.size(), total + 1);
    // Every seventh user is disabled.
    QVERIFY(run(u"UPDATE users SET is_active = 0 WHERE id % 7 = 0 AND role <> 'admin'"_s).ok());
    for (User &user : all)
        if (user.id % 7 == 0 && user.role != Role::Admin)
            user.isActive = false;

    const QList<std::pair<QString, UserQuery::SortColumn>> columns{{u"id"_s, UserQuery::SortColumn::Id},
                                                                   {u"email"_s, UserQuery::SortColumn::Email},
                                                                   {u"name"_s, UserQuery::SortColumn::Name},
                                                                   {u"role"_s, UserQuery::SortColumn::Role},
                                                                   {u"created"_s, UserQuery::SortColumn::Created}};
    for (const auto &[columnName, column] : columns) {
        for (const bool descending : {false, true}) {
            const QString order = columnName + (descending ? u" descending"_s : u" ascending"_s);
            UserQuery query;
            query.sortColumn = column;
            query.descending = descending;
            query.search = search;
            query.role = role.isEmpty() ? std::nullopt : roleFrom(role);
            query.includeInactive = includeInactive;
            query.limit = 100;

            // The same list sorted in C++: by the key, ties by id.
            QList<User> expected;
            for (const User &user : std::as_const(all))
                if (matchesSearch(user, search) && (!query.role || user.role == *query.role)
                    && (includeInactive || user.isActive))
                    expected.append(user);
            std::sort(expected.begin(), expected.end(), [column, descending](const User &a, const User &b) {
                int comparison = compareKeys(a, b, column);
                if (comparison == 0)
                    comparison = a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
                return descending ? comparison > 0 : comparison < 0;
            });
            QVERIFY(expected.size() > 10);

            QList<User> joined;
            int pages = 0;
            for (;;) {
                Result<QList<User>> page = Database::wait(m_users->page(m_admin, query));
                QVERIFY2(page.ok(), qPrintable(order + u": "_s + why(page)));
                QVERIFY(page->size() <= query.limit);
                joined.append(page.value());
                QVERIFY2(++pages <= 20, qPrintable(order + u": paging does not end"_s));
                if (page->size() < query.limit)
                    break;
                query.afterId = page->constLast().id;
                query.afterValue = keysetValue(page->constLast(), column);
            }
            const QList<qint64> joinedIds = idsOf(joined);
            const QList<qint64> expectedIds = idsOf(expected);
            QVERIFY2(QSet<qint64>(joinedIds.begin(), joinedIds.end()).size() == joinedIds.size(),
                     qPrintable(order + u": a row appears on two pages"_s));
            if (joinedIds != expectedIds) {
                qsizetype at = 0;
                while (at < joinedIds.size() && at < expectedIds.size() && joinedIds[at] == expectedIds[at])
                    ++at;
                QFAIL(qPrintable(u"%1: %2 rows paged, %3 expected; first difference at row %4"_s.arg(order)
                                     .arg(joinedIds.size())
                                     .arg(expectedIds.size())
                                     .arg(at)));
            }
            QCOMPARE(pages, int(expected.size() / 100 + 1));

            query.afterId = 0;
            query.afterValue = QVariant();
            Result<qint64> count = Database::wait(m_users->count(m_admin, query));
            QVERIFY2(count.ok(), qPrintable(why(count)));
            QCOMPARE(count.value(), qint64(expected.size()));
        }
    }
}

void TestUsers::searchIsCaseInsensitiveAndLiteral_data()
{
    // Each row: searches and, for each, the e-mail addresses it must find
    // (comma-separated, any order; empty for none).
    QTest::addColumn<QStringList>("searches");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("any case, any part")
        << QStringList{u"smith"_s, u"SMITH"_s, u"aNN"_s, u"TOM.JON"_s, u"  jones  "_s, u"zzz"_s, u"o'b"_s}
        << QStringList{u"ann@shop.test,tom.jones@shop.test"_s,
                       u"ann@shop.test,tom.jones@shop.test"_s,
                       u"ann@shop.test,joann@shop.test"_s,
                       u"tom.jones@shop.test"_s,
                       u"tom.jones@shop.test"_s,
                       QString(),
                       u"finn@shop.test"_s};
    QTest::newRow("wildcards are literal")
        << QStringList{u"%"_s, u"r%c"_s, u"under_score"_s, u"_"_s, u"\\"_s, u"%%"_s}
        << QStringList{u"per%cent@shop.test"_s, u"per%cent@shop.test"_s, u"under_score@shop.test"_s,
                       u"under_score@shop.test"_s, u"slash@shop.test"_s, QString()};
    QTest::newRow("accented letters")
        << QStringList{u"Müller"_s, u"MÜLLER"_s, u"müller"_s, u"élodie"_s, u"Élodie"_s, u"ÉLODIE"_s}
        << QStringList{u"juergen@shop.test"_s, u"juergen@shop.test"_s, u"juergen@shop.test"_s,
                       u"elodie@shop.test"_s, u"elodie@shop.test"_s, u"elodie@shop.test"_s};
}

void TestUsers::searchIsCaseInsensitiveAndLiteral()
{
    QFETCH(QStringList, searches);
    QFETCH(QStringList, expected);
    QCOMPARE(searches.size(), expected.size());

    const QList<std::tuple<QString, QString, QString>> people{
        {u"ann@shop.test"_s, u"Ann"_s, u"Smith"_s},
        {u"tom.jones@shop.test"_s, u"Tom"_s, u"Blacksmith"_s},
        {u"joann@shop.test"_s, u"JoAnn"_s, u"Lee"_s},
        {u"per%cent@shop.test"_s, u"Per"_s, u"Cent"_s},
        {u"under_score@shop.test"_s, u"Uma"_s, u"Score"_s},
        {u"underxscore@shop.test"_s, u"Ulf"_s, u"Score"_s},
        {u"slash@shop.test"_s, u"Back\\"_s, u"Slash"_s},
        {u"juergen@shop.test"_s, u"Jürgen"_s, u"Müller"_s},
        {u"elodie@shop.test"_s, u"Élodie"_s, u"Dupont"_s},
        {u"finn@shop.test"_s, u"Finn"_s, u"O'Brien"_s},
    };
    for (const auto &[email, first, last] : people)
        QVERIFY(addUser(email, Role::Customer, first, last).id > 0);

    for (qsizetype i = 0; i < searches.size(); ++i) {
        UserQuery query;
        query.search = searches[i];
        Result<QList<User>> found = Database::wait(m_users->page(m_admin, query));
        QVERIFY2(found.ok(), qPrintable(why(found)));
        QStringList emails;
        for (const User &user : std::as_const(found.value()))
            emails.append(user.email);
        emails.sort();
        QStringList wanted = expected[i].split(u',', Qt::SkipEmptyParts);
        wanted.sort();
        QVERIFY2(emails == wanted, qPrintable(u"\"%1\" found %2, not %3"_s.arg(searches[i], emails.join(u' '),
                                                                              wanted.join(u' '))));
        Result<qint64> count = Database::wait(m_users->count(m_admin, query));
        QVERIFY2(count.ok() && count.value() == wanted.size(), qPrintable(searches[i]));
    }
}

void TestUsers::everyChangeIsAudited()
{
    qint64 lastId = lastAudit().id;
    auto expectAudit = [this, &lastId](const QString &action, qint64 subjectId, qint64 actorId) {
        const AuditRow row = lastAudit();
        if (row.id != lastId + 1 || row.action != action || row.subject != u"user:%1"_s.arg(subjectId)
            || row.actorId != actorId) {
            qWarning() << "expected" << action << subjectId << actorId << "got" << row.id << row.action
                       << row.subject << row.actorId;
            return false;
        }
        lastId = row.id;
        return true;
    };

    Result<User> created = Database::wait(m_users->create(
        m_admin, NewUser{u"clerk@shop.test"_s, goodPassword, u"C"_s, u"L"_s, {}, Role::Clerk, {}, {}}));
    QVERIFY(created.ok());
    const qint64 id = created->id;
    QVERIFY(expectAudit(u"user.created"_s, id, m_admin.userId));
    const AuditRow createdRow = lastAudit();
    QCOMPARE(createdRow.details.value(u"email"_s).toString(), u"clerk@shop.test"_s);
    QCOMPARE(createdRow.details.value(u"role"_s).toString(), u"clerk"_s);
    QVERIFY(!QJsonDocument(createdRow.details).toJson().contains(goodPassword.toUtf8()));

    QVERIFY(Database::wait(m_users->setActive(m_admin, id, false)).ok());
    QVERIFY(expectAudit(u"user.disabled"_s, id, m_admin.userId));
    QVERIFY(Database::wait(m_users->setActive(m_admin, id, true)).ok());
    QVERIFY(expectAudit(u"user.enabled"_s, id, m_admin.userId));
    QVERIFY(Database::wait(m_users->resetPassword(m_admin, id, newPassword)).ok());
    QVERIFY(expectAudit(u"user.password_reset"_s, id, m_admin.userId));
    QVERIFY(Database::wait(m_users->changeRole(m_admin, id, Role::Vendor, std::nullopt, u"Acme"_s)).ok());
    QVERIFY(expectAudit(u"user.role_changed"_s, id, m_admin.userId));
    const AuditRow roleRow = lastAudit();
    QCOMPARE(roleRow.details.value(u"from"_s).toString(), u"clerk"_s);
    QCOMPARE(roleRow.details.value(u"to"_s).toString(), u"vendor"_s);
    QVERIFY(roleRow.details.contains(u"vendor_id"_s));
    QVERIFY(Database::wait(m_users->changeRole(m_admin, id, Role::Clerk, std::nullopt)).ok());
    QVERIFY(expectAudit(u"user.role_changed"_s, id, m_admin.userId));
    QVERIFY(Database::wait(m_users->setPin(m_admin, id, u"2580"_s)).ok());
    QVERIFY(expectAudit(u"user.pin_set"_s, id, m_admin.userId));
    QVERIFY(Database::wait(m_users->unlock(m_admin, id)).ok());
    QVERIFY(expectAudit(u"user.unlocked"_s, id, m_admin.userId));
    Session clerk = Database::wait(m_users->get(m_admin, id)).value().toSession();
    QVERIFY(Database::wait(m_users->changeOwnPassword(clerk, newPassword, u"Third-Pass-333"_s)).ok());
    QVERIFY(expectAudit(u"user.password_changed"_s, id, id));
    QVERIFY(Database::wait(m_users->setPin(clerk, id, u"1397"_s)).ok());
    QVERIFY(expectAudit(u"user.pin_set"_s, id, id));

    // Refused calls leave no trace.
    QVERIFY(!Database::wait(m_users->setActive(m_admin, m_admin.userId, false)).ok());
    QVERIFY(!Database::wait(m_users->setPin(clerk, m_admin.userId, u"2580"_s)).ok());
    QCOMPARE(lastAudit().id, lastId);

    // Reads are not audited.
    QVERIFY(Database::wait(m_users->page(m_admin, UserQuery{})).ok());
    QVERIFY(Database::wait(m_users->count(m_admin, UserQuery{})).ok());
    QVERIFY(Database::wait(m_users->get(m_admin, id)).ok());
    QCOMPARE(lastAudit().id, lastId);

    verifyAuditChain();
}

QTEST_GUILESS_MAIN(TestUsers)
#include "tst_users.moc"
