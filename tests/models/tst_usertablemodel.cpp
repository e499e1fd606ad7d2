// UserTableModel over a real (temporary) database: paging by key, sorting and
// searching in SQL, and answers for an outdated query being thrown away.

#include "TestDatabase.h"
#include "UserTableModel.h"
#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "db/Database.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

const PasswordHasher cheapHasher()
{
    return PasswordHasher({10, 8, 1});
}

const QString StaffPassword = u"Tall-ladder-77"_s;

// What the database orders by, for the expected orders below: SQLite's
// lower() folds ASCII only, and the sort is by binary code points.
QString asciiLower(const QString &text)
{
    QString folded = text;
    for (QChar &c : folded)
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + 32);
    return folded;
}

struct Expected {
    qint64 id;
    QString key;
};

QList<qint64> orderedIds(QList<Expected> rows, bool descending)
{
    std::sort(rows.begin(), rows.end(), [descending](const Expected &a, const Expected &b) {
        if (a.key != b.key)
            return descending ? a.key > b.key : a.key < b.key;
        return descending ? a.id > b.id : a.id < b.id;
    });
    QList<qint64> ids;
    for (const Expected &row : rows)
        ids.append(row.id);
    return ids;
}

QList<qint64> modelIds(const UserTableModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.userAt(row).id);
    return ids;
}

} // namespace

class TestUserTableModel : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void passesTheModelTester();
    void showsColumnsOfAUser();
    void loadsPageByPageByKey();
    void reloadKeepsTheLoadedRows();
    void sortsInSql_data();
    void sortsInSql();
    void ignoresColumnsTheDatabaseCannotSortBy();
    void searchesNamesAndEmails();
    void filtersByRole();
    void dropsAnswersForAnOlderQuery();
    void reportsARefusal();

private:
    // Adds `count` users in one write transaction (through the service's
    // createInTransaction) and returns them.
    QList<User> addUsers(int count, const std::function<NewUser(int)> &make);
    static NewUser plainUser(int i);
    void fetchAll(UserTableModel &model);
    QList<Expected> everyone(UserQuery::SortColumn column);

    std::unique_ptr<test::TestDatabase> m_testDatabase;
    std::shared_ptr<Database> m_database;
    std::shared_ptr<UserService> m_users;
    Session m_admin;
    QList<User> m_all; // every user in the database, the administrator first
};

void TestUserTableModel::init()
{
    m_testDatabase = std::make_unique<test::TestDatabase>();
    SK_REQUIRE_DATABASE(*m_testDatabase);
    m_database = m_testDatabase->open();
    SK_REQUIRE_DATABASE(*m_testDatabase);
    m_users = std::make_shared<UserService>(m_database, cheapHasher());

    AuthService auth(m_database, cheapHasher());
    ShopSettings shop;
    shop.shopName = u"Corner Shop"_s;
    NewUser admin;
    admin.email = u"owner@corner.shop"_s;
    admin.password = u"Correct-horse-42"_s;
    admin.firstName = u"Olivia"_s;
    admin.lastName = u"Owner"_s;
    admin.role = Role::Admin;
    const Result<Session> session = Database::wait(auth.setUpShop(shop, admin));
    QVERIFY2(session.ok(), session.ok() ? "" : qPrintable(session.error().message));
    m_admin = session.value();
    const Result<User> adminUser = Database::wait(m_users->get(m_admin, m_admin.userId));
    QVERIFY(adminUser.ok());
    m_all = {adminUser.value()};
}

void TestUserTableModel::cleanup()
{
    m_users.reset();
    m_database.reset();
    m_testDatabase.reset();
    m_all.clear();
}

