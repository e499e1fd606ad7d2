// storekeeper-test: postgres
#include "TestDatabase.h"
#include "audit/AuditLog.h"
#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "db/Database.h"
#include "shop/SettingsService.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSqlRecord>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

const PasswordHasher fastHasher({10, 8, 1});

template<typename R>
QString why(const R &result)
{
    return result.ok() ? QString() : result.error().message + u" | "_s + result.error().details;
}

bool isSentence(const QString &message)
{
    return message.size() >= 10 && (message.front().isUpper() || message.front() == u'"') && message.endsWith(u'.')
           && !message.contains(u"SQL"_s);
}

// The shop the tests start from, as setUpShop saved it.
ShopSettings initialShop()
{
    ShopSettings shop;
    shop.shopName = u"Corner Store"_s;
    shop.address = u"1 High Street\nSpringfield"_s;
    shop.phone = u"+1 217 555 0100"_s;
    shop.email = u"hello@corner.test"_s;
    shop.currency = u"USD"_s;
    shop.defaultTaxRateBasisPoints = 800;
    shop.idleLockMinutes = 5;
    shop.receiptFooter = u"Thank you!"_s;
    return shop;
}

// Sets one field, named by its settings key, from text.
void setField(ShopSettings &shop, const QString &key, const QString &value)
{
    if (key == u"shop.name"_s)
        shop.shopName = value;
    else if (key == u"shop.address"_s)
        shop.address = value;
    else if (key == u"shop.phone"_s)
        shop.phone = value;
    else if (key == u"shop.email"_s)
        shop.email = value;
    else if (key == u"shop.currency"_s)
        shop.currency = value;
    else if (key == u"tax.default_rate_bp"_s)
        shop.defaultTaxRateBasisPoints = value.toInt();
    else if (key == u"session.idle_lock_minutes"_s)
        shop.idleLockMinutes = value.toInt();
    else if (key == u"receipt.footer"_s)
        shop.receiptFooter = value;
    else
        qFatal("unknown settings key in the test data");
}

} // namespace

class TestSettings : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void setupSavedEveryField();
    void roundTripOfOneField_data();
    void roundTripOfOneField();
    void roundTripOfEveryFieldAtOnce();
    void unchangedSaveWritesNothing();
    void validation_data();
    void validation();
    void onlyAdministratorsSave_data();
    void onlyAdministratorsSave();
    void defaultsBeforeAnythingIsSaved();

private:
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {});
    QString fingerprint();
    struct AuditRow {
        qint64 actorId = 0;
        QString action;
        QString subject;
        QJsonObject details;
    };
    QList<AuditRow> auditAfter(qint64 id);
    qint64 lastAuditId();
    ShopSettings load();
    void verifyAuditChain();

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<SettingsService> m_settings;
    std::unique_ptr<UserService> m_users;
    Session m_admin;
};

void TestSettings::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    m_settings = std::make_unique<SettingsService>(m_db);
    m_users = std::make_unique<UserService>(m_db, fastHasher);
    AuthService auth(m_db, fastHasher);
    NewUser admin{u"boss@shop.test"_s, u"Correct-Horse-42"_s, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    Result<Session> session = Database::wait(auth.setUpShop(initialShop(), admin));
    QVERIFY2(session.ok(), qPrintable(why(session)));
    m_admin = session.value();
}

void TestSettings::cleanup()
{
    m_settings.reset();
    m_users.reset();
    m_db.reset();
    m_testDb.reset();
}

Result<QVariant> TestSettings::scalar(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->read([sql, values](Connection &c) { return c.scalar(sql, values); }));
}

QString TestSettings::fingerprint()
{
    Result<QString> text = Database::wait(m_db->read([](Connection &c) -> Result<QString> {
        QString out;
        for (const QString &sql : {u"SELECT key, value, updated_at FROM settings ORDER BY key"_s,
                                   u"SELECT id, hash FROM audit_log ORDER BY id"_s}) {
            Result<QSqlQuery> rows = c.exec(sql);
            if (!rows)
                return rows.error();
            const int columns = rows.value().record().count();
            while (rows.value().next()) {
                for (int i = 0; i < columns; ++i)
                    out += rows.value().value(i).toString() + u'|';
                out += u'\n';
            }
        }
        return out;
    }));
    return text.ok() ? text.value() : u"error: "_s + why(text);
}

