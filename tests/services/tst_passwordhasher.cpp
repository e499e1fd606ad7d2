#include "auth/PasswordHasher.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

#include <crypt.h>

#include <memory>

using namespace Qt::StringLiterals;
using sk::PasswordHasher;

namespace {

// Cheap enough for tables of cases; the default (OWASP) cost is exercised
// separately, once.
const PasswordHasher::ScryptParameters kCheapParameters{10, 8, 1};

// A syntactically valid scrypt string with the given settings and a made-up
// key: enough for needsRehash(), which never derives anything.
QString craftedScrypt(const QString &settings)
{
    const QString salt = QString::fromLatin1(
        QByteArray(16, 'S').toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
    const QString key = QString::fromLatin1(
        QByteArray(32, 'K').toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
    return u"$scrypt$"_s + settings + u'$' + salt + u'$' + key;
}

// Flips the lowest bit of the last base64 character: for a 32-byte key that
// bit is padding, so the decoded bytes stay the same and only a strict
// (canonical) decoder notices.
QString withNonCanonicalLastCharacter(const QString &encoded)
{
    static const QString alphabet =
        u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"_s;
    QString changed = encoded;
    const qsizetype index = alphabet.indexOf(changed.back());
    changed.back() = alphabet.at(index ^ 1);
    return changed;
}

QString bcryptWithLibxcrypt(const QByteArray &prefix, const QString &password)
{
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn(prefix.constData(), 4, nullptr, 0, setting, int(sizeof setting)))
        return {};
    const auto data = std::make_unique<crypt_data>();
    const char *output = crypt_rn(password.toUtf8().constData(), setting, data.get(),
                                  int(sizeof(crypt_data)));
    return output ? QString::fromLatin1(output) : QString();
}

} // namespace

class TestPasswordHasher : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void wrongPassword_data();
    void wrongPassword();
    void defaultParametersHashAndVerify();
    void equivalentUnicodeSpellingsVerify();
    void saltsAreUnique();
    void oldParametersStillVerify();
    void pinRoundTrip();
    void malformedEncodingsAreRejected_data();
    void malformedEncodingsAreRejected();
    void unacceptableParametersRefuseToHash_data();
    void unacceptableParametersRefuseToHash();
    void bcryptVectors_data();
    void bcryptVectors();
    void bcryptGeneratedByLibxcrypt_data();
    void bcryptGeneratedByLibxcrypt();
    void needsRehash_data();
    void needsRehash();
    void cheapHashNeedsRehashOnDefaultHasher();

private:
    PasswordHasher m_cheap{kCheapParameters};
};

void TestPasswordHasher::roundTrip_data()
{
    QTest::addColumn<QString>("password");

    QTest::newRow("ascii") << u"correct horse battery staple"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("german") << u"Grüße-Käse-123"_s;
    QTest::newRow("cyrillic") << u"пароль-для-кассы"_s;
    QTest::newRow("emoji (surrogate pairs)") << u"🔑🛒 till 7"_s;
    QTest::newRow("embedded NUL") << u"before\0!after"_s;
    QTest::newRow("128 characters") << QString(128, u'x');
}

void TestPasswordHasher::roundTrip()
{
    QFETCH(QString, password);

    const auto encoded = m_cheap.hash(password);
    QVERIFY2(encoded.ok(), qPrintable(encoded.ok() ? QString() : encoded.error().details));
    static const QRegularExpression format(
        u"^\\$scrypt\\$ln=10,r=8,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$"_s);
    QVERIFY2(format.match(*encoded).hasMatch(), qPrintable(*encoded));
    QVERIFY(m_cheap.verify(password, *encoded));
    QVERIFY(!m_cheap.needsRehash(*encoded));
}

void TestPasswordHasher::wrongPassword_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<QString>("attempt");

    QTest::newRow("different") << u"correct horse battery staple"_s << u"Tr0ub4dor&3"_s;
    QTest::newRow("case") << u"Storekeeper-Till"_s << u"storekeeper-till"_s;
    QTest::newRow("trailing space") << u"opening-hours"_s << u"opening-hours "_s;
    QTest::newRow("prefix") << u"opening-hours"_s << u"opening-hour"_s;
    QTest::newRow("empty attempt") << u"opening-hours"_s << QString();
    QTest::newRow("umlauts dropped") << u"Grüße-Käse-123"_s << u"Grusse-Kase-123"_s;
    QTest::newRow("after NUL matters") << u"before\0!after"_s << u"before"_s;
}