NewUser TestUserTableModel::plainUser(int i)
{
    static const QStringList firstNames{u"Ada"_s, u"Ben"_s, u"Chloé"_s, u"dora"_s, u"Émile"_s, u"Finn"_s, u"Greta"_s};
    static const QStringList lastNames{u"Smith"_s, u"Jones"_s, u"Østergaard"_s, u"brown"_s, u"Zimmer"_s,
                                       u"Adams"_s, u"Smithers"_s, u"Ng"_s, u"Öztürk"_s, u"Jones"_s, u"Lee"_s};
    NewUser user;
    user.email = u"person%1@example.com"_s.arg(i, 3, 10, QLatin1Char('0'));
    user.password = StaffPassword;
    user.firstName = firstNames.at(i % firstNames.size());
    user.lastName = lastNames.at(i % lastNames.size());
    switch (i % 3) {
    case 0: user.role = Role::Clerk; break;
    case 1: user.role = Role::Customer; break;
    default:
        user.role = Role::Vendor;
        user.vendorName = i % 2 ? u"Acme Tools"_s : u"Globex Garden"_s;
        break;
    }
    return user;
}

QList<User> TestUserTableModel::addUsers(int count, const std::function<NewUser(int)> &make)
{
    const Session admin = m_admin;
    const Result<QList<User>> created =
        Database::wait(m_database->write([count, make, admin](Connection &connection) -> Result<QList<User>> {
            QList<User> users;
            const PasswordHasher hasher = cheapHasher();
            for (int i = 0; i < count; ++i) {
                Result<User> user = UserService::createInTransaction(connection, hasher, admin, make(i));
                if (!user)
                    return user.error();
                users.append(user.value());
            }
            return users;
        }));
    if (!created) {
        qWarning() << created.error().message << created.error().details;
        return {};
    }
    m_all += created.value();
    return created.value();
}

void TestUserTableModel::fetchAll(UserTableModel &model)
{
    QTRY_VERIFY(model.hasLoadedFirstPage());
    while (!model.isAtEnd()) {
        // A model tester may already have asked for the next page.
        if (model.canFetchMore({}))
            model.fetchMore({});
        QTRY_VERIFY(!model.isLoading());
    }
    QVERIFY(!model.canFetchMore({}));
}

QList<Expected> TestUserTableModel::everyone(UserQuery::SortColumn column)
{
    QList<Expected> rows;
    for (const User &user : std::as_const(m_all)) {
        QString key;
        switch (column) {
        case UserQuery::SortColumn::Email: key = user.email; break;
        case UserQuery::SortColumn::Name: key = asciiLower(user.lastName + u' ' + user.firstName); break;
        case UserQuery::SortColumn::Role: key = roleName(user.role); break;
        case UserQuery::SortColumn::Created: key = user.createdAt.toString(Qt::ISODateWithMs); break;
        case UserQuery::SortColumn::Id: key = u"%1"_s.arg(user.id, 12, 10, QLatin1Char('0')); break;
        }
        rows.append({user.id, key});
    }
    return rows;
}

void TestUserTableModel::passesTheModelTester()
{
    QCOMPARE(addUsers(60, plainUser).size(), 60);
    QVERIFY(Database::wait(m_users->setActive(m_admin, m_all.at(7).id, false)).ok());
    UserTableModel model(m_users);
    model.setPageSize(25);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(m_admin);
    fetchAll(model);
    QCOMPARE(model.rowCount(), 61);
    model.sort(UserTableModel::NameColumn, Qt::DescendingOrder);
    fetchAll(model);
    QCOMPARE(model.rowCount(), 61);
    model.setSearch(u"smith"_s);
    QTRY_VERIFY(model.hasLoadedFirstPage());
    model.setRoleFilter(Role::Clerk);
    fetchAll(model);
    model.reload();
    QTRY_VERIFY(model.hasLoadedFirstPage());
}