QList<TestSettings::AuditRow> TestSettings::auditAfter(qint64 id)
{
    Result<QList<AuditRow>> rows = Database::wait(m_db->read([id](Connection &c) -> Result<QList<AuditRow>> {
        Result<QSqlQuery> query = c.exec(
            u"SELECT actor_id, action, subject, details FROM audit_log WHERE id > ? ORDER BY id"_s, {id});
        if (!query)
            return query.error();
        QList<AuditRow> out;
        while (query.value().next()) {
            const QSqlQuery &q = query.value();
            out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                        QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object()});
        }
        return out;
    }));
    return rows.ok() ? rows.value() : QList<AuditRow>{};
}

qint64 TestSettings::lastAuditId()
{
    return scalar(u"SELECT COALESCE(MAX(id), 0) FROM audit_log"_s)->toLongLong();
}

ShopSettings TestSettings::load()
{
    Result<ShopSettings> loaded = Database::wait(m_settings->load());
    if (!loaded)
        qWarning() << "load failed:" << why(loaded);
    return loaded.ok() ? loaded.value() : ShopSettings{};
}

void TestSettings::verifyAuditChain()
{
    Result<AuditLog::ChainCheck> chain =
        Database::wait(m_db->read([](Connection &c) { return AuditLog::verify(c); }));
    QVERIFY2(chain.ok(), qPrintable(why(chain)));
    QVERIFY2(chain->intact(), qPrintable(chain->problem));
}

void TestSettings::setupSavedEveryField()
{
    QCOMPARE(load(), initialShop());
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM settings"_s)->toInt(), 8);
    // The first save records every key, as the administrator who set up the shop.
    const QList<AuditRow> audit = auditAfter(0);
    int settingRows = 0;
    for (const AuditRow &row : audit) {
        if (row.action != u"settings.changed"_s)
            continue;
        ++settingRows;
        QCOMPARE(row.actorId, m_admin.userId);
        QVERIFY(row.details.contains(u"from"_s));
        QVERIFY(row.details.contains(u"to"_s));
    }
    QCOMPARE(settingRows, 8);
}

void TestSettings::roundTripOfOneField_data()
{
    // One row per field: each value is saved in turn, loaded back as
    // "stored", and audited from the previous stored value, or not audited
    // at all when it spells the same value again.
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QStringList>("stored");

    QTest::newRow("name") << u"shop.name"_s
                          << QStringList{u"Bäckerei Müller & Söhne"_s, u"  Corner Shop  "_s, u"Corner Shop"_s,
                                         QString(200, u'n')}
                          << QStringList{u"Bäckerei Müller & Söhne"_s, u"Corner Shop"_s, u"Corner Shop"_s,
                                         QString(200, u'n')};
    QTest::newRow("address") << u"shop.address"_s
                             << QStringList{u"2 Low Road\nShelbyville"_s, QString(), u" 5 Main St "_s}
                             << QStringList{u"2 Low Road\nShelbyville"_s, QString(), u"5 Main St"_s};
    QTest::newRow("phone") << u"shop.phone"_s << QStringList{u"+44 (0)20 7946 0000"_s, u""_s, u"555.0100"_s}
                           << QStringList{u"+44 (0)20 7946 0000"_s, u""_s, u"555.0100"_s};
    QTest::newRow("e-mail") << u"shop.email"_s << QStringList{u"shop@example.org"_s, u""_s, u" hi@corner.test "_s}
                            << QStringList{u"shop@example.org"_s, u""_s, u"hi@corner.test"_s};
    QTest::newRow("currency") << u"shop.currency"_s << QStringList{u"EUR"_s, u"eur"_s, u" gbp "_s, u"usd"_s}
                              << QStringList{u"EUR"_s, u"EUR"_s, u"GBP"_s, u"USD"_s};
    QTest::newRow("tax") << u"tax.default_rate_bp"_s << QStringList{u"1950"_s, u"0"_s, u"10000"_s, u"825"_s}
                         << QStringList{u"1950"_s, u"0"_s, u"10000"_s, u"825"_s};
    QTest::newRow("idle lock") << u"session.idle_lock_minutes"_s << QStringList{u"30"_s, u"0"_s, u"1440"_s}
                               << QStringList{u"30"_s, u"0"_s, u"1440"_s};
    QTest::newRow("footer") << u"receipt.footer"_s
                            << QStringList{u"  Merci !\nReturns within 30 days.\n"_s, QString(1000, u'f'), QString()}
                            << QStringList{u"  Merci !\nReturns within 30 days.\n"_s, QString(1000, u'f'), QString()};
}