void TestPasswordHasher::wrongPassword()
{
    QFETCH(QString, stored);
    QFETCH(QString, attempt);

    const auto encoded = m_cheap.hash(stored);
    QVERIFY(encoded.ok());
    QVERIFY(!m_cheap.verify(attempt, *encoded));
}

void TestPasswordHasher::defaultParametersHashAndVerify()
{
    const PasswordHasher hasher;
    QCOMPARE(hasher.parameters(), (PasswordHasher::ScryptParameters{17, 8, 1}));

    QElapsedTimer timer;
    timer.start();
    const auto encoded = hasher.hash(u"Grüße-Käse-123"_s);
    const qint64 hashMs = timer.elapsed();
    QVERIFY2(encoded.ok(), qPrintable(encoded.ok() ? QString() : encoded.error().details));
    QVERIFY2(encoded->startsWith(u"$scrypt$ln=17,r=8,p=1$"_s), qPrintable(*encoded));

    timer.restart();
    QVERIFY(hasher.verify(u"Grüße-Käse-123"_s, *encoded));
    const qint64 verifyMs = timer.elapsed();
    QVERIFY(!hasher.verify(u"Grüße-Käse-124"_s, *encoded));
    QVERIFY(!hasher.needsRehash(*encoded));
    qInfo("default scrypt (ln=17, r=8, p=1): hash %lld ms, verify %lld ms", hashMs, verifyMs);
}

void TestPasswordHasher::equivalentUnicodeSpellingsVerify()
{
    const QString composed = u"K\u00e4se-Gr\u00fc\u00dfe"_s;
    const QString decomposed = u"Ka\u0308se-Gru\u0308\u00dfe"_s;
    QVERIFY(composed != decomposed);

    const auto encoded = m_cheap.hash(decomposed);
    QVERIFY(encoded.ok());
    QVERIFY(m_cheap.verify(composed, *encoded));
    QVERIFY(m_cheap.verify(decomposed, *encoded));
}

void TestPasswordHasher::saltsAreUnique()
{
    const auto first = m_cheap.hash(u"same password twice"_s);
    const auto second = m_cheap.hash(u"same password twice"_s);
    QVERIFY(first.ok() && second.ok());
    QVERIFY(*first != *second);
    QVERIFY(first->split(u'$').at(3) != second->split(u'$').at(3));
    QVERIFY(m_cheap.verify(u"same password twice"_s, *first));
    QVERIFY(m_cheap.verify(u"same password twice"_s, *second));
}

void TestPasswordHasher::oldParametersStillVerify()
{
    const PasswordHasher older{{10, 8, 2}};
    const auto encoded = older.hash(u"kept from last year"_s);
    QVERIFY(encoded.ok());
    QVERIFY(encoded->startsWith(u"$scrypt$ln=10,r=8,p=2$"_s));

    const PasswordHasher raised{{11, 8, 1}};
    QVERIFY(raised.verify(u"kept from last year"_s, *encoded));
    QVERIFY(!raised.verify(u"kept from last yeah"_s, *encoded));
    QVERIFY(raised.needsRehash(*encoded));
}

void TestPasswordHasher::pinRoundTrip()
{
    const auto encoded = m_cheap.hashPin(u"2580"_s);
    QVERIFY(encoded.ok());
    QVERIFY(encoded->startsWith(u"$scrypt$"_s));
    QVERIFY(m_cheap.verifyPin(u"2580"_s, *encoded));
    QVERIFY(!m_cheap.verifyPin(u"2581"_s, *encoded));
    QVERIFY(!m_cheap.verifyPin(u"02580"_s, *encoded));
}