void TestUserTableModel::showsColumnsOfAUser()
{
    NewUser vendor = plainUser(2);
    vendor.firstName = u"Vera"_s;
    vendor.lastName = u"Vendor"_s;
    QCOMPARE(addUsers(1, [vendor](int) { return vendor; }).size(), 1);
    const qint64 vendorId = m_all.last().id;
    QVERIFY(Database::wait(m_users->setActive(m_admin, vendorId, false)).ok());

    UserTableModel model(m_users);
    model.setSession(m_admin);
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(UserTableModel::ColumnCount));
    QCOMPARE(model.headerData(UserTableModel::EmailColumn, Qt::Horizontal).toString(), u"E-mail"_s);
    QCOMPARE(model.headerData(UserTableModel::CreatedColumn, Qt::Horizontal).toString(), u"Created"_s);
    // person002@... sorts before owner@...
    const int row = model.rowOfUser(vendorId);
    QCOMPARE(row, 1 - model.rowOfUser(m_admin.userId));
    auto cell = [&](int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(cell(UserTableModel::EmailColumn), u"person002@example.com"_s);
    QCOMPARE(cell(UserTableModel::NameColumn), u"Vera Vendor"_s);
    QCOMPARE(cell(UserTableModel::RoleColumn), roleDisplayName(Role::Vendor));
    QCOMPARE(cell(UserTableModel::VendorColumn), u"Globex Garden"_s);
    QCOMPARE(cell(UserTableModel::StatusColumn), u"Disabled"_s);
    QVERIFY(!cell(UserTableModel::CreatedColumn).isEmpty());
    QCOMPARE(model.index(row, 0).data(UserTableModel::UserIdRole).toLongLong(), vendorId);
    QCOMPARE(model.index(row, 0).data(UserTableModel::IsActiveRole).toBool(), false);
    const int adminRow = model.rowOfUser(m_admin.userId);
    QCOMPARE(model.index(adminRow, UserTableModel::StatusColumn).data().toString(), u"Active"_s);
    QCOMPARE(model.index(adminRow, UserTableModel::VendorColumn).data().toString(), QString());
}

void TestUserTableModel::loadsPageByPageByKey()
{
    QCOMPARE(addUsers(449, plainUser).size(), 449);
    UserTableModel model(m_users);
    QCOMPARE(model.pageSize(), 200);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy counted(&model, &UserTableModel::totalCountChanged);
    // No QAbstractItemModelTester here: it fetches more on every change, and
    // this test wants to see each page arrive when asked for.

    QVERIFY(!model.canFetchMore({})); // no session yet: nothing to ask for
    model.setSession(m_admin);
    QVERIFY(model.isLoading());
    QCOMPARE(model.rowCount(), 0); // the GUI thread did not wait for the database
    QTRY_COMPARE(model.rowCount(), 200);
    QTRY_COMPARE(model.totalCount(), qint64(450));
    QCOMPARE(counted.size(), 1);
    QVERIFY(model.canFetchMore({}));

    model.fetchMore({});
    QVERIFY(!model.canFetchMore({})); // one page at a time
    QTRY_COMPARE(model.rowCount(), 400);
    model.fetchMore({});
    QTRY_COMPARE(model.rowCount(), 450);
    QVERIFY(model.isAtEnd());
    QVERIFY(!model.canFetchMore({}));
    model.fetchMore({}); // nothing more to fetch: no request, no rows
    QVERIFY(!model.isLoading());
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(inserted.at(1).at(1).toInt(), 200);
    QCOMPARE(inserted.at(1).at(2).toInt(), 399);

    // Each page continued exactly where the previous one ended.
    QCOMPARE(modelIds(model), orderedIds(everyone(UserQuery::SortColumn::Email), false));
}

