// The main window: which pages each role sees, keyboard navigation, the
// status bar, idle lock and unlock.

#include "MainWindow.h"
#include "UiTestShop.h"
#include "auth/LockScreen.h"
#include "db/DatabaseUrl.h"
#include "settings/SettingsPage.h"
#include "users/UsersPage.h"
#include "UserTableModel.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace sk;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void adminSeesEveryPage();
    void clerkSeesTheRegisterPages();
    void vendorSeesTheirPages();
    void controlDigitsSwitchPages();
    void sidebarTooltipsNameTheShortcut();
    void pagesSayWhatTheyAreFor();
    void statusBarNamesShopDatabaseAndUser();
    void usersPageListsUsers();
    void savedSettingsReachTheStatusBar();
    void locksWhenIdleAndUnlocksWithPassword();
    void clerkUnlocksWithPin();
    void inputKeepsTheWindowUnlocked();
    void switchUserIsAsked();
    void savesScreenshotsOfEveryPage();

private:
    std::unique_ptr<MainWindow> openWindow(const Session &session);

    std::unique_ptr<test::UiTestShop> m_shop;
};

void TestMainWindow::initTestCase()
{
    test::isolateSettings();
}

void TestMainWindow::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
}

void TestMainWindow::cleanup()
{
    m_shop.reset();
}