void TestPasswordHasher::malformedEncodingsAreRejected_data()
{
    QTest::addColumn<QString>("encoded");

    const QString password = u"correct horse battery staple"_s;
    const QString valid = *m_cheap.hash(password);
    QVERIFY(m_cheap.verify(password, valid));
    const QStringList fields = valid.split(u'$'); // "", scrypt, settings, salt, key
    const auto assemble = [&fields](const QString &settings, const QString &salt, const QString &key) {
        return u"$scrypt$"_s + settings + u'$' + salt + u'$' + key;
    };
    const QString settings = fields.at(2);
    const QString salt = fields.at(3);
    const QString key = fields.at(4);

    QTest::newRow("empty") << QString();
    QTest::newRow("plain text") << password;
    QTest::newRow("prefix only") << u"$scrypt$"_s;
    QTest::newRow("settings only") << u"$scrypt$"_s + settings;
    QTest::newRow("no key") << u"$scrypt$"_s + settings + u'$' + salt;
    QTest::newRow("empty key") << u"$scrypt$"_s + settings + u'$' + salt + u'$';
    QTest::newRow("extra field") << valid + u"$AAAA"_s;
    QTest::newRow("upper-case name") << u"$SCRYPT$"_s + valid.mid(8);
    QTest::newRow("leading space") << u' ' + valid;
    QTest::newRow("trailing newline") << valid + u'\n';

    QTest::newRow("bad base64 in key") << assemble(settings, salt, key.left(20) + u'!' + key.mid(21));
    QTest::newRow("bad base64 in salt") << assemble(settings, u'*' + salt.mid(1), key);
    QTest::newRow("url-safe base64") << assemble(settings, salt, key.left(10) + u'-' + key.mid(11));
    QTest::newRow("padded key") << assemble(settings, salt, key + u'=');
    QTest::newRow("non-canonical key") << assemble(settings, salt, withNonCanonicalLastCharacter(key));
    QTest::newRow("truncated key by 1") << valid.chopped(1);
    QTest::newRow("truncated key by 4") << valid.chopped(4);
    QTest::newRow("truncated key to 16 bytes") << assemble(settings, salt, key.left(22));
    QTest::newRow("key too long") << assemble(settings, salt, key.left(42) + u"AAAAAAAAAAAAAAAAAAAAAA"_s);
    QTest::newRow("salt of 8 bytes") << assemble(settings, u"AAAAAAAAAAA"_s, key);

    QTest::newRow("ln=99") << assemble(u"ln=99,r=8,p=1"_s, salt, key);
    QTest::newRow("ln=23") << assemble(u"ln=23,r=8,p=1"_s, salt, key);
    QTest::newRow("ln=0") << assemble(u"ln=0,r=8,p=1"_s, salt, key);
    QTest::newRow("ln=22 needs 4 GiB") << assemble(u"ln=22,r=8,p=1"_s, salt, key);
    QTest::newRow("r=0") << assemble(u"ln=10,r=0,p=1"_s, salt, key);
    QTest::newRow("p=0") << assemble(u"ln=10,r=8,p=0"_s, salt, key);
    QTest::newRow("r=1000") << assemble(u"ln=10,r=1000,p=1"_s, salt, key);
    QTest::newRow("p=9999") << assemble(u"ln=10,r=8,p=9999"_s, salt, key);
    QTest::newRow("r*p too much work") << assemble(u"ln=17,r=32,p=16"_s, salt, key);
    QTest::newRow("huge number") << assemble(u"ln=10,r=8,p=99999999999999999999"_s, salt, key);
    QTest::newRow("negative") << assemble(u"ln=-10,r=8,p=1"_s, salt, key);
    QTest::newRow("plus sign") << assemble(u"ln=+10,r=8,p=1"_s, salt, key);
    QTest::newRow("leading zero") << assemble(u"ln=010,r=8,p=1"_s, salt, key);
    QTest::newRow("reordered") << assemble(u"r=8,ln=10,p=1"_s, salt, key);
    QTest::newRow("missing p") << assemble(u"ln=10,r=8"_s, salt, key);
    QTest::newRow("extra setting") << assemble(u"ln=10,r=8,p=1,v=1"_s, salt, key);
    QTest::newRow("spaces in settings") << assemble(u"ln=10, r=8, p=1"_s, salt, key);
    QTest::newRow("non-ASCII digit") << assemble(u"ln=\u0661\u0660,r=8,p=1"_s, salt, key);

    QTest::newRow("bcrypt: unknown variant $2x$")
        << u"$2x$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm"_s;
    QTest::newRow("bcrypt: cost 03") << u"$2b$03$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm"_s;
    QTest::newRow("bcrypt: cost 31") << u"$2b$31$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm"_s;
    QTest::newRow("bcrypt: truncated") << u"$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YE"_s;
    QTest::newRow("bcrypt: setting only") << u"$2b$04$cVWp4XaNU8a4v1uMRum2SO"_s;
    QTest::newRow("bcrypt: bad character") << u"$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YE!"_s;
    QTest::newRow("other crypt: sha512") << u"$6$saltsalt$abcdefghijklmnopqrstuvwxyz"_s;
}

