// storekeeper-test: postgres
#include "TestDatabase.h"
#include "TestSessions.h"
#include "customers/CustomerDirectory.h"
#include "db/Database.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

template<typename R>
QString why(const R &result)
{
    return result.ok() ? QString() : result.error().message + u" | "_s + result.error().details;
}

QStringList emailsOf(const QList<Customer> &customers)
{
    QStringList emails;
    for (const Customer &c : customers)
        emails.append(c.email);
    return emails;
}

} // namespace

class TestCustomerDirectory : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void quickCreateMakesACustomerWhoCannotSignIn();
    void quickCreateValidates_data();
    void quickCreateValidates();
    void duplicateEmailIsAConflictNamingIt();
    void searchByPrefix_data();
    void searchByPrefix();
    void searchIsLimitedAndSorted();
    void onlyRegisterStaffMayUseIt();
    void searchStaysFastOnManyCustomers();

private:
    Customer create(const QString &first, const QString &last, const QString &email, const QString &phone = {});
    qint64 addStaff(const QString &email, const QString &role);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<CustomerDirectory> m_directory;
    Session m_clerk;
    Session m_vendor;
};

void TestCustomerDirectory::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    SK_REQUIRE_DATABASE(*m_testDb);
    m_db = m_testDb->open();
    QVERIFY(m_db);
    m_directory = std::make_unique<CustomerDirectory>(m_db);
    m_clerk = test::sessionFor(addStaff(u"clerk@shop.test"_s, u"clerk"_s), Role::Clerk);
    QVERIFY(m_clerk.userId > 0);
}

void TestCustomerDirectory::cleanup()
{
    m_directory.reset();
    m_db.reset();
    m_testDb.reset();
}

qint64 TestCustomerDirectory::addStaff(const QString &email, const QString &role)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<qint64> id = Database::wait(m_db->write([=](Connection &c) {
        return c.insert(u"INSERT INTO users (email, password_hash, first_name, last_name, role, created_at, "
                        "updated_at) VALUES (?, 'x', 'Staff', 'Member', ?, ?, ?) RETURNING id"_s,
                        {email, role, now, now});
    }));
    return id.ok() ? id.value() : 0;
}

Customer TestCustomerDirectory::create(const QString &first, const QString &last, const QString &email,
                                       const QString &phone)
{
    Result<Customer> created = Database::wait(m_directory->quickCreate(m_clerk, {first, last, email, phone}));
    if (!created)
        qWarning() << why(created);
    return created.ok() ? created.value() : Customer();
}

void TestCustomerDirectory::quickCreateMakesACustomerWhoCannotSignIn()
{
    const Customer ada = create(u" Ada "_s, u"Lovelace"_s, u"Ada@Example.TEST"_s, u"+44 20 7946 0018"_s);
    QVERIFY(ada.id > 0);
    QCOMPARE(ada.firstName, u"Ada"_s);
    QCOMPARE(ada.email, u"ada@example.test"_s);
    QCOMPARE(ada.phone, u"+44 20 7946 0018"_s);
    QCOMPARE(ada.displayName(), u"Ada Lovelace"_s);
    QVERIFY(!ada.canSignIn);
    Result<QVariant> row = Database::wait(m_db->read([id = ada.id](Connection &c) {
        return c.scalar(u"SELECT role || ':' || password_hash FROM users WHERE id = ?"_s, {id});
    }));
    QCOMPARE(row->toString(), u"customer:"_s + CustomerDirectory::unusablePasswordHash());
    Result<QVariant> audited = Database::wait(m_db->read([](Connection &c) {
        return c.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'user.created'"_s);
    }));
    QCOMPARE(audited->toLongLong(), 1);

    const Customer noPhone = create(u"Grace"_s, u"Hopper"_s, u"grace@example.test"_s);
    QVERIFY(noPhone.id > 0);
    QVERIFY(noPhone.phone.isEmpty());
}