void TestSettings::roundTripOfOneField()
{
    QFETCH(QString, key);
    QFETCH(QStringList, values);
    QFETCH(QStringList, stored);
    QCOMPARE(values.size(), stored.size());

    Result<std::shared_ptr<Database>> other = Database::open(m_testDb->url());
    QVERIFY2(other.ok(), qPrintable(why(other)));
    SettingsService otherService(other.value());
    ShopSettings current = initialShop();
    QString from;
    {
        const QMap<QString, QString> initialValues{
            {u"shop.name"_s, current.shopName}, {u"shop.address"_s, current.address},
            {u"shop.phone"_s, current.phone}, {u"shop.email"_s, current.email},
            {u"shop.currency"_s, current.currency},
            {u"tax.default_rate_bp"_s, QString::number(current.defaultTaxRateBasisPoints)},
            {u"session.idle_lock_minutes"_s, QString::number(current.idleLockMinutes)},
            {u"receipt.footer"_s, current.receiptFooter}};
        from = initialValues.value(key);
    }
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QString label = u"\"%1\": "_s.arg(values[i].left(40));
        ShopSettings changed = current;
        setField(changed, key, values[i]);
        ShopSettings expected = current;
        setField(expected, key, stored[i]);

        const qint64 before = lastAuditId();
        Status saved = Database::wait(m_settings->save(m_admin, changed));
        QVERIFY2(saved.ok(), qPrintable(label + why(saved)));
        QVERIFY2(load() == expected, qPrintable(label + u"loaded differently"_s));
        // Another handle (another register) reads the same.
        QVERIFY2(Database::wait(otherService.load()).value() == expected,
                 qPrintable(label + u"another handle loads differently"_s));

        const QList<AuditRow> audit = auditAfter(before);
        if (stored[i] == from) {
            QVERIFY2(audit.isEmpty(), qPrintable(label + u"an unchanged value was audited"_s));
        } else {
            QVERIFY2(audit.size() == 1, qPrintable(label + u"%1 audit rows"_s.arg(audit.size())));
            QCOMPARE(audit[0].action, u"settings.changed"_s);
            QCOMPARE(audit[0].subject, u"setting:"_s + key);
            QCOMPARE(audit[0].actorId, m_admin.userId);
            QCOMPARE(audit[0].details.value(u"from"_s).toString(), from);
            QCOMPARE(audit[0].details.value(u"to"_s).toString(), stored[i]);
        }
        current = expected;
        from = stored[i];
    }
    verifyAuditChain();
}