void TestPasswordHasher::malformedEncodingsAreRejected()
{
    QFETCH(QString, encoded);

    QVERIFY(!m_cheap.verify(u"correct horse battery staple"_s, encoded));
    QVERIFY(!m_cheap.verify(u"Kk4DQuMMfZL9o"_s, encoded));
    QVERIFY(!m_cheap.verify(QString(), encoded));
    QVERIFY(m_cheap.needsRehash(encoded));
}

void TestPasswordHasher::unacceptableParametersRefuseToHash_data()
{
    QTest::addColumn<int>("logN");
    QTest::addColumn<int>("r");
    QTest::addColumn<int>("p");

    QTest::newRow("ln=0") << 0 << 8 << 1;
    QTest::newRow("ln=23") << 23 << 8 << 1;
    QTest::newRow("r=0") << 10 << 0 << 1;
    QTest::newRow("p=0") << 10 << 8 << 0;
    QTest::newRow("negative r") << 10 << -8 << 1;
    QTest::newRow("r=33") << 10 << 33 << 1;
    QTest::newRow("p=17") << 10 << 8 << 17;
    QTest::newRow("N too large for r=1 (RFC 7914)") << 16 << 1 << 1;
    QTest::newRow("over 1 GiB") << 21 << 8 << 1;
    QTest::newRow("over the work bound") << 17 << 32 << 16;
}

void TestPasswordHasher::unacceptableParametersRefuseToHash()
{
    QFETCH(int, logN);
    QFETCH(int, r);
    QFETCH(int, p);

    const PasswordHasher::ScryptParameters parameters{logN, r, p};
    QVERIFY(!PasswordHasher::parametersAreAcceptable(parameters));
    const auto encoded = PasswordHasher(parameters).hash(u"whatever it is"_s);
    QVERIFY(!encoded.ok());
    QCOMPARE(encoded.error().code, sk::ErrorCode::Internal);
    QVERIFY(!encoded.error().message.isEmpty());
}

void TestPasswordHasher::bcryptVectors_data()
{
    QTest::addColumn<QString>("encoded");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("matches");

    // Published vectors: pyca/bcrypt's test suite and Openwall crypt_blowfish.
    const QString pyca = u"$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm"_s;
    const QString openwall = u"$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"_s;
    // Made once with libxcrypt's crypt_rn (crypt_gensalt_rn, cost 4) and pasted here.
    const QString password2b = u"$2b$04$3ULgwaVdRfi3HWgfs94LtevC6b2earwb4LffDLT1IyFBZBZClL0S2"_s;
    const QString umlauts2a = u"$2a$04$TAXBKFIjRrxsi3anbCQ4QuZHfoWar73K/vFvEXfo2S0B9Go/PW/kq"_s;
    const QString staple2y = u"$2y$04$4KLtwCiOynETABx3amdWAuY.kxxvxGtl/hBhxv9efW4l8pLtxGO2G"_s;

    QTest::newRow("pyca $2b$") << pyca << u"Kk4DQuMMfZL9o"_s << true;
    QTest::newRow("pyca $2b$ wrong") << pyca << u"Kk4DQuMMfZL9O"_s << false;
    QTest::newRow("openwall $2a$") << openwall << u"U*U"_s << true;
    QTest::newRow("openwall $2a$ wrong") << openwall << u"U*V"_s << false;
    QTest::newRow("password $2b$") << password2b << u"password"_s << true;
    QTest::newRow("password $2b$ wrong case") << password2b << u"Password"_s << false;
    QTest::newRow("password $2b$ empty") << password2b << QString() << false;
    QTest::newRow("password $2b$ NUL suffix") << password2b << u"password\0!extra"_s << false;
    QTest::newRow("umlauts $2a$") << umlauts2a << u"Grüße-Käse-123"_s << true;
    QTest::newRow("umlauts $2a$ wrong") << umlauts2a << u"Grusse-Kase-123"_s << false;
    QTest::newRow("staple $2y$") << staple2y << u"correct horse battery staple"_s << true;
    QTest::newRow("staple $2y$ wrong") << staple2y << u"correct horse battery stapler"_s << false;
}

