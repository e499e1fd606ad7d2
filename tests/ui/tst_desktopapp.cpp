// runDesktop end to end: first-run setup, sign-in, switching users, the
// unattended screenshot run and the startup benchmark's first paint.

#include "DesktopApp.h"
#include "MainWindow.h"
#include "UiTestShop.h"
#include "auth/SetupDialog.h"
#include "auth/SignInDialog.h"
#include "shop/CurrencyComboBox.h"

#include <QAction>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

// Calls step(window) once a visible top-level widget of type W appears
// (polling, since runDesktop creates its windows itself).
template<typename W>
void whenShown(std::function<void(W *)> step)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, step] {
        const QList<QWidget *> windows = QApplication::topLevelWidgets();
        for (QWidget *window : windows) {
            if (auto *found = qobject_cast<W *>(window); found && found->isVisible()) {
                timer->deleteLater();
                timer->stop();
                step(found);
                return;
            }
        }
    });
    timer->start();
}

// What runDesktop printed on stdout.
class StdoutCapture {
public:
    StdoutCapture()
    {
        m_file.open();
        std::fflush(stdout);
        m_saved = dup(STDOUT_FILENO);
        dup2(m_file.handle(), STDOUT_FILENO);
    }
    QString finish()
    {
        std::fflush(stdout);
        dup2(m_saved, STDOUT_FILENO);
        close(m_saved);
        m_file.seek(0);
        return QString::fromUtf8(m_file.readAll());
    }

private:
    QTemporaryFile m_file;
    int m_saved = -1;
};

} // namespace

class TestDesktopApp : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void setsUpSignsInAndSwitchesUser();
    void quitsWhenSignInIsCancelled();
    void savesScreenshotsOfEveryPage();
    void screenshotRunFailsOnWrongPassword();
    void reportsTheFirstPaint();
};

void TestDesktopApp::initTestCase()
{
    test::isolateSettings();
}

void TestDesktopApp::setsUpSignsInAndSwitchesUser()
{
    test::UiTestShop shop;
    SK_REQUIRE_SHOP(shop, false);
    QStringList steps;

    whenShown<SetupDialog>([&steps](SetupDialog *dialog) {
        steps << u"setup"_s;
        dialog->findChild<QLineEdit *>(u"shopName"_s)->setText(u"Harbour Books"_s);
        dialog->findChild<QLineEdit *>(u"adminFirstName"_s)->setText(u"Hana"_s);
        dialog->findChild<QLineEdit *>(u"adminLastName"_s)->setText(u"Harbour"_s);
        dialog->findChild<QLineEdit *>(u"adminEmail"_s)->setText(u"hana@harbour.books"_s);
        dialog->findChild<QLineEdit *>(u"adminPassword"_s)->setText(u"Lighthouse-keeper-9"_s);
        dialog->findChild<QLineEdit *>(u"adminConfirmPassword"_s)->setText(u"Lighthouse-keeper-9"_s);
        dialog->findChild<QPushButton *>(u"createShopButton"_s)->click();

        whenShown<MainWindow>([&steps](MainWindow *window) {
            steps << u"main:"_s + window->session().email;
            QCOMPARE(window->shopSettings().shopName, u"Harbour Books"_s);
            window->findChild<QAction *>(u"switchUserAction"_s)->trigger();

            whenShown<SignInDialog>([&steps](SignInDialog *signIn) {
                steps << u"sign-in"_s;
                signIn->setEmail(u"hana@harbour.books"_s);
                signIn->setSecret(u"Lighthouse-keeper-9"_s);
                signIn->signIn();

                whenShown<MainWindow>([&steps](MainWindow *again) {
                    steps << u"main again"_s;
                    again->close(); // closing the main window ends the application
                });
            });
        });
    });

    const int exitCode = runDesktop(*qApp, shop.services, DesktopOptions());
    QCOMPARE(exitCode, 0);
    QCOMPARE(steps, (QStringList{u"setup"_s, u"main:hana@harbour.books"_s, u"sign-in"_s, u"main again"_s}));
}

