// The Users page driven like an administrator would: search, filter, sort by
// a header click, create a user through the dialog, and the account actions.

#include "UiTestShop.h"
#include "UserTableModel.h"
#include "users/ChangeRoleDialog.h"
#include "users/NewUserDialog.h"
#include "users/RoleComboBox.h"
#include "users/SecretDialog.h"
#include "users/UsersPage.h"
#include "users/VendorChooser.h"

#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestUsersPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void listsUsersWithACount();
    void searchesAsYouType();
    void filtersByRole();
    void headerClickSortsInSql();
    void createsAUserThroughTheDialog();
    void createsAVendorWithANewVendor();
    void newUserDialogExplainsMistakes();
    void showsAServiceRefusalInAMessageBox();
    void disablesAndEnablesAUser();
    void cannotDisableOrDemoteItself();
    void resetsAPassword();
    void setsAPin();
    void changesARole();
    void unlocksALockedUser();

private:
    bool openPage();
    bool selectRowOf(const QString &email);
    template<typename Dialog>
    Dialog *openDialog(const QString &buttonName);
    QPushButton *button(const QString &name) { return m_page->findChild<QPushButton *>(name); }
    QString cell(const QString &email, int column);

    std::unique_ptr<test::UiTestShop> m_shop;
    std::unique_ptr<UsersPage> m_page;
};

void TestUsersPage::initTestCase()
{
    test::isolateSettings();
}

void TestUsersPage::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
    QVERIFY(openPage());
}

void TestUsersPage::cleanup()
{
    // Message boxes and dialogs left open by a failed check.
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        if (qobject_cast<QDialog *>(window))
            window->close();
    m_page.reset();
    m_shop.reset();
}

bool TestUsersPage::openPage()
{
    m_page = std::make_unique<UsersPage>(m_shop->services, m_shop->admin);
    m_page->resize(1000, 600);
    m_page->show();
    m_page->activateWindow();
    if (!QTest::qWaitForWindowExposed(m_page.get()))
        return false;
    return QTest::qWaitFor([this] { return m_page->model()->hasLoadedFirstPage(); });
}

bool TestUsersPage::selectRowOf(const QString &email)
{
    UserTableModel *model = m_page->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->userAt(row).email == email) {
            QTableView *view = m_page->view();
            const QRect cellRect = view->visualRect(model->index(row, UserTableModel::NameColumn));
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cellRect.center());
            return m_page->selectedUser() && m_page->selectedUser()->email == email;
        }
    }
    return false;
}

template<typename Dialog>
Dialog *TestUsersPage::openDialog(const QString &buttonName)
{
    QPushButton *opener = button(buttonName);
    if (!opener || !opener->isEnabled())
        return nullptr;
    QTest::mouseClick(opener, Qt::LeftButton);
    Dialog *dialog = m_page->findChild<Dialog *>();
    if (dialog && !QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    return dialog;
}

QString TestUsersPage::cell(const QString &email, int column)
{
    UserTableModel *model = m_page->model();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->userAt(row).email == email)
            return model->index(row, column).data().toString();
    return u"(not loaded)"_s;
}

void TestUsersPage::listsUsersWithACount()
{
    QCOMPARE(m_page->model()->rowCount(), 2);
    QTRY_COMPARE(m_page->countText(), u"2 users"_s);
    QCOMPARE(cell(test::ClerkEmail, UserTableModel::NameColumn), u"Clara Clerk"_s);
    QCOMPARE(cell(test::AdminEmail, UserTableModel::RoleColumn), u"Administrator"_s);
    // Nothing selected yet: only "New user" is available.
    QVERIFY(button(u"newUserButton"_s)->isEnabled());
    QVERIFY(!button(u"resetPasswordButton"_s)->isEnabled());
    QVERIFY(!button(u"toggleActiveButton"_s)->isEnabled());
}

void TestUsersPage::searchesAsYouType()
{
    auto *search = m_page->findChild<QLineEdit *>(u"userSearch"_s);
    QTest::keyClicks(search, u"clar"_s);
    // Typing is not searching yet: the query waits for a pause.
    QCOMPARE(m_page->model()->search(), QString());
    QTRY_COMPARE(m_page->model()->search(), u"clar"_s);
    QTRY_COMPARE(m_page->model()->rowCount(), 1);
    QTRY_COMPARE(m_page->countText(), u"1 matching user"_s);
    QCOMPARE(m_page->model()->userAt(0).email, test::ClerkEmail);

    search->clear();
    QTest::keyClicks(search, u"nobody"_s);
    QTest::keyClick(search, Qt::Key_Return); // Enter searches at once
    QCOMPARE(m_page->model()->search(), u"nobody"_s);
    QTRY_COMPARE(m_page->countText(), u"No user matches"_s);
    QCOMPARE(m_page->model()->rowCount(), 0);
}