void TestPasswordHasher::bcryptVectors()
{
    QFETCH(QString, encoded);
    QFETCH(QString, password);
    QFETCH(bool, matches);

    const PasswordHasher hasher;
    QCOMPARE(hasher.verify(password, encoded), matches);
    QVERIFY(hasher.needsRehash(encoded));
}

void TestPasswordHasher::bcryptGeneratedByLibxcrypt_data()
{
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<QString>("password");

    QTest::newRow("$2b$ ascii") << QByteArray("$2b$") << u"till number 4"_s;
    QTest::newRow("$2b$ umlauts") << QByteArray("$2b$") << u"Grüße-Käse-123"_s;
    QTest::newRow("$2a$") << QByteArray("$2a$") << u"old shop password"_s;
    QTest::newRow("$2y$") << QByteArray("$2y$") << u"php-era password"_s;
}

void TestPasswordHasher::bcryptGeneratedByLibxcrypt()
{
    QFETCH(QByteArray, prefix);
    QFETCH(QString, password);

    const QString encoded = bcryptWithLibxcrypt(prefix, password);
    QVERIFY2(encoded.startsWith(QString::fromLatin1(prefix) + u"04$"_s), qPrintable(encoded));
    QCOMPARE(encoded.size(), 60);

    QVERIFY(m_cheap.verify(password, encoded));
    QVERIFY(!m_cheap.verify(password + u'!', encoded));
    QVERIFY(!m_cheap.verify(password.toUpper(), encoded));
    QVERIFY(m_cheap.needsRehash(encoded));
}

void TestPasswordHasher::needsRehash_data()
{
    QTest::addColumn<QString>("encoded");
    QTest::addColumn<bool>("expected");

    QTest::newRow("same as default") << craftedScrypt(u"ln=17,r=8,p=1"_s) << false;
    QTest::newRow("higher ln") << craftedScrypt(u"ln=18,r=8,p=1"_s) << false;
    QTest::newRow("higher p") << craftedScrypt(u"ln=17,r=8,p=2"_s) << false;
    QTest::newRow("higher r") << craftedScrypt(u"ln=17,r=16,p=1"_s) << false;
    QTest::newRow("lower ln") << craftedScrypt(u"ln=16,r=8,p=1"_s) << true;
    QTest::newRow("lower r") << craftedScrypt(u"ln=17,r=4,p=1"_s) << true;
    QTest::newRow("higher ln, lower r") << craftedScrypt(u"ln=18,r=4,p=1"_s) << true;
    QTest::newRow("bcrypt $2b$") << u"$2b$12$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm"_s << true;
    QTest::newRow("bcrypt $2a$") << u"$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"_s << true;
    QTest::newRow("malformed") << u"$scrypt$ln=17,r=8,p=1$"_s << true;
    QTest::newRow("absurd ln") << craftedScrypt(u"ln=99,r=8,p=1"_s) << true;
    QTest::newRow("empty") << QString() << true;
}

void TestPasswordHasher::needsRehash()
{
    QFETCH(QString, encoded);
    QFETCH(bool, expected);

    QCOMPARE(PasswordHasher().needsRehash(encoded), expected);
}

void TestPasswordHasher::cheapHashNeedsRehashOnDefaultHasher()
{
    const auto encoded = m_cheap.hash(u"made on a slow test run"_s);
    QVERIFY(encoded.ok());
    QVERIFY(encoded->startsWith(u"$scrypt$ln=10,r=8,p=1$"_s));
    QVERIFY(!m_cheap.needsRehash(*encoded));

    const PasswordHasher defaultHasher;
    QVERIFY(defaultHasher.needsRehash(*encoded));
    // Still accepted, so the login that triggers the rehash can succeed.
    QVERIFY(defaultHasher.verify(u"made on a slow test run"_s, *encoded));
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
