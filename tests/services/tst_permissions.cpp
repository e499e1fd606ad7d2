#include "auth/Permissions.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestPermissions : public QObject {
    Q_OBJECT

private slots:
    void matrix_data();
    void matrix();
    void everyPermissionIsListedOnce();
    void requireNeedsASession();
};

// The whole matrix, spelled out: a change to who may do what must change this table.
void TestPermissions::matrix_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<Permission>("permission");
    QTest::addColumn<bool>("allowed");
    //                                       admin  vendor clerk  customer
    const QList<std::pair<Permission, std::array<bool, 4>>> table{
        {Permission::UseRegister,          {true,  false, true,  false}},
        {Permission::ViewCatalog,          {true,  true,  true,  false}},
        {Permission::ManageAllProducts,    {true,  false, false, false}},
        {Permission::ManageOwnProducts,    {false, true,  false, false}},
        {Permission::ViewInventory,        {true,  true,  true,  false}},
        {Permission::ManageInventory,      {true,  false, false, false}},
        {Permission::ViewAllOrders,        {true,  false, false, false}},
        {Permission::ViewOwnVendorOrders,  {false, true,  false, false}},
        {Permission::ManageOrders,         {true,  false, false, false}},
        {Permission::ManageCustomers,      {true,  false, true,  false}},
        {Permission::ModerateReviews,      {true,  false, false, false}},
        {Permission::ReplyToReviews,       {true,  true,  false, false}},
        {Permission::ViewAllReports,       {true,  false, false, false}},
        {Permission::ViewOwnVendorReports, {false, true,  false, false}},
        {Permission::ManageUsers,          {true,  false, false, false}},
        {Permission::ManageSettings,       {true,  false, false, false}},
        {Permission::ViewAuditLog,         {true,  false, false, false}},
        {Permission::ApproveDiscounts,     {true,  false, false, false}},
        {Permission::PlaceOnlineOrders,    {false, false, false, true}},
    };
    QCOMPARE(table.size(), allPermissions().size());
    const std::array<Role, 4> roles{Role::Admin, Role::Vendor, Role::Clerk, Role::Customer};
    for (const auto &[permission, row] : table)
        for (int r = 0; r < 4; ++r)
            QTest::addRow("%s/%s", qPrintable(roleName(roles[r])), qPrintable(permissionName(permission)))
                << roles[r] << permission << row[r];
}

void TestPermissions::matrix()
{
    QFETCH(Role, role);
    QFETCH(Permission, permission);
    QFETCH(bool, allowed);
    QCOMPARE(isAllowed(role, permission), allowed);
    Session session;
    session.userId = 7;
    session.role = role;
    const Status status = require(session, permission);
    QCOMPARE(status.ok(), allowed);
    if (!allowed) {
        QCOMPARE(status.error().code, ErrorCode::PermissionDenied);
        QVERIFY(status.error().message.contains(roleDisplayName(role)));
    }
}

void TestPermissions::everyPermissionIsListedOnce()
{
    QSet<QString> names;
    for (Permission p : allPermissions())
        names.insert(permissionName(p));
    QCOMPARE(names.size(), allPermissions().size());
    QVERIFY(!names.contains(QString()));
}

void TestPermissions::requireNeedsASession()
{
    const Status status = require(Session(), Permission::ViewCatalog);
    QCOMPARE(status.error().code, ErrorCode::Unauthenticated);
}

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