void TestDesktopApp::quitsWhenSignInIsCancelled()
{
    test::UiTestShop shop;
    SK_REQUIRE_SHOP(shop, true);
    bool shown = false;
    whenShown<SignInDialog>([&shown](SignInDialog *dialog) {
        shown = true;
        QTest::keyClick(dialog, Qt::Key_Escape);
    });
    QCOMPARE(runDesktop(*qApp, shop.services, DesktopOptions()), 0);
    QVERIFY(shown);
}

void TestDesktopApp::savesScreenshotsOfEveryPage()
{
    test::UiTestShop shop;
    SK_REQUIRE_SHOP(shop, true);
    QTemporaryDir temporary;
    const QString wanted = screenshotDirFromEnvironment();
    const QString dir = wanted.isEmpty() ? temporary.path() : QDir(wanted).filePath(u"desktop"_s);

    DesktopOptions options;
    options.screenshotDir = dir;
    options.signInEmail = test::AdminEmail;
    options.signInPassword = test::AdminPassword;
    StdoutCapture output;
    const int exitCode = runDesktop(*qApp, shop.services, options);
    const QString printed = output.finish();
    QCOMPARE(exitCode, 0);

    QStringList expected{u"signin.png"_s};
    for (Page page : allPages())
        expected << u"main-%1.png"_s.arg(pageKey(page));
    expected << u"main-locked.png"_s;
    for (const QString &name : std::as_const(expected)) {
        const QString path = QDir(dir).absoluteFilePath(name);
        QVERIFY2(QFileInfo(path).size() > 1000, qPrintable(path));
        QVERIFY2(printed.contains(path + u'\n'), qPrintable(printed));
    }
}

void TestDesktopApp::screenshotRunFailsOnWrongPassword()
{
    test::UiTestShop shop;
    SK_REQUIRE_SHOP(shop, true);
    QTemporaryDir dir;
    DesktopOptions options;
    options.screenshotDir = dir.path();
    options.signInEmail = test::AdminEmail;
    options.signInPassword = u"Not-the-password-1"_s;
    StdoutCapture output;
    const int exitCode = runDesktop(*qApp, shop.services, options);
    output.finish();
    QCOMPARE(exitCode, 1);
    QVERIFY(QFileInfo::exists(dir.filePath(u"signin.png"_s)));
    QVERIFY(!QFileInfo::exists(dir.filePath(u"main-register.png"_s)));
}

void TestDesktopApp::reportsTheFirstPaint()
{
    test::UiTestShop shop;
    SK_REQUIRE_SHOP(shop, true);
    DesktopOptions options;
    options.exitAfterFirstPaint = true;
    options.signInEmail = test::ClerkEmail;
    options.signInPassword = test::ClerkPassword;
    options.processStartMsecsSinceEpoch = QDateTime::currentMSecsSinceEpoch();
    StdoutCapture output;
    const int exitCode = runDesktop(*qApp, shop.services, options);
    const QString printed = output.finish();
    QCOMPARE(exitCode, 0);
    static const QRegularExpression line(u"^first-paint-ms (\\d+)$"_s, QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = line.match(printed);
    QVERIFY2(match.hasMatch(), qPrintable(printed));
    QVERIFY(match.captured(1).toLongLong() >= 0);

    // Without a start time from main(), /proc tells when the process started.
    options.processStartMsecsSinceEpoch = 0;
    StdoutCapture again;
    QCOMPARE(runDesktop(*qApp, shop.services, options), 0);
    const QRegularExpressionMatch fromProc = line.match(again.finish());
    QVERIFY(fromProc.hasMatch());
    QVERIFY(fromProc.captured(1).toLongLong() > 0);
}

QTEST_MAIN(TestDesktopApp)
#include "tst_desktopapp.moc"