void TestCustomerDirectory::quickCreateValidates_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("last");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("phone");
    QTest::newRow("no first name") << u""_s << u"Lovelace"_s << u"ada@example.test"_s << u""_s;
    QTest::newRow("no last name") << u"Ada"_s << u"  "_s << u"ada@example.test"_s << u""_s;
    QTest::newRow("no e-mail") << u"Ada"_s << u"Lovelace"_s << u""_s << u""_s;
    QTest::newRow("bad e-mail") << u"Ada"_s << u"Lovelace"_s << u"ada.example.test"_s << u""_s;
    QTest::newRow("bad phone") << u"Ada"_s << u"Lovelace"_s << u"ada@example.test"_s << u"call me"_s;
}

void TestCustomerDirectory::quickCreateValidates()
{
    QFETCH(QString, first);
    QFETCH(QString, last);
    QFETCH(QString, email);
    QFETCH(QString, phone);
    Result<Customer> created = Database::wait(m_directory->quickCreate(m_clerk, {first, last, email, phone}));
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, ErrorCode::InvalidInput);
    Result<QVariant> customers = Database::wait(m_db->read([](Connection &c) {
        return c.scalar(u"SELECT COUNT(*) FROM users WHERE role = 'customer'"_s);
    }));
    QCOMPARE(customers->toLongLong(), 0);
}

void TestCustomerDirectory::duplicateEmailIsAConflictNamingIt()
{
    QVERIFY(create(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s).id > 0);
    Result<Customer> again =
        Database::wait(m_directory->quickCreate(m_clerk, {u"Augusta"_s, u"King"_s, u"ADA@example.test"_s, {}}));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    QVERIFY2(again.error().message.contains(u"ada@example.test"_s), qPrintable(again.error().message));
    // Staff addresses are taken as well.
    again = Database::wait(m_directory->quickCreate(m_clerk, {u"Clara"_s, u"Clerk"_s, u"clerk@shop.test"_s, {}}));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::Conflict);
}

void TestCustomerDirectory::searchByPrefix_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("last name") << u"love"_s << QStringList{u"ada@example.test"_s};
    QTest::newRow("last name, any case") << u"LOVELACE"_s << QStringList{u"ada@example.test"_s};
    QTest::newRow("first name") << u"gra"_s << QStringList{u"grace@example.test"_s};
    QTest::newRow("e-mail") << u"Hopper.G"_s << QStringList{u"hopper.g@navy.test"_s};
    QTest::newRow("phone") << u"+1 555 01"_s << QStringList{u"grace@example.test"_s};
    QTest::newRow("first and last name") << u"ada love"_s << QStringList{u"ada@example.test"_s};
    QTest::newRow("last and first name") << u"hopper grace"_s << QStringList{u"grace@example.test"_s};
    QTest::newRow("shared prefix, by last name") << u"h"_s
                                                 << QStringList{u"hopper.g@navy.test"_s, u"grace@example.test"_s};
    QTest::newRow("not a prefix") << u"velace"_s << QStringList{};
    QTest::newRow("staff are not customers") << u"clerk"_s << QStringList{};
    QTest::newRow("empty") << u"  "_s << QStringList{};
    QTest::newRow("wildcards are literal") << u"%"_s << QStringList{};
}

void TestCustomerDirectory::searchByPrefix()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QVERIFY(create(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s).id > 0);
    QVERIFY(create(u"Grace"_s, u"Hopper"_s, u"grace@example.test"_s, u"+1 555 0100"_s).id > 0);
    QVERIFY(create(u"Harriet"_s, u"Brooks"_s, u"hopper.g@navy.test"_s).id > 0);
    Result<QList<Customer>> found = Database::wait(m_directory->search(m_clerk, text));
    QVERIFY2(found.ok(), qPrintable(why(found)));
    QCOMPARE(emailsOf(found.value()), expected);
}

void TestCustomerDirectory::searchIsLimitedAndSorted()
{
    for (int i = 25; i >= 1; --i)
        QVERIFY(create(u"Sam"_s, u"Smith%1"_s.arg(i, 2, 10, QChar(u'0')), u"sam%1@example.test"_s.arg(i)).id > 0);
    Result<QList<Customer>> found = Database::wait(m_directory->search(m_clerk, u"smith"_s));
    QVERIFY2(found.ok(), qPrintable(why(found)));
    QCOMPARE(found->size(), CustomerDirectory::kSearchLimit);
    QCOMPARE(found->first().lastName, u"Smith01"_s);
    QCOMPARE(found->last().lastName, u"Smith20"_s);
}