void TestUserTableModel::reloadKeepsTheLoadedRows()
{
    QCOMPARE(addUsers(120, plainUser).size(), 120);
    UserTableModel model(m_users);
    model.setPageSize(50);
    model.setSession(m_admin);
    QTRY_COMPARE(model.rowCount(), 50);
    model.fetchMore({});
    QTRY_COMPARE(model.rowCount(), 100);

    const qint64 someone = model.userAt(70).id;
    QVERIFY(Database::wait(m_users->setActive(m_admin, someone, false)).ok());
    QSignalSpy pages(&model, &UserTableModel::pageLoaded);
    model.reload();
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE(pages.size(), 1);
    QCOMPARE(model.rowCount(), 100); // one request for everything that was loaded
    QCOMPARE(model.index(70, UserTableModel::StatusColumn).data().toString(), u"Disabled"_s);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QTRY_COMPARE(model.rowCount(), 121);
}

void TestUserTableModel::sortsInSql_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<int>("sortColumn");

    QTest::newRow("e-mail descending") << int(UserTableModel::EmailColumn) << Qt::DescendingOrder
                                       << int(UserQuery::SortColumn::Email);
    QTest::newRow("name ascending") << int(UserTableModel::NameColumn) << Qt::AscendingOrder
                                    << int(UserQuery::SortColumn::Name);
    QTest::newRow("name descending") << int(UserTableModel::NameColumn) << Qt::DescendingOrder
                                     << int(UserQuery::SortColumn::Name);
    QTest::newRow("role ascending") << int(UserTableModel::RoleColumn) << Qt::AscendingOrder
                                    << int(UserQuery::SortColumn::Role);
    QTest::newRow("created descending") << int(UserTableModel::CreatedColumn) << Qt::DescendingOrder
                                        << int(UserQuery::SortColumn::Created);
}

void TestUserTableModel::sortsInSql()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(int, sortColumn);

    // Few names and roles among many users: lots of ties, broken by id, and
    // small pages, so many page boundaries fall inside a run of equal keys.
    QCOMPARE(addUsers(90, plainUser).size(), 90);
    UserTableModel model(m_users);
    model.setPageSize(7);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(m_admin);
    QTRY_VERIFY(model.hasLoadedFirstPage());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.sort(column, order);
    QCOMPARE(reset.size(), 1);
    model.sort(column, order); // the same order again: no new query
    QCOMPARE(reset.size(), 1);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(model.rowCount(), 91);
    QCOMPARE(modelIds(model),
             orderedIds(everyone(UserQuery::SortColumn(sortColumn)), order == Qt::DescendingOrder));
}

void TestUserTableModel::ignoresColumnsTheDatabaseCannotSortBy()
{
    QCOMPARE(addUsers(5, plainUser).size(), 5);
    UserTableModel model(m_users);
    model.setSession(m_admin);
    QTRY_COMPARE(model.rowCount(), 6);
    QVERIFY(!UserTableModel::isSortable(UserTableModel::VendorColumn));
    QVERIFY(!UserTableModel::isSortable(UserTableModel::StatusColumn));
    QVERIFY(UserTableModel::isSortable(UserTableModel::EmailColumn));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.sort(UserTableModel::VendorColumn, Qt::DescendingOrder);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 6);
}

void TestUserTableModel::searchesNamesAndEmails()
{
    QCOMPARE(addUsers(77, plainUser).size(), 77);
    UserTableModel model(m_users);
    model.setPageSize(10);
    model.setSession(m_admin);
    QTRY_COMPARE(model.totalCount(), qint64(78));

    // "smith" is in "Smith" and "Smithers": case does not matter.
    QList<Expected> expected;
    for (const User &user : std::as_const(m_all))
        if (user.lastName.contains(u"smith"_s, Qt::CaseInsensitive))
            expected.append({user.id, user.email});
    QVERIFY(expected.size() > 10);
    model.setSearch(u"  SMITH "_s);
    QCOMPARE(model.search(), u"SMITH"_s);
    QTRY_COMPARE(model.totalCount(), qint64(expected.size()));
    fetchAll(model);
    QCOMPARE(modelIds(model), orderedIds(expected, false));

    model.setSearch(u"person07"_s); // person070 ... person076
    QTRY_COMPARE(model.totalCount(), qint64(7));
    QTRY_COMPARE(model.rowCount(), 7);
    QCOMPARE(model.userAt(0).email, u"person070@example.com"_s);

    model.setSearch(u"50%_"_s); // LIKE wildcards are searched for literally
    QTRY_COMPARE(model.totalCount(), qint64(0));
    QTRY_VERIFY(model.hasLoadedFirstPage());
    QCOMPARE(model.rowCount(), 0);

    model.setSearch(QString());
    QTRY_COMPARE(model.totalCount(), qint64(78));
}