void TestUsersPage::filtersByRole()
{
    auto *filter = m_page->findChild<QComboBox *>(u"roleFilter"_s);
    filter->setCurrentIndex(filter->findData(roleName(Role::Clerk)));
    QCOMPARE(m_page->model()->roleFilter(), std::optional<Role>(Role::Clerk));
    QTRY_COMPARE(m_page->model()->rowCount(), 1);
    QCOMPARE(m_page->model()->userAt(0).email, test::ClerkEmail);
    filter->setCurrentIndex(0);
    QTRY_COMPARE(m_page->model()->rowCount(), 2);
}

void TestUsersPage::headerClickSortsInSql()
{
    QHeaderView *header = m_page->view()->horizontalHeader();
    QCOMPARE(m_page->model()->userAt(0).email, test::ClerkEmail); // by e-mail: clara < owner
    auto clickHeader = [header](int column) {
        const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    };
    clickHeader(UserTableModel::RoleColumn); // admin < clerk
    QTRY_VERIFY(m_page->model()->hasLoadedFirstPage() && m_page->model()->rowCount() == 2);
    QCOMPARE(m_page->model()->userAt(0).email, test::AdminEmail);
    clickHeader(UserTableModel::RoleColumn); // descending
    QTRY_VERIFY(m_page->model()->hasLoadedFirstPage() && m_page->model()->rowCount() == 2);
    QCOMPARE(m_page->model()->userAt(0).email, test::ClerkEmail);
    QCOMPARE(header->sortIndicatorSection(), int(UserTableModel::RoleColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);

    // The status column cannot be ordered in SQL: the indicator stays put.
    clickHeader(UserTableModel::StatusColumn);
    QCOMPARE(header->sortIndicatorSection(), int(UserTableModel::RoleColumn));
    QCOMPARE(m_page->model()->userAt(0).email, test::ClerkEmail);
}

void TestUsersPage::createsAUserThroughTheDialog()
{
    auto *dialog = openDialog<NewUserDialog>(u"newUserButton"_s);
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QLineEdit *>(u"firstName"_s)->hasFocus());
    // The tab order follows the form.
    QTest::keyClicks(dialog->focusWidget(), u"Sam"_s);
    QTest::keyClick(dialog->focusWidget(), Qt::Key_Tab);
    QTest::keyClicks(dialog->focusWidget(), u"Sales"_s);
    QTest::keyClick(dialog->focusWidget(), Qt::Key_Tab);
    QCOMPARE(dialog->focusWidget()->objectName(), u"email"_s);
    QTest::keyClicks(dialog->focusWidget(), u"sam@corner.shop"_s);
    QCOMPARE(dialog->findChild<RoleComboBox *>(u"role"_s)->role(), Role::Clerk);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"password"_s), u"Blue-bicycle-88"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"confirmPassword"_s), u"Blue-bicycle-88"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"pin"_s), u"7391"_s);
    test::saveScreenshotIfWanted(dialog, u"new-user-dialog"_s);

    QSignalSpy accepted(dialog, &QDialog::accepted);
    QTest::keyClick(dialog->findChild<QLineEdit *>(u"pin"_s), Qt::Key_Return); // the default button
    QVERIFY(accepted.wait(5000));
    QTRY_COMPARE(m_page->model()->rowCount(), 3);
    QTRY_COMPARE(m_page->countText(), u"3 users"_s);
    QTRY_VERIFY(m_page->selectedUser().has_value());
    QCOMPARE(m_page->selectedUser()->email, u"sam@corner.shop"_s);
    QCOMPARE(m_page->feedback(), u"Created the account of Sam Sales (sam@corner.shop)."_s);
    test::saveScreenshotIfWanted(m_page.get(), u"users-page-after-create"_s);

    QVERIFY(Database::wait(m_shop->services.auth->signIn(u"sam@corner.shop"_s, u"Blue-bicycle-88"_s)).ok());
    QVERIFY(Database::wait(m_shop->services.auth->signInWithPin(u"sam@corner.shop"_s, u"7391"_s)).ok());
}

