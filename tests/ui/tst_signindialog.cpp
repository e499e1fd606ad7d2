// The sign-in dialog: password and PIN sign-in, the sentences for a wrong
// password and a locked account, keyboard handling and the remembered e-mail.

#include "UiTestShop.h"
#include "auth/SignInDialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestSignInDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void signsInWithPassword();
    void enterSignsIn();
    void escapeQuits();
    void wrongPasswordIsExplained();
    void lockedAccountIsExplained();
    void emptyFieldsAreExplained();
    void signsInWithPin();
    void pinFieldTakesDigitsOnly();
    void remembersTheLastEmail();

private:
    std::unique_ptr<SignInDialog> openDialog();
    bool attempt(SignInDialog &dialog, const QString &email, const QString &secret);

    std::unique_ptr<test::UiTestShop> m_shop;
};

void TestSignInDialog::initTestCase()
{
    test::isolateSettings();
}

void TestSignInDialog::init()
{
    QSettings().clear();
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
}

void TestSignInDialog::cleanup()
{
    m_shop.reset();
}

std::unique_ptr<SignInDialog> TestSignInDialog::openDialog()
{
    auto dialog = std::make_unique<SignInDialog>(m_shop->services.auth);
    dialog->show();
    dialog->activateWindow();
    if (!QTest::qWaitForWindowExposed(dialog.get()))
        return nullptr;
    return dialog;
}

// Types into the fields and presses Sign in; true when an attempt finished.
bool TestSignInDialog::attempt(SignInDialog &dialog, const QString &email, const QString &secret)
{
    auto *emailEdit = dialog.findChild<QLineEdit *>(u"email"_s);
    auto *secretEdit = dialog.findChild<QLineEdit *>(u"secret"_s);
    emailEdit->clear();
    QTest::keyClicks(emailEdit, email);
    secretEdit->clear();
    QTest::keyClicks(secretEdit, secret);
    QSignalSpy finished(&dialog, &SignInDialog::attemptFinished);
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
    return finished.wait(5000);
}

void TestSignInDialog::signsInWithPassword()
{
    auto dialog = openDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->mode(), SignInDialog::Mode::Password);
    QVERIFY(dialog->findChild<QLineEdit *>(u"email"_s)->hasFocus());
    QVERIFY(attempt(*dialog, test::AdminEmail, test::AdminPassword));
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
    QCOMPARE(dialog->session().email, test::AdminEmail);
    QCOMPARE(dialog->session().role, Role::Admin);
}

void TestSignInDialog::enterSignsIn()
{
    auto dialog = openDialog();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"email"_s), test::ClerkEmail);
    QTest::keyClick(dialog->findChild<QLineEdit *>(u"email"_s), Qt::Key_Tab);
    auto *secret = dialog->findChild<QLineEdit *>(u"secret"_s);
    QVERIFY(secret->hasFocus());
    QTest::keyClicks(secret, test::ClerkPassword);
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    QTest::keyClick(secret, Qt::Key_Return);
    QVERIFY(accepted.wait(5000));
    QCOMPARE(dialog->session().role, Role::Clerk);
}

void TestSignInDialog::escapeQuits()
{
    auto dialog = openDialog();
    QVERIFY(dialog);
    QSignalSpy rejected(dialog.get(), &QDialog::rejected);
    QTest::keyClick(dialog->findChild<QLineEdit *>(u"email"_s), Qt::Key_Escape);
    QCOMPARE(rejected.size(), 1);
    QVERIFY(!dialog->isVisible());
}