void TestSettings::roundTripOfEveryFieldAtOnce()
{
    ShopSettings next;
    next.shopName = u"Épicerie du Coin"_s;
    next.address = u"3 rue de la Paix\n75002 Paris"_s;
    next.phone = u"+33 1 23 45 67 89"_s;
    next.email = u"bonjour@epicerie.test"_s;
    next.currency = u"EUR"_s;
    next.defaultTaxRateBasisPoints = 2000;
    next.idleLockMinutes = 15;
    next.receiptFooter = u"Merci de votre visite !"_s;
    const qint64 before = lastAuditId();
    Status saved = Database::wait(m_settings->save(m_admin, next));
    QVERIFY2(saved.ok(), qPrintable(why(saved)));
    QCOMPARE(load(), next);

    const QList<AuditRow> audit = auditAfter(before);
    QCOMPARE(audit.size(), 8);
    QStringList keys;
    for (const AuditRow &row : audit) {
        QCOMPARE(row.action, u"settings.changed"_s);
        keys.append(row.subject);
        QVERIFY(row.details.value(u"from"_s).toString() != row.details.value(u"to"_s).toString());
    }
    keys.sort();
    QCOMPARE(keys, (QStringList{u"setting:receipt.footer"_s, u"setting:session.idle_lock_minutes"_s,
                                u"setting:shop.address"_s, u"setting:shop.currency"_s, u"setting:shop.email"_s,
                                u"setting:shop.name"_s, u"setting:shop.phone"_s, u"setting:tax.default_rate_bp"_s}));

    // Two fields at once: exactly those two are audited.
    ShopSettings two = next;
    two.currency = u"CHF"_s;
    two.idleLockMinutes = 0;
    const qint64 middle = lastAuditId();
    QVERIFY(Database::wait(m_settings->save(m_admin, two)).ok());
    const QList<AuditRow> twoRows = auditAfter(middle);
    QCOMPARE(twoRows.size(), 2);
    QStringList twoKeys{twoRows[0].subject, twoRows[1].subject};
    twoKeys.sort();
    QCOMPARE(twoKeys, (QStringList{u"setting:session.idle_lock_minutes"_s, u"setting:shop.currency"_s}));
    verifyAuditChain();
}

void TestSettings::unchangedSaveWritesNothing()
{
    const QString before = fingerprint();
    QVERIFY(Database::wait(m_settings->save(m_admin, initialShop())).ok());
    ShopSettings respelled = initialShop();
    respelled.shopName = u"  Corner Store "_s;
    respelled.currency = u"usd"_s;
    QVERIFY(Database::wait(m_settings->save(m_admin, respelled)).ok());
    QCOMPARE(fingerprint(), before);
}

void TestSettings::validation_data()
{
    // One row per field: every value is refused on its own.
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QString>("saying"); // a word every sentence must contain

    QTest::newRow("name") << u"shop.name"_s << QStringList{u""_s, u"   "_s, QString(201, u'n')} << u"name"_s;
    QTest::newRow("currency") << u"shop.currency"_s
                              << QStringList{u"EURO"_s, u"US"_s, u""_s, u"$"_s, u"U$D"_s, u"EU1"_s, u"E UR"_s,
                                             u"€"_s}
                              << u"currency"_s;
    QTest::newRow("tax") << u"tax.default_rate_bp"_s << QStringList{u"-1"_s, u"10001"_s, u"-800"_s} << u"tax"_s;
    QTest::newRow("idle lock") << u"session.idle_lock_minutes"_s << QStringList{u"-1"_s, u"1441"_s} << u"idle"_s;
    QTest::newRow("footer") << u"receipt.footer"_s << QStringList{QString(1001, u'f')} << u"footer"_s;
    QTest::newRow("e-mail") << u"shop.email"_s
                            << QStringList{u"hello.corner.test"_s, u"hello@corner"_s, u"hello@corner..test"_s}
                            << u"e-mail"_s;
    QTest::newRow("phone") << u"shop.phone"_s << QStringList{u"call us"_s, u"+1 217 555 0100 0100 0100"_s}
                           << u"phone"_s;
}

