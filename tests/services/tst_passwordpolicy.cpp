#include "auth/PasswordPolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;
using sk::PasswordPolicy;

class TestPasswordPolicy : public QObject {
    Q_OBJECT

private slots:
    void checkPassword_data();
    void checkPassword();
    void checkPin_data();
    void checkPin();
};

// "refusal" is a fragment of the expected message, so each row proves which
// rule fired, not merely that something did; empty means accepted.
void TestPasswordPolicy::checkPassword_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("refusal");

    const QString tooShort = u"at least 10 characters"_s;
    const QString tooLong = u"at most 128 characters"_s;
    const QString spaces = u"not only spaces"_s;
    const QString common = u"most common"_s;
    const QString email = u"e-mail"_s;

    QTest::newRow("good passphrase") << u"correct horse battery staple"_s << QString() << QString();
    QTest::newRow("exactly 10") << u"tulip-7-Oak"_s.left(10) << QString() << QString();
    QTest::newRow("exactly 128") << QString(128, u'k') << QString() << QString();
    QTest::newRow("umlauts") << u"Grüße-Käse-123"_s << QString() << QString();
    QTest::newRow("spaces inside are fine") << u"  paper  till  roll  "_s << QString() << QString();
    QTest::newRow("10 code points, 15 UTF-16 units") << u"🍎🍐🍊🍋🍌abcde"_s << QString() << QString();

    QTest::newRow("empty") << QString() << QString() << tooShort;
    QTest::newRow("9 characters") << u"tulip-7-O"_s << QString() << tooShort;
    QTest::newRow("9 code points, 18 UTF-16 units") << u"🍎🍐🍊🍋🍌🍉🍇🍓🍒"_s << QString() << tooShort;
    QTest::newRow("9 characters once composed") << u"Ka\u0308sebrot1"_s << QString() << tooShort;
    QTest::newRow("129 characters") << QString(129, u'k') << QString() << tooLong;

    QTest::newRow("one space") << u" "_s << QString() << spaces;
    QTest::newRow("twelve spaces") << QString(12, u' ') << QString() << spaces;
    QTest::newRow("tabs and newlines") << u"\t\t\n\n\t\t\n\n\t\t\r\n"_s << QString() << spaces;
    QTest::newRow("no-break spaces") << QString(12, QChar(0x00a0)) << QString() << spaces;

    QTest::newRow("password123") << u"password123"_s << QString() << common;
    QTest::newRow("PASSWORD123") << u"PASSWORD123"_s << QString() << common;
    QTest::newRow("qwertyuiop") << u"QwertyUiop"_s << QString() << common;
    QTest::newRow("1234567890") << u"1234567890"_s << QString() << common;
    QTest::newRow("common with surrounding spaces") << u"  1q2w3e4r5t  "_s << QString() << common;
    QTest::newRow("program name") << u"Storekeeper"_s << QString() << common;
    QTest::newRow("common plus more is allowed") << u"password123 on the back door"_s << QString() << QString();

    QTest::newRow("equals local part")
        << u"anna.schmidt"_s << u"anna.schmidt@example.com"_s << email;
    QTest::newRow("equals local part, other case")
        << u"ANNA.Schmidt"_s << u"anna.schmidt@example.com"_s << email;
    QTest::newRow("contains local part")
        << u"2024-Anna.Schmidt!"_s << u"anna.schmidt@example.com"_s << email;
    QTest::newRow("contains local part, email with spaces")
        << u"my name is annaschmidt ok"_s << u"  AnnaSchmidt@example.com "_s << email;
    QTest::newRow("contains umlaut local part")
        << u"JÜRGEN-kasse-1"_s << u"jürgen@example.de"_s << email;
    QTest::newRow("e-mail without @ treated as a name")
        << u"frontdesk-till-3"_s << u"frontdesk"_s << email;
    QTest::newRow("different local part")
        << u"correct horse battery staple"_s << u"anna.schmidt@example.com"_s << QString();
    QTest::newRow("contains domain only")
        << u"example.com rocks 42"_s << u"anna.schmidt@example.com"_s << QString();
    QTest::newRow("short local part may appear inside")
        << u"jolly good fellow 9"_s << u"jo@example.com"_s << QString();
    QTest::newRow("empty local part")
        << u"correct horse battery staple"_s << u"@example.com"_s << QString();
}

void TestPasswordPolicy::checkPassword()
{
    QFETCH(QString, password);
    QFETCH(QString, email);
    QFETCH(QString, refusal);

    const sk::Status status = PasswordPolicy().checkPassword(password, email);
    if (refusal.isEmpty()) {
        QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().message));
        return;
    }
    QVERIFY(!status.ok());
    QCOMPARE(status.error().code, sk::ErrorCode::InvalidInput);
    QVERIFY2(status.error().message.contains(refusal), qPrintable(status.error().message));
    QVERIFY(status.error().message.endsWith(u'.'));
}

void TestPasswordPolicy::checkPin_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<QString>("refusal");

    const QString notDigits = u"only the digits 0 to 9"_s;
    const QString length = u"4 to 8 digits"_s;
    const QString repeated = u"repeat one digit"_s;
    const QString run = u"count up or down"_s;

    QTest::newRow("2580") << u"2580"_s << QString();
    QTest::newRow("1357") << u"1357"_s << QString();
    QTest::newRow("1122") << u"1122"_s << QString();
    QTest::newRow("1235") << u"1235"_s << QString();
    QTest::newRow("86420") << u"86420"_s << QString();
    QTest::newRow("eight digits") << u"31415926"_s << QString();
    QTest::newRow("leading zero") << u"0815"_s << QString();

    QTest::newRow("empty") << QString() << length;
    QTest::newRow("three digits") << u"135"_s << length;
    QTest::newRow("nine digits") << u"314159265"_s << length;

    QTest::newRow("letter") << u"12a4"_s << notDigits;
    QTest::newRow("space") << u" 1357"_s << notDigits;
    QTest::newRow("sign") << u"-1357"_s << notDigits;
    QTest::newRow("Arabic-Indic digits") << u"\u0661\u0663\u0665\u0667"_s << notDigits;
    QTest::newRow("full-width digits") << u"\uff11\uff13\uff15\uff17"_s << notDigits;

    QTest::newRow("0000") << u"0000"_s << repeated;
    QTest::newRow("99999999") << u"99999999"_s << repeated;
    QTest::newRow("77777") << u"77777"_s << repeated;

    QTest::newRow("1234") << u"1234"_s << run;
    QTest::newRow("4321") << u"4321"_s << run;
    QTest::newRow("12345678") << u"12345678"_s << run;
    QTest::newRow("87654321") << u"87654321"_s << run;
    QTest::newRow("7890") << u"7890"_s << run;
    QTest::newRow("0987") << u"0987"_s << run;
    QTest::newRow("3456") << u"3456"_s << run;
}

void TestPasswordPolicy::checkPin()
{
    QFETCH(QString, pin);
    QFETCH(QString, refusal);

    const sk::Status status = PasswordPolicy().checkPin(pin);
    if (refusal.isEmpty()) {
        QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().message));
        return;
    }
    QVERIFY(!status.ok());
    QCOMPARE(status.error().code, sk::ErrorCode::InvalidInput);
    QVERIFY2(status.error().message.contains(refusal), qPrintable(status.error().message));
    QVERIFY(status.error().message.endsWith(u'.'));
}

QTEST_GUILESS_MAIN(TestPasswordPolicy)
#include "tst_passwordpolicy.moc"
