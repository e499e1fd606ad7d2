// CustomerTableModel against a temporary database: the model tester, paging
// by key through every customer, a search replacing an older one, a refusal.

#include "CustomerTableModel.h"
#include "TestDatabase.h"
#include "TestSessions.h"
#include "customers/CustomerService.h"
#include "db/Database.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestCustomerTableModel : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void pagesThroughEveryCustomerOnce();
    void aNewSearchDropsTheOlderAnswer();
    void aRefusalIsReportedOnce();

private:
    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::shared_ptr<CustomerService> m_service;
    Session m_clerk;
    static constexpr int kCustomers = 230;
};

void TestCustomerTableModel::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    SK_REQUIRE_DATABASE(*m_testDb);
    m_db = m_testDb->open();
    QVERIFY(m_db);
    m_service = std::make_shared<CustomerService>(m_db);
    const Status filled = Database::wait(m_db->write([](Connection &c) -> Status {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Result<qint64> clerk = c.insert(u"INSERT INTO users (email, password_hash, first_name, last_name, role, "
                                        "created_at, updated_at) VALUES ('clerk@shop.test', 'x', 'Clara', 'Clerk', "
                                        "'clerk', ?, ?) RETURNING id"_s,
                                        {now, now});
        if (!clerk)
            return clerk.error();
        // Few distinct last names, so equal keys cross page boundaries.
        for (int i = 0; i < kCustomers; ++i)
            if (Status added = c.run(u"INSERT INTO users (email, password_hash, first_name, last_name, role, "
                                     "created_at, updated_at) VALUES (?, 'x', ?, ?, 'customer', ?, ?)"_s,
                                     {u"c%1@example.test"_s.arg(i), u"First%1"_s.arg(i % 3),
                                      u"Last%1"_s.arg(i % 7), now, now});
                !added)
                return added;
        return Status::success();
    }));
    QVERIFY(filled.ok());
    const qint64 clerkId = Database::wait(m_db->read([](Connection &c) {
                               return c.scalar(u"SELECT id FROM users WHERE role = 'clerk'"_s);
                           })).value().toLongLong();
    m_clerk = test::sessionFor(clerkId, Role::Clerk);
}

void TestCustomerTableModel::cleanup()
{
    m_service.reset();
    m_db.reset();
    m_testDb.reset();
}

void TestCustomerTableModel::pagesThroughEveryCustomerOnce()
{
    CustomerTableModel model(m_service);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(100);
    model.setSession(m_clerk);
    QTRY_VERIFY(model.hasLoadedFirstPage());
    QVERIFY(model.rowCount() >= 100);
    // The model tester may ask for the next page itself.
    for (int guard = 0; guard < 20 && !model.isAtEnd(); ++guard) {
        QTRY_VERIFY(!model.isLoading());
        if (model.canFetchMore({}))
            model.fetchMore({});
        QTRY_VERIFY(!model.isLoading());
    }
    QVERIFY(model.isAtEnd());
    QCOMPARE(model.rowCount(), kCustomers);
    QSet<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.insert(model.data(model.index(row, 0), CustomerTableModel::CustomerIdRole).toLongLong());
    QCOMPARE(ids.size(), kCustomers);
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(model.customerAt(row - 1).customer.lastName <= model.customerAt(row).customer.lastName);
    QCOMPARE(model.data(model.index(0, CustomerTableModel::OrdersColumn)).toString(), QLocale().toString(0));
    QCOMPARE(model.headerData(CustomerTableModel::ValueColumn, Qt::Horizontal).toString(), u"Lifetime value"_s);
}

void TestCustomerTableModel::aNewSearchDropsTheOlderAnswer()
{
    CustomerTableModel model(m_service);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(m_clerk);
    model.setSearch(u"c1"_s);
    model.setSearch(u"c12@"_s);
    QTRY_VERIFY(model.hasLoadedFirstPage());
    QTRY_VERIFY(model.droppedStaleResults() >= 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.customerAt(0).customer.email, u"c12@example.test"_s);
}

void TestCustomerTableModel::aRefusalIsReportedOnce()
{
    CustomerTableModel model(m_service);
    QSignalSpy failed(&model, &CustomerTableModel::loadFailed);
    model.setSession(test::sessionFor(m_clerk.userId, Role::Vendor, 1));
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestCustomerTableModel)
#include "tst_customertablemodel.moc"