void TestSettings::validation()
{
    QFETCH(QString, key);
    QFETCH(QStringList, values);
    QFETCH(QString, saying);

    const QString before = fingerprint();
    for (const QString &value : values) {
        const QString label = u"\"%1\": "_s.arg(value.left(40));
        ShopSettings settings = initialShop();
        setField(settings, key, value);
        const Status valid = SettingsService::validate(settings);
        QVERIFY2(!valid.ok(), qPrintable(label + u"validate() accepted it"_s));
        QVERIFY2(valid.error().code == ErrorCode::InvalidInput, qPrintable(label + valid.error().message));
        QVERIFY2(isSentence(valid.error().message), qPrintable(label + valid.error().message));
        QVERIFY2(valid.error().message.contains(saying, Qt::CaseInsensitive),
                 qPrintable(label + valid.error().message));

        Status saved = Database::wait(m_settings->save(m_admin, settings));
        QVERIFY2(!saved.ok(), qPrintable(label + u"saved"_s));
        QCOMPARE(saved.error().code, ErrorCode::InvalidInput);
        QCOMPARE(saved.error().message, valid.error().message);
        // The in-transaction path refuses the same.
        Status direct = Database::wait(m_db->write([settings, admin = m_admin](Connection &c) {
            return SettingsService::saveInTransaction(c, admin, settings);
        }));
        QVERIFY2(!direct.ok(), qPrintable(label + u"saved in a transaction"_s));
        QCOMPARE(direct.error().code, ErrorCode::InvalidInput);
        QVERIFY2(fingerprint() == before, qPrintable(label + u"the database changed"_s));
    }
    QCOMPARE(load(), initialShop());
}

void TestSettings::onlyAdministratorsSave_data()
{
    QTest::addColumn<QString>("role");
    QTest::newRow("vendor") << u"vendor"_s;
    QTest::newRow("clerk") << u"clerk"_s;
    QTest::newRow("customer") << u"customer"_s;
    QTest::newRow("signed out") << u"signed out"_s;
}

void TestSettings::onlyAdministratorsSave()
{
    QFETCH(QString, role);
    Session actor;
    if (const std::optional<Role> parsed = roleFromName(role)) {
        NewUser user{role + u"@shop.test"_s, u"Another-Good-1"_s, u"A"_s, u"B"_s, {}, *parsed, {}, u"Acme"_s};
        Result<User> created = Database::wait(m_users->create(m_admin, user));
        QVERIFY2(created.ok(), qPrintable(why(created)));
        actor.userId = created->id;
        actor.email = created->email;
        actor.role = created->role;
        actor.vendorId = created->vendorId;
    }
    ShopSettings changed = initialShop();
    changed.defaultTaxRateBasisPoints = 0;
    changed.shopName = u"Mine now"_s;
    const QString before = fingerprint();
    Status saved = Database::wait(m_settings->save(actor, changed));
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().code, actor.isValid() ? ErrorCode::PermissionDenied : ErrorCode::Unauthenticated);
    QVERIFY2(isSentence(saved.error().message), qPrintable(saved.error().message));
    // Invalid settings get the same answer: the role is checked first.
    ShopSettings invalid = changed;
    invalid.shopName.clear();
    QCOMPARE(Database::wait(m_settings->save(actor, invalid)).error().code, saved.error().code);
    QCOMPARE(fingerprint(), before);
    // Anyone may read them.
    QCOMPARE(load(), initialShop());
}

void TestSettings::defaultsBeforeAnythingIsSaved()
{
    QVERIFY(Database::wait(m_db->write([](Connection &c) { return c.run(u"DELETE FROM settings"_s); })).ok());
    const ShopSettings defaults = load();
    QCOMPARE(defaults, ShopSettings{});
    QCOMPARE(defaults.currency, u"USD"_s);
    QCOMPARE(defaults.defaultTaxRateBasisPoints, 800);
    QCOMPARE(defaults.idleLockMinutes, 5);

    // The first save afterwards writes and audits every key.
    const qint64 before = lastAuditId();
    QVERIFY(Database::wait(m_settings->save(m_admin, initialShop())).ok());
    QCOMPARE(load(), initialShop());
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM settings"_s)->toInt(), 8);
    QCOMPARE(auditAfter(before).size(), 8);
    verifyAuditChain();
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