void TestUserTableModel::filtersByRole()
{
    QCOMPARE(addUsers(30, plainUser).size(), 30);
    UserTableModel model(m_users);
    model.setSession(m_admin);
    QTRY_COMPARE(model.rowCount(), 31);
    model.setRoleFilter(Role::Vendor);
    QCOMPARE(model.roleFilter(), std::optional<Role>(Role::Vendor));
    QTRY_COMPARE(model.rowCount(), 10);
    QTRY_COMPARE(model.totalCount(), qint64(10));
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.userAt(row).role, Role::Vendor);
        QVERIFY(!model.index(row, UserTableModel::VendorColumn).data().toString().isEmpty());
    }
    model.setRoleFilter(Role::Admin);
    QTRY_COMPARE(model.totalCount(), qint64(1));
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.userAt(0).id, m_admin.userId);
    model.setRoleFilter(std::nullopt);
    QTRY_COMPARE(model.rowCount(), 31);
}

void TestUserTableModel::dropsAnswersForAnOlderQuery()
{
    QCOMPARE(addUsers(40, plainUser).size(), 40);
    UserTableModel model(m_users);
    model.setSession(m_admin);
    QTRY_COMPARE(model.rowCount(), 41);
    QTRY_COMPARE(model.totalCount(), qint64(41));
    const int droppedBefore = model.droppedStaleResults();

    // Both searches are posted before either answer can arrive (answers are
    // delivered through this thread's event loop), so the first search's page
    // and count are certainly outdated when they come back.
    QList<QString> searchWhenInserted;
    connect(&model, &QAbstractItemModel::rowsInserted, this,
            [&] { searchWhenInserted.append(model.search()); });
    model.setSearch(u"person"_s);
    model.setSearch(u"owner"_s);
    QTRY_COMPARE(model.droppedStaleResults(), droppedBefore + 2);
    QTRY_COMPARE(model.totalCount(), qint64(1));
    QTRY_VERIFY(model.hasLoadedFirstPage());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.userAt(0).id, m_admin.userId);
    QCOMPARE(searchWhenInserted, QList<QString>{u"owner"_s});

    // A sort change while a page is on its way: the page is dropped too.
    searchWhenInserted.clear();
    model.setSearch(QString());
    model.sort(UserTableModel::NameColumn, Qt::AscendingOrder);
    QTRY_COMPARE(model.droppedStaleResults(), droppedBefore + 4);
    QTRY_COMPARE(model.rowCount(), 41);
    QCOMPARE(modelIds(model), orderedIds(everyone(UserQuery::SortColumn::Name), false));
    QCOMPARE(searchWhenInserted.size(), 1);
}

void TestUserTableModel::reportsARefusal()
{
    QCOMPARE(addUsers(3, plainUser).size(), 3);
    Session clerk;
    const User clerkUser = m_all.at(1);
    QCOMPARE(clerkUser.role, Role::Clerk);
    clerk.userId = clerkUser.id;
    clerk.email = clerkUser.email;
    clerk.role = Role::Clerk;

    UserTableModel model(m_users);
    QSignalSpy failed(&model, &UserTableModel::loadFailed);
    model.setSession(clerk);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(!failed.at(0).at(0).toString().isEmpty());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({})); // a view does not retry in a loop
    QCOMPARE(model.totalCount(), qint64(-1));
}

QTEST_GUILESS_MAIN(TestUserTableModel)
#include "tst_usertablemodel.moc"