void TestUsersPage::createsAVendorWithANewVendor()
{
    auto *dialog = openDialog<NewUserDialog>(u"newUserButton"_s);
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"firstName"_s), u"Vic"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"lastName"_s), u"Vendor"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"email"_s), u"vic@acme.example"_s);
    dialog->findChild<RoleComboBox *>(u"role"_s)->setRole(Role::Vendor);
    auto *vendors = dialog->findChild<VendorChooser *>();
    QVERIFY(vendors->isVisible());
    QTRY_VERIFY(vendors->isLoaded());
    // No vendors yet: "New vendor" is the only choice, with its name field.
    QCOMPARE(vendors->comboBox()->count(), 1);
    QVERIFY(vendors->newVendorEdit()->isVisible());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"password"_s), u"Blue-bicycle-88"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"confirmPassword"_s), u"Blue-bicycle-88"_s);

    QTest::mouseClick(dialog->findChild<QPushButton *>(u"createUserButton"_s), Qt::LeftButton);
    QVERIFY2(dialog->message().contains(u"vendor"_s), qPrintable(dialog->message()));
    QTest::keyClicks(vendors->newVendorEdit(), u"Acme Tools"_s);
    test::saveScreenshotIfWanted(dialog, u"new-user-dialog-vendor"_s);
    QSignalSpy accepted(dialog, &QDialog::accepted);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"createUserButton"_s), Qt::LeftButton);
    QVERIFY(accepted.wait(5000));
    QTRY_COMPARE(m_page->model()->rowCount(), 3);
    QCOMPARE(cell(u"vic@acme.example"_s, UserTableModel::VendorColumn), u"Acme Tools"_s);
    QCOMPARE(cell(u"vic@acme.example"_s, UserTableModel::RoleColumn), u"Vendor"_s);
}

void TestUsersPage::newUserDialogExplainsMistakes()
{
    auto *dialog = openDialog<NewUserDialog>(u"newUserButton"_s);
    QVERIFY(dialog);
    auto *create = dialog->findChild<QPushButton *>(u"createUserButton"_s);
    QTest::mouseClick(create, Qt::LeftButton);
    QCOMPARE(dialog->message(), u"Enter the user's first name."_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"firstName"_s), u"Sam"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"lastName"_s), u"Sales"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"email"_s), u"sam@corner.shop"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"password"_s), u"Blue-bicycle-88"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"confirmPassword"_s), u"Blue-bicycle-89"_s);
    QTest::mouseClick(create, Qt::LeftButton);
    QVERIFY2(dialog->message().contains(u"not the same"_s), qPrintable(dialog->message()));
    QVERIFY(dialog->findChild<QLineEdit *>(u"confirmPassword"_s)->hasFocus());
    test::saveScreenshotIfWanted(dialog, u"new-user-dialog-mismatch"_s);

    dialog->findChild<QLineEdit *>(u"confirmPassword"_s)->setText(u"Blue-bicycle-88"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"pin"_s), u"1111"_s);
    QTest::mouseClick(create, Qt::LeftButton);
    QVERIFY2(!dialog->message().isEmpty(), "a PIN of one repeated digit is refused");
    QVERIFY(dialog->isVisible());
    QCOMPARE(m_page->model()->rowCount(), 2);
}

void TestUsersPage::showsAServiceRefusalInAMessageBox()
{
    auto *dialog = openDialog<NewUserDialog>(u"newUserButton"_s);
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"firstName"_s), u"Clara"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"lastName"_s), u"Again"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"email"_s), test::ClerkEmail.toUpper());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"password"_s), u"Blue-bicycle-88"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"confirmPassword"_s), u"Blue-bicycle-88"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"createUserButton"_s), Qt::LeftButton);

    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = dialog->findChild<QMessageBox *>(u"errorMessageBox"_s)) && box->isVisible());
    QVERIFY2(box->text().contains(u"already exists"_s), qPrintable(box->text()));
    test::saveScreenshotIfWanted(box, u"new-user-duplicate-email"_s);
    box->accept();
    // Everything typed is still there to correct.
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->findChild<QLineEdit *>(u"lastName"_s)->text(), u"Again"_s);
    QCOMPARE(m_page->model()->rowCount(), 2);
}

void TestUsersPage::disablesAndEnablesAUser()
{
    QVERIFY(selectRowOf(test::ClerkEmail));
    QPushButton *toggle = button(u"toggleActiveButton"_s);
    QVERIFY(toggle->isEnabled());
    QCOMPARE(toggle->text(), u"&Disable"_s);
    QTest::mouseClick(toggle, Qt::LeftButton);
    QTRY_COMPARE(cell(test::ClerkEmail, UserTableModel::StatusColumn), u"Disabled"_s);
    QTRY_VERIFY(m_page->selectedUser() && m_page->selectedUser()->email == test::ClerkEmail);
    QCOMPARE(toggle->text(), u"&Enable"_s);
    QCOMPARE(m_page->feedback(), u"Clara Clerk can no longer sign in."_s);
    QVERIFY(!Database::wait(m_shop->services.auth->signIn(test::ClerkEmail, test::ClerkPassword)).ok());
    test::saveScreenshotIfWanted(m_page.get(), u"users-page-disabled"_s);

    QTest::mouseClick(toggle, Qt::LeftButton);
    QTRY_COMPARE(cell(test::ClerkEmail, UserTableModel::StatusColumn), u"Active"_s);
    QVERIFY(Database::wait(m_shop->services.auth->signIn(test::ClerkEmail, test::ClerkPassword)).ok());
}