std::unique_ptr<MainWindow> TestMainWindow::openWindow(const Session &session)
{
    auto window = std::make_unique<MainWindow>(m_shop->services, session, m_shop->settings);
    window->resize(1100, 720);
    window->show();
    window->activateWindow();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

void TestMainWindow::adminSeesEveryPage()
{
    auto window = openWindow(m_shop->admin);
    QVERIFY(window);
    QCOMPARE(window->pages(), allPages());
    QCOMPARE(window->sidebar()->count(), 10);
    QCOMPARE(window->sidebar()->item(7)->text(), u"Users"_s);
    QCOMPARE(window->sidebar()->item(9)->text(), u"Notifications"_s);
    QVERIFY(window->usersPage());
    QVERIFY(window->settingsPage());
    QCOMPARE(window->currentPage(), Page::Register);
}

void TestMainWindow::clerkSeesTheRegisterPages()
{
    auto window = openWindow(m_shop->clerk);
    QVERIFY(window);
    const QList<Page> expected{Page::Register, Page::Catalog, Page::Inventory, Page::Customers};
    QCOMPARE(window->pages(), expected);
    QCOMPARE(window->sidebar()->count(), 4);
    QVERIFY(!window->usersPage());
    QVERIFY(!window->settingsPage());
    QVERIFY(!window->showPage(Page::Users));
    QVERIFY(!window->pageWidget(Page::Settings));
    test::saveScreenshotIfWanted(window.get(), u"mainwindow-clerk"_s);
}

void TestMainWindow::vendorSeesTheirPages()
{
    const Result<Session> vendor = m_shop->addVendor();
    QVERIFY2(vendor.ok(), vendor.ok() ? "" : qPrintable(vendor.error().message));
    auto window = openWindow(vendor.value());
    QVERIFY(window);
    const QList<Page> expected{Page::Catalog, Page::Inventory, Page::Orders, Page::Reviews, Page::Reports};
    QCOMPARE(window->pages(), expected);
    test::saveScreenshotIfWanted(window.get(), u"mainwindow-vendor"_s);
}

void TestMainWindow::controlDigitsSwitchPages()
{
    auto window = openWindow(m_shop->admin);
    QVERIFY(window);
    QTest::keyClick(window.get(), Qt::Key_8, Qt::ControlModifier);
    QCOMPARE(window->currentPage(), Page::Users);
    QCOMPARE(window->sidebar()->currentRow(), 7);
    QTest::keyClick(window.get(), Qt::Key_9, Qt::ControlModifier);
    QCOMPARE(window->currentPage(), Page::Settings);
    QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window->currentPage(), Page::Catalog);
    QTest::keyClick(window.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window->currentPage(), Page::Register);

    // A clerk's shortcuts follow the clerk's own sidebar: Ctrl+4 is Customers.
    auto clerkWindow = openWindow(m_shop->clerk);
    QVERIFY(clerkWindow);
    QTest::keyClick(clerkWindow.get(), Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(clerkWindow->currentPage(), Page::Customers);
    QTest::keyClick(clerkWindow.get(), Qt::Key_5, Qt::ControlModifier);
    QCOMPARE(clerkWindow->currentPage(), Page::Customers);
}

void TestMainWindow::sidebarTooltipsNameTheShortcut()
{
    auto window = openWindow(m_shop->admin);
    QVERIFY(window);
    // Ctrl+1 to Ctrl+9 for the first nine pages; the rest have none.
    for (int row = 0; row < window->sidebar()->count(); ++row) {
        const QString tooltip = window->sidebar()->item(row)->toolTip();
        if (row < 9)
            QVERIFY2(tooltip.contains(u"Ctrl+%1"_s.arg(row + 1)), qPrintable(tooltip));
        else
            QVERIFY2(!tooltip.contains(u"Ctrl+"_s), qPrintable(tooltip));
    }
}

void TestMainWindow::pagesSayWhatTheyAreFor()
{
    auto window = openWindow(m_shop->admin);
    QVERIFY(window);
    for (Page page : window->pages()) {
        QWidget *widget = window->pageWidget(page);
        QVERIFY(widget);
        auto *title = widget->findChild<QLabel *>(u"pageTitle"_s);
        auto *summary = widget->findChild<QLabel *>(u"pageSummary"_s);
        QVERIFY2(title && summary, qPrintable(pageKey(page)));
        QCOMPARE(title->text(), pageTitle(page));
        QVERIFY(summary->text().endsWith(u'.'));
        const QList<QLabel *> labels = widget->findChildren<QLabel *>();
        for (const QLabel *label : labels) {
            const QString text = label->text().toLower();
            QVERIFY2(!text.contains(u"later"_s) && !text.contains(u"implemented"_s)
                         && !text.contains(u"coming soon"_s) && !text.contains(u"todo"_s),
                     qPrintable(label->text()));
        }
    }
}

void TestMainWindow::statusBarNamesShopDatabaseAndUser()
{
    auto window = openWindow(m_shop->clerk);
    QVERIFY(window);
    QCOMPARE(window->findChild<QLabel *>(u"shopLabel"_s)->text(), test::ShopName);
    QVERIFY(window->findChild<QLabel *>(u"databaseLabel"_s)->text().contains(m_shop->database->url().displayName()));
    const QString user = window->findChild<QLabel *>(u"userLabel"_s)->text();
    QVERIFY2(user.contains(u"Clara Clerk"_s) && user.contains(roleDisplayName(Role::Clerk)), qPrintable(user));
    QVERIFY(window->windowTitle().contains(test::ShopName));
}

void TestMainWindow::usersPageListsUsers()
{
    auto window = openWindow(m_shop->admin);
    QVERIFY(window);
    QTest::keyClick(window.get(), Qt::Key_8, Qt::ControlModifier);
    UsersPage *page = window->usersPage();
    QVERIFY(page->isVisible());
    QTRY_COMPARE(page->model()->rowCount(), 2);
    QTRY_COMPARE(page->countText(), u"2 users"_s);
    QCOMPARE(page->model()->userAt(0).email, test::ClerkEmail);
    QCOMPARE(page->model()->userAt(1).email, test::AdminEmail);
    test::saveScreenshotIfWanted(window.get(), u"mainwindow-users"_s);
}

void TestMainWindow::savedSettingsReachTheStatusBar()
{
    auto window = openWindow(m_shop->admin);
    QVERIFY(window);
    window->showPage(Page::Settings);
    auto *name = window->settingsPage()->findChild<QLineEdit *>(u"shopName"_s);
    QVERIFY(name);
    name->clear();
    QTest::keyClicks(name, u"Corner Shop and Deli"_s);
    QSignalSpy finished(window->settingsPage(), &SettingsPage::operationFinished);
    QTest::mouseClick(window->settingsPage()->findChild<QPushButton *>(u"saveSettingsButton"_s), Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(window->findChild<QLabel *>(u"shopLabel"_s)->text(), u"Corner Shop and Deli"_s);
    QCOMPARE(window->shopSettings().shopName, u"Corner Shop and Deli"_s);
}

void TestMainWindow::locksWhenIdleAndUnlocksWithPassword()
{
    auto window = openWindow(m_shop->admin);
    QVERIFY(window);
    QCOMPARE(window->idleLockTimeout(), std::chrono::milliseconds(5min)); // the shop's default
    window->showPage(Page::Users);
    window->setIdleLockTimeout(100ms);
    QTRY_VERIFY(window->isLocked());
    LockScreen *lock = window->lockScreen();
    QVERIFY(lock->isVisible());
    QVERIFY(!window->usersPage()->isVisible()); // the data is covered
    QVERIFY(!window->showPage(Page::Settings));
    QTest::keyClick(window.get(), Qt::Key_9, Qt::ControlModifier);
    QCOMPARE(window->currentPage(), Page::Users);

    auto *secret = lock->findChild<QLineEdit *>(u"unlockSecret"_s);
    QVERIFY(secret->hasFocus());
    QSignalSpy attempts(lock, &LockScreen::attemptFinished);
    QTest::keyClicks(secret, u"not the password"_s);
    QTest::keyClick(secret, Qt::Key_Return);
    QTRY_COMPARE(attempts.size(), 1);
    QVERIFY(window->isLocked());
    QCOMPARE(lock->message(), u"That is not the password or PIN of this account. Try again."_s);
    test::saveScreenshotIfWanted(window.get(), u"mainwindow-locked-wrong-password"_s);

    window->setIdleLockTimeout(0ms); // do not lock again while the test runs slowly
    QTest::keyClicks(secret, test::AdminPassword);
    QTest::mouseClick(lock->findChild<QPushButton *>(u"unlockButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!window->isLocked());
    QVERIFY(window->usersPage()->isVisible());
    QVERIFY(window->showPage(Page::Settings));
}

void TestMainWindow::clerkUnlocksWithPin()
{
    auto window = openWindow(m_shop->clerk);
    QVERIFY(window);
    window->findChild<QAction *>(u"lockAction"_s)->trigger();
    QVERIFY(window->isLocked());
    auto *secret = window->lockScreen()->findChild<QLineEdit *>(u"unlockSecret"_s);
    QTest::keyClicks(secret, test::ClerkPin);
    QTest::keyClick(secret, Qt::Key_Enter);
    QTRY_VERIFY(!window->isLocked());
}

void TestMainWindow::inputKeepsTheWindowUnlocked()
{
    auto window = openWindow(m_shop->admin);
    QVERIFY(window);
    // Twenty key presses 100 ms apart outlast the 1.5 s timeout.
    window->setIdleLockTimeout(1500ms);
    for (int i = 0; i < 20; ++i) {
        QTest::qWait(100);
        QTest::keyClick(window->sidebar(), Qt::Key_Down);
        QVERIFY(!window->isLocked());
    }
    QTRY_VERIFY(window->isLocked());
}

void TestMainWindow::switchUserIsAsked()
{
    auto window = openWindow(m_shop->admin);
    QVERIFY(window);
    QSignalSpy switchUser(window.get(), &MainWindow::switchUserRequested);
    auto *action = window->findChild<QAction *>(u"switchUserAction"_s);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_L));
    QTest::keyClick(window.get(), Qt::Key_L, Qt::ControlModifier);
    QCOMPARE(switchUser.size(), 1);

    window->lock();
    QTest::mouseClick(window->lockScreen()->findChild<QPushButton *>(u"lockSwitchUserButton"_s), Qt::LeftButton);
    QCOMPARE(switchUser.size(), 2);
}

void TestMainWindow::savesScreenshotsOfEveryPage()
{
    if (screenshotDirFromEnvironment().isEmpty())
        QSKIP("STOREKEEPER_SCREENSHOT_DIR is not set");
    auto window = openWindow(m_shop->admin);
    QVERIFY(window);
    for (Page page : window->pages()) {
        QVERIFY(window->showPage(page));
        if (page == Page::Users)
            QTRY_VERIFY(window->usersPage()->model()->hasLoadedFirstPage());
        test::saveScreenshotIfWanted(window.get(), u"mainwindow-admin-"_s + pageKey(page));
    }
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