void TestCustomerDirectory::onlyRegisterStaffMayUseIt()
{
    const Session vendor = test::sessionFor(99, Role::Vendor, 1);
    Result<QList<Customer>> found = Database::wait(m_directory->search(vendor, u"a"_s));
    QVERIFY(!found.ok());
    QCOMPARE(found.error().code, ErrorCode::PermissionDenied);
    Result<Customer> created =
        Database::wait(m_directory->quickCreate(vendor, {u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s, {}}));
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, ErrorCode::PermissionDenied);
    const Session admin = test::sessionFor(addStaff(u"boss@shop.test"_s, u"admin"_s), Role::Admin);
    QVERIFY(Database::wait(m_directory->search(admin, u"a"_s)).ok());
}

void TestCustomerDirectory::searchStaysFastOnManyCustomers()
{
    constexpr int kCustomers = 100'000;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Status filled = Database::wait(m_db->write([now](Connection &c) -> Status {
        if (Status ok = c.run(u"INSERT INTO users (email, password_hash, first_name, last_name, phone, role, "
                              "created_at, updated_at) "
                              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                              "SELECT 'c' || CAST(i AS TEXT) || '@example.test', '!', 'First' || CAST(i AS TEXT), "
                              "'Last' || CAST(i AS TEXT), '+1 555 ' || CAST(i AS TEXT), 'customer', ?, ? FROM n"_s,
                              {kCustomers, now, now});
            !ok)
            return ok;
        return c.run(c.isPostgres() ? u"ANALYZE users"_s : u"ANALYZE"_s);
    }));
    QVERIFY2(filled.ok(), qPrintable(why(filled)));

    // The probes are index range scans over customers (migration 0011).
    const bool postgres = m_testDb->isPostgres();
    Result<QStringList> plan = Database::wait(m_db->read([postgres](Connection &c) -> Result<QStringList> {
        const QString sql = postgres
            ? u"EXPLAIN SELECT id FROM users WHERE role = 'customer' AND is_active = 1 "
              "AND lower(last_name) COLLATE \"C\" >= 'last123' AND lower(last_name) COLLATE \"C\" < 'last124' "
              "ORDER BY lower(last_name) COLLATE \"C\" LIMIT 20"_s
            : u"EXPLAIN QUERY PLAN SELECT id FROM users INDEXED BY users_customer_last_name "
              "WHERE role = 'customer' AND is_active = 1 "
              "AND lower(last_name) >= 'last123' AND lower(last_name) < 'last124' ORDER BY lower(last_name) LIMIT 20"_s;
        Result<QSqlQuery> rows = c.exec(sql);
        if (!rows)
            return rows.error();
        QStringList lines;
        while (rows.value().next())
            lines.append(rows.value().value(postgres ? 0 : 3).toString());
        return lines;
    }));
    QVERIFY2(plan.ok(), qPrintable(why(plan)));
    QVERIFY2(plan->join(u' ').contains(u"users_customer_last_name"_s), qPrintable(plan->join(u'\n')));

    QElapsedTimer timer;
    timer.start();
    for (const QString &text : {u"last1234"_s, u"first9"_s, u"c777"_s, u"+1 555 4242"_s, u"first12 last12"_s}) {
        Result<QList<Customer>> found = Database::wait(m_directory->search(m_clerk, text));
        QVERIFY2(found.ok(), qPrintable(why(found)));
        QVERIFY2(!found->isEmpty(), qPrintable(text));
        QVERIFY(found->size() <= CustomerDirectory::kSearchLimit);
    }
    // Five searches; a scan of 100,000 rows each would take seconds here.
    qInfo() << "five searches over" << kCustomers << "customers took" << timer.elapsed() << "ms";
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestCustomerDirectory)
#include "tst_customerdirectory.moc"