void TestUsersPage::cannotDisableOrDemoteItself()
{
    QVERIFY(selectRowOf(test::AdminEmail));
    QVERIFY(!button(u"toggleActiveButton"_s)->isEnabled());
    QVERIFY(!button(u"changeRoleButton"_s)->isEnabled());
    QVERIFY(button(u"resetPasswordButton"_s)->isEnabled());
    QVERIFY(button(u"setPinButton"_s)->isEnabled());
}

void TestUsersPage::resetsAPassword()
{
    QVERIFY(selectRowOf(test::ClerkEmail));
    auto *dialog = openDialog<SecretDialog>(u"resetPasswordButton"_s);
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"newSecret"_s), u"short"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"confirmSecret"_s), u"short"_s);
    QTest::keyClick(dialog->findChild<QLineEdit *>(u"confirmSecret"_s), Qt::Key_Return);
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->message().contains(u"10"_s), qPrintable(dialog->message()));
    dialog->findChild<QLineEdit *>(u"newSecret"_s)->setText(u"Green-meadow-55"_s);
    dialog->findChild<QLineEdit *>(u"confirmSecret"_s)->setText(u"Green-meadow-55"_s);
    test::saveScreenshotIfWanted(dialog, u"reset-password-dialog"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"okButton"_s), Qt::LeftButton);
    QTRY_COMPARE(m_page->feedback(), u"The password of Clara Clerk was reset."_s);
    QVERIFY(Database::wait(m_shop->services.auth->signIn(test::ClerkEmail, u"Green-meadow-55"_s)).ok());
}

void TestUsersPage::setsAPin()
{
    QVERIFY(selectRowOf(test::AdminEmail));
    auto *dialog = openDialog<SecretDialog>(u"setPinButton"_s);
    QVERIFY(dialog);
    auto *pin = dialog->findChild<QLineEdit *>(u"newSecret"_s);
    QTest::keyClicks(pin, u"90x31"_s);
    QCOMPARE(pin->text(), u"9031"_s); // digits only
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"confirmSecret"_s), u"9031"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"okButton"_s), Qt::LeftButton);
    QTRY_VERIFY(m_page->feedback().contains(u"PIN"_s));
    QVERIFY(Database::wait(m_shop->services.auth->signInWithPin(test::AdminEmail, u"9031"_s)).ok());
}

void TestUsersPage::changesARole()
{
    QVERIFY(selectRowOf(test::ClerkEmail));
    auto *dialog = openDialog<ChangeRoleDialog>(u"changeRoleButton"_s);
    QVERIFY(dialog);
    auto *role = dialog->findChild<RoleComboBox *>(u"role"_s);
    QCOMPARE(role->role(), Role::Clerk);
    role->setRole(Role::Admin);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"okButton"_s), Qt::LeftButton);
    QTRY_COMPARE(cell(test::ClerkEmail, UserTableModel::RoleColumn), u"Administrator"_s);
    QCOMPARE(m_page->feedback(), u"Clara Clerk is now: Administrator."_s);
}

void TestUsersPage::unlocksALockedUser()
{
    for (int i = 0; i < AuthService::MaxFailedAttempts; ++i)
        QVERIFY(!Database::wait(m_shop->services.auth->signIn(test::ClerkEmail, u"Wrong-password-1"_s)).ok());
    m_page->model()->reload();
    QTRY_COMPARE(cell(test::ClerkEmail, UserTableModel::StatusColumn), u"Locked"_s);
    QVERIFY(selectRowOf(test::ClerkEmail));
    QTest::mouseClick(button(u"unlockUserButton"_s), Qt::LeftButton);
    QTRY_COMPARE(cell(test::ClerkEmail, UserTableModel::StatusColumn), u"Active"_s);
    QVERIFY(Database::wait(m_shop->services.auth->signIn(test::ClerkEmail, test::ClerkPassword)).ok());
}

QTEST_MAIN(TestUsersPage)
#include "tst_userspage.moc"