void TestSignInDialog::wrongPasswordIsExplained()
{
    auto dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY(attempt(*dialog, test::AdminEmail, u"Wrong-password-1"_s));
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->message(), u"The e-mail address or the password is not right. Check both and try again."_s);
    // The password is cleared for the next try, the e-mail kept.
    QCOMPARE(dialog->findChild<QLineEdit *>(u"secret"_s)->text(), QString());
    QVERIFY(dialog->findChild<QLineEdit *>(u"secret"_s)->hasFocus());
    QCOMPARE(dialog->findChild<QLineEdit *>(u"email"_s)->text(), test::AdminEmail);
    test::saveScreenshotIfWanted(dialog.get(), u"signin-wrong-password"_s);

    // An unknown e-mail gets the very same sentence.
    QVERIFY(attempt(*dialog, u"nobody@corner.shop"_s, u"Wrong-password-1"_s));
    QCOMPARE(dialog->message(), u"The e-mail address or the password is not right. Check both and try again."_s);
}

void TestSignInDialog::lockedAccountIsExplained()
{
    auto dialog = openDialog();
    QVERIFY(dialog);
    for (int i = 0; i < AuthService::MaxFailedAttempts; ++i)
        QVERIFY(attempt(*dialog, test::ClerkEmail, u"Wrong-password-1"_s));
    QVERIFY2(dialog->message().contains(u"locked"_s), qPrintable(dialog->message()));
    // Now even the right password is refused, with the same explanation.
    QVERIFY(attempt(*dialog, test::ClerkEmail, test::ClerkPassword));
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->message().contains(u"administrator to unlock"_s), qPrintable(dialog->message()));
    test::saveScreenshotIfWanted(dialog.get(), u"signin-locked"_s);
}

void TestSignInDialog::emptyFieldsAreExplained()
{
    auto dialog = openDialog();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(u"email"_s)->clear();
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
    QVERIFY(dialog->message().contains(u"e-mail"_s));
    QVERIFY(dialog->findChild<QLineEdit *>(u"email"_s)->hasFocus());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"email"_s), test::AdminEmail);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
    QCOMPARE(dialog->message(), u"Enter your password."_s);
    QVERIFY(dialog->isVisible());
}

void TestSignInDialog::signsInWithPin()
{
    auto dialog = openDialog();
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"switchModeButton"_s), Qt::LeftButton);
    QCOMPARE(dialog->mode(), SignInDialog::Mode::Pin);
    auto *secret = dialog->findChild<QLineEdit *>(u"secret"_s);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"email"_s), test::ClerkEmail);
    test::saveScreenshotIfWanted(dialog.get(), u"signin-pin"_s);

    QVERIFY(attempt(*dialog, test::ClerkEmail, u"1357"_s));
    QCOMPARE(dialog->message(), u"The PIN is not right. Try again."_s);
    QVERIFY(attempt(*dialog, test::ClerkEmail, test::ClerkPin));
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
    QCOMPARE(dialog->session().email, test::ClerkEmail);
    QVERIFY(secret);
}

void TestSignInDialog::pinFieldTakesDigitsOnly()
{
    auto dialog = openDialog();
    QVERIFY(dialog);
    dialog->setMode(SignInDialog::Mode::Pin);
    auto *secret = dialog->findChild<QLineEdit *>(u"secret"_s);
    QTest::keyClicks(secret, u"12ab34567890"_s);
    QCOMPARE(secret->text(), u"12345678"_s);
    dialog->setMode(SignInDialog::Mode::Password);
    QTest::keyClicks(secret, u"ab12"_s);
    QCOMPARE(secret->text(), u"ab12"_s);
}

void TestSignInDialog::remembersTheLastEmail()
{
    {
        auto dialog = openDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QLineEdit *>(u"email"_s)->text(), QString());
        QVERIFY(attempt(*dialog, test::ClerkEmail, test::ClerkPassword));
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
    }
    auto dialog = openDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLineEdit *>(u"email"_s)->text(), test::ClerkEmail);
    QVERIFY(dialog->findChild<QLineEdit *>(u"secret"_s)->hasFocus());
    test::saveScreenshotIfWanted(dialog.get(), u"signin"_s);
}

QTEST_MAIN(TestSignInDialog)
#include "tst_signindialog.moc"
