// storekeeper-test: postgres
#include "TestDatabase.h"
#include "audit/AuditLog.h"
#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "catalog/Barcode.h"
#include "db/Database.h"
#include "maintenance/DemoShop.h"
#include "maintenance/IntegrityCheck.h"
#include "shop/SettingsService.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QSet>
#include <QSqlRecord>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

const PasswordHasher fastHasher({10, 8, 1});

// The demo's staff, as DemoShop.h documents them plus the second clerk and vendors.
struct DemoStaff {
    QString email;
    Role role;
    bool hasPin;
};
const QList<DemoStaff> demoStaff{
    {QString::fromLatin1(DemoShop::AdminEmail), Role::Admin, false},
    {QString::fromLatin1(DemoShop::ClerkEmail), Role::Clerk, true},
    {u"clerk2@demo.shop"_s, Role::Clerk, true},
    {QString::fromLatin1(DemoShop::VendorEmail), Role::Vendor, false},
    {u"vendor2@demo.shop"_s, Role::Vendor, false},
    {u"vendor3@demo.shop"_s, Role::Vendor, false},
};
constexpr int demoCustomers = 30;

template<typename R>
QString why(const R &result)
{
    return result.ok() ? QString() : result.error().message + u" | "_s + result.error().details;
}

DemoShop::Options quickOptions()
{
    DemoShop::Options options;
    options.products = 20;
    // The history has its own test (tst_demohistory).
    options.historyDays = 0;
    return options;
}

} // namespace

class TestDemoShop : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void fillsAnEmptyDatabase();
    void secondFillIsRefused();
    void forcedFillAddsNoDuplicates();
    void forcedFillRestoresMissingAccounts();
    void forcedFillBesideAnotherShop();
    void cancelledFillWritesNothing_data();
    void cancelledFillWritesNothing();
    void catalog();
    void forcedFillAddsNoSecondCatalog();
    void stock();

private:
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {});
    qint64 count(const QString &table) { return scalar(u"SELECT COUNT(*) FROM "_s + table)->toLongLong(); }
    QString fingerprint();
    Result<DemoShop::Summary> fill(DemoShop::Options options = quickOptions());

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
};

void TestDemoShop::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
}

void TestDemoShop::cleanup()
{
    m_db.reset();
    m_testDb.reset();
}

Result<QVariant> TestDemoShop::scalar(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->read([sql, values](Connection &c) { return c.scalar(sql, values); }));
}

QString TestDemoShop::fingerprint()
{
    Result<QString> text = Database::wait(m_db->read([](Connection &c) -> Result<QString> {
        QString out;
        for (const QString &sql : {u"SELECT id, email, role, vendor_id, password_hash, pin_hash, is_active "
                                   "FROM users ORDER BY id"_s,
                                   u"SELECT id, name FROM vendors ORDER BY id"_s,
                                   u"SELECT id, user_id, street_address, city FROM addresses ORDER BY id"_s,
                                   u"SELECT key, value FROM settings ORDER BY key"_s,
                                   u"SELECT id, hash FROM audit_log ORDER BY id"_s,
                                   u"SELECT id, slug, vendor_id, category_id FROM products ORDER BY id"_s,
                                   u"SELECT id, sku, barcode FROM product_variants ORDER BY id"_s,
                                   u"SELECT id, parent_id, slug FROM categories ORDER BY id"_s}) {
            Result<QSqlQuery> rows = c.exec(sql);
            if (!rows)
                return rows.error();
            const int columns = rows.value().record().count();
            while (rows.value().next()) {
                for (int i = 0; i < columns; ++i)
                    out += rows.value().value(i).toString() + u'|';
                out += u'\n';
            }
            out += u"--\n"_s;
        }
        return out;
    }));
    return text.ok() ? text.value() : u"error: "_s + why(text);
}

Result<DemoShop::Summary> TestDemoShop::fill(DemoShop::Options options)
{
    return Database::wait(DemoShop(m_db, fastHasher).fill(std::move(options)));
}

void TestDemoShop::fillsAnEmptyDatabase()
{
    QList<std::pair<int, int>> progress;
    QMutex progressMutex;
    DemoShop::Options options = quickOptions();
    options.progress = [&](int done, int total) {
        QMutexLocker lock(&progressMutex);
        progress.append({done, total});
        return true;
    };
    // The real thing, with hashes of the normal strength.
    Result<DemoShop::Summary> summary = Database::wait(DemoShop(m_db).fill(options));
    QVERIFY2(summary.ok(), qPrintable(why(summary)));
    QCOMPARE(summary->users, int(demoStaff.size()) + demoCustomers);
    QCOMPARE(summary->vendors, 3);
    QCOMPARE(summary->products, 20);
    QCOMPARE(summary->productIds.size(), 20);
    QCOMPARE(count(u"products"_s), 20);

    // Progress counts up to its total and ends there.
    QVERIFY(!progress.isEmpty());
    for (qsizetype i = 0; i < progress.size(); ++i) {
        QVERIFY(progress[i].second > 0);
        QVERIFY(progress[i].first <= progress[i].second);
        if (i > 0)
            QVERIFY(progress[i].first > progress[i - 1].first);
    }
    QCOMPARE(progress.constLast().first, progress.constLast().second);

    // The staff accounts, with their roles, vendors and PINs.
    UserService users(m_db, fastHasher);
    Session reader;
    reader.userId = scalar(u"SELECT id FROM users WHERE email = ?"_s, {QString::fromLatin1(DemoShop::AdminEmail)})
                        ->toLongLong();
    reader.role = Role::Admin;
    QVERIFY(reader.isValid());
    QSet<qint64> vendorIds;
    for (const DemoStaff &person : demoStaff) {
        const qint64 id = scalar(u"SELECT id FROM users WHERE email = ?"_s, {person.email})->toLongLong();
        QVERIFY2(id > 0, qPrintable(person.email));
        Result<User> user = Database::wait(users.get(reader, id));
        QVERIFY2(user.ok(), qPrintable(why(user)));
        QCOMPARE(user->role, person.role);
        QCOMPARE(user->hasPin, person.hasPin);
        QVERIFY(user->isActive);
        QVERIFY(!user->firstName.isEmpty() && !user->lastName.isEmpty());
        if (person.role == Role::Vendor) {
            QVERIFY(user->vendorId);
            QVERIFY(!user->vendorName.isEmpty());
            vendorIds.insert(*user->vendorId);
        } else {
            QVERIFY(!user->vendorId);
        }
    }
    QCOMPARE(vendorIds.size(), 3);
    QCOMPARE(count(u"vendors"_s), 3);

    // Only the administrator signs in here: a default-strength hash takes a while.
    AuthService auth(m_db);
    QVERIFY(!Database::wait(auth.needsSetup()).value());
    Result<Session> owner =
        Database::wait(auth.signIn(QString::fromLatin1(DemoShop::AdminEmail), QString::fromLatin1(DemoShop::AdminPassword)));
    QVERIFY2(owner.ok(), qPrintable(why(owner)));
    QCOMPARE(owner->role, Role::Admin);
    const QString stored = scalar(u"SELECT password_hash FROM users WHERE id = ?"_s, {owner->userId})->toString();
    QVERIFY2(stored.startsWith(u"$scrypt$ln=17,"_s), qPrintable(stored));

    // Customers, each with a default shipping address.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM users WHERE role = 'customer'"_s)->toInt(), demoCustomers);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM users u WHERE u.role = 'customer' AND EXISTS (SELECT 1 FROM addresses a "
                    "WHERE a.user_id = u.id AND a.is_default = 1 AND a.address_type = 'shipping')"_s)
                 ->toInt(),
             demoCustomers);
    QCOMPARE(count(u"addresses"_s), demoCustomers);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM users WHERE role = 'customer' AND (phone IS NULL OR phone = '')"_s)
                 ->toInt(),
             0);

    // The shop's settings, valid by the shop's own rules.
    Result<ShopSettings> settings = Database::wait(SettingsService(m_db).load());
    QVERIFY2(settings.ok(), qPrintable(why(settings)));
    QVERIFY(!settings->shopName.isEmpty());
    QVERIFY(!settings->address.isEmpty());
    QVERIFY(!settings->email.isEmpty());
    QVERIFY(!settings->receiptFooter.isEmpty());
    QCOMPARE(settings->currency, u"USD"_s);
    const Status valid = SettingsService::validate(settings.value());
    QVERIFY2(valid.ok(), qPrintable(why(valid)));

    // Everything is journalled, by the demo's administrator, and the journal
    // and the data are whole.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'user.created'"_s)->toInt(),
             int(demoStaff.size()) + demoCustomers);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action IN ('user.created', 'settings.changed') "
                    "AND actor_id = ?"_s,
                    {owner->userId})
                 ->toInt(),
             int(demoStaff.size()) + demoCustomers + 8);
    Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_db).run());
    QVERIFY2(report.ok() && report->passed(), "the integrity check fails on the demo shop");
}

void TestDemoShop::secondFillIsRefused()
{
    QVERIFY(fill().ok());
    const QString before = fingerprint();
    Result<DemoShop::Summary> again = fill();
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    QVERIFY2(again.error().message.endsWith(u'.') && again.error().message.contains(u"force"_s),
             qPrintable(again.error().message));
    QCOMPARE(fingerprint(), before);
}

void TestDemoShop::forcedFillAddsNoDuplicates()
{
    QVERIFY(fill().ok());
    const QString before = fingerprint();
    const qint64 users = count(u"users"_s);
    DemoShop::Options options = quickOptions();
    options.force = true;
    Result<DemoShop::Summary> again = fill(options);
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QCOMPARE(again->users, 0);
    QCOMPARE(again->vendors, 0);
    QCOMPARE(count(u"users"_s), users);
    QCOMPARE(count(u"vendors"_s), 3);
    QCOMPARE(count(u"addresses"_s), demoCustomers);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM (SELECT email FROM users GROUP BY email HAVING COUNT(*) > 1) d"_s)->toInt(),
             0);
    // Nothing at all was added or changed.
    QCOMPARE(fingerprint(), before);
}

void TestDemoShop::forcedFillRestoresMissingAccounts()
{
    QVERIFY(fill().ok());
    const qint64 owner = scalar(u"SELECT id FROM users WHERE email = ?"_s,
                                {QString::fromLatin1(DemoShop::AdminEmail)})->toLongLong();
    const qint64 lastAudit = scalar(u"SELECT MAX(id) FROM audit_log"_s)->toLongLong();
    // Two accounts removed by hand (their addresses go with them).
    QVERIFY(Database::wait(m_db->write([](Connection &c) {
                return c.run(u"DELETE FROM users WHERE email IN ('clerk2@demo.shop', 'ava.thompson@example.com')"_s);
            })).ok());
    QCOMPARE(count(u"addresses"_s), demoCustomers - 1);

    DemoShop::Options options = quickOptions();
    options.force = true;
    Result<DemoShop::Summary> summary = fill(options);
    QVERIFY2(summary.ok(), qPrintable(why(summary)));
    QCOMPARE(summary->users, 2);
    QCOMPARE(count(u"users"_s), qint64(demoStaff.size() + demoCustomers));
    QCOMPARE(count(u"addresses"_s), demoCustomers);
    // The demo's administrator added them, not the new accounts themselves.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE id > ? AND action = 'user.created' AND actor_id = ?"_s,
                    {lastAudit, owner})
                 ->toInt(),
             2);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE id > ?"_s, {lastAudit})->toInt(), 2);
}

void TestDemoShop::forcedFillBesideAnotherShop()
{
    // A shop that is already set up is refused without --force ...
    AuthService auth(m_db, fastHasher);
    ShopSettings shop;
    shop.shopName = u"Real Shop"_s;
    shop.currency = u"EUR"_s;
    NewUser admin{u"boss@real.test"_s, u"Correct-Horse-42"_s, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    QVERIFY(Database::wait(auth.setUpShop(shop, admin)).ok());
    const QString before = fingerprint();
    QCOMPARE(fill().error().code, ErrorCode::Conflict);
    QCOMPARE(fingerprint(), before);

    // ... and with it gets the demo beside its own data, its settings kept.
    DemoShop::Options options = quickOptions();
    options.force = true;
    Result<DemoShop::Summary> summary = fill(options);
    QVERIFY2(summary.ok(), qPrintable(why(summary)));
    QCOMPARE(summary->users, int(demoStaff.size()) + demoCustomers);
    QCOMPARE(count(u"users"_s), qint64(1 + demoStaff.size() + demoCustomers));
    Result<ShopSettings> settings = Database::wait(SettingsService(m_db).load());
    QCOMPARE(settings->shopName, u"Real Shop"_s);
    QCOMPARE(settings->currency, u"EUR"_s);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM users WHERE email = 'boss@real.test' AND role = 'admin'"_s)->toInt(), 1);
    Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_db).run());
    QVERIFY2(report.ok() && report->passed(), "the integrity check fails");
}

void TestDemoShop::cancelledFillWritesNothing_data()
{
    QTest::addColumn<int>("cancelAt"); // the progress call that answers false
    QTest::addColumn<bool>("shopExists");
    QTest::newRow("first step") << 1 << false;
    QTest::newRow("third step") << 3 << false;
    QTest::newRow("first step, forced beside a shop") << 1 << true;
    // Six staff hashes, the customers' hash, then the catalog's first step.
    QTest::newRow("while writing the catalog") << int(demoStaff.size()) + 2 << false;
}

void TestDemoShop::cancelledFillWritesNothing()
{
    QFETCH(int, cancelAt);
    QFETCH(bool, shopExists);
    if (shopExists) {
        AuthService auth(m_db, fastHasher);
        ShopSettings shop;
        shop.shopName = u"Real Shop"_s;
        NewUser admin{u"boss@real.test"_s, u"Correct-Horse-42"_s, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
        QVERIFY(Database::wait(auth.setUpShop(shop, admin)).ok());
    }
    const QString before = fingerprint();
    std::atomic<int> calls{0};
    DemoShop::Options options = quickOptions();
    options.force = shopExists;
    options.progress = [&calls, cancelAt](int, int) { return ++calls < cancelAt; };
    Result<DemoShop::Summary> summary = fill(options);
    QVERIFY(!summary.ok());
    QCOMPARE(summary.error().code, ErrorCode::Cancelled);
    QVERIFY2(summary.error().message.contains(u"nothing was written"_s), qPrintable(summary.error().message));
    // Asked once more would be one call too many: cancelling stops the work.
    QCOMPARE(calls.load(), cancelAt);
    QCOMPARE(fingerprint(), before);
}

void TestDemoShop::catalog()
{
    DemoShop::Options options;
    options.products = 600;
    options.historyDays = 0;
    Result<DemoShop::Summary> summary = fill(options);
    QVERIFY2(summary.ok(), qPrintable(why(summary)));
    QCOMPARE(summary->products, 600);
    QCOMPARE(summary->productIds.size(), 600);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM products WHERE id IN (?, ?)"_s,
                    {summary->productIds.constFirst(), summary->productIds.constLast()})
                 ->toInt(),
             2);
    // One to four variants each, about two and a half on average.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM products p WHERE (SELECT COUNT(*) FROM product_variants v "
                    "WHERE v.product_id = p.id) NOT BETWEEN 1 AND 4"_s)
                 ->toInt(),
             0);
    const qint64 variants = count(u"product_variants"_s);
    QVERIFY2(variants > 1000 && variants < 2400, qPrintable(QString::number(variants)));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM products WHERE (SELECT COUNT(*) FROM product_variants v WHERE "
                    "v.product_id = products.id) = 4"_s)
                 ->toInt() > 0,
             true);
    // Every category of a product is a leaf three levels down.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM products p JOIN categories c ON c.id = p.category_id "
                    "JOIN categories m ON m.id = c.parent_id JOIN categories t ON t.id = m.parent_id "
                    "WHERE t.parent_id IS NULL"_s)
                 ->toInt(),
             600);
    // The three vendors and the shop itself all sell.
    QCOMPARE(scalar(u"SELECT COUNT(DISTINCT vendor_id) FROM products"_s)->toInt(), 3);
    QVERIFY(scalar(u"SELECT COUNT(*) FROM products WHERE vendor_id IS NULL"_s)->toInt() > 100);
    // Names in several languages and scripts, descriptions and brands everywhere.
    QVERIFY(scalar(u"SELECT COUNT(*) FROM products WHERE name LIKE '%Leinen%'"_s)->toInt() > 0);
    QVERIFY(scalar(u"SELECT COUNT(*) FROM products WHERE name LIKE '%シャツ%'"_s)->toInt() > 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM products WHERE description = '' OR brand = ''"_s)->toInt(), 0);
    // Every variant has a valid EAN-13 of its own.
    Result<QStringList> barcodes = Database::wait(m_db->read([](Connection &c) -> Result<QStringList> {
        Result<QSqlQuery> rows = c.exec(u"SELECT barcode FROM product_variants"_s);
        if (!rows)
            return rows.error();
        QStringList list;
        while (rows.value().next())
            list.append(rows.value().value(0).toString());
        return list;
    }));
    QVERIFY(barcodes.ok());
    QCOMPARE(barcodes->size(), variants);
    for (const QString &barcode : barcodes.value())
        QVERIFY2(Barcode::kindOf(barcode) == Barcode::Kind::Ean13, qPrintable(barcode));
    Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_db).run());
    QVERIFY2(report.ok() && report->passed(), "the integrity check fails on the demo catalog");
}

void TestDemoShop::forcedFillAddsNoSecondCatalog()
{
    QVERIFY(fill().ok());
    const qint64 products = count(u"products"_s);
    DemoShop::Options options = quickOptions();
    options.force = true;
    Result<DemoShop::Summary> again = fill(options);
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QCOMPARE(again->products, 0);
    QVERIFY(again->productIds.isEmpty());
    QCOMPARE(count(u"products"_s), products);
}

void TestDemoShop::stock()
{
    DemoShop::Options options;
    options.products = 400;
    options.historyDays = 0;
    QElapsedTimer timer;
    timer.start();
    Result<DemoShop::Summary> summary = fill(options);
    QVERIFY2(summary.ok(), qPrintable(why(summary)));
    qDebug() << "demo with" << options.products << "products filled in" << timer.elapsed() << "ms";
    // The store and a back room, both stocked.
    QCOMPARE(count(u"locations"_s), 2);
    QVERIFY(scalar(u"SELECT COUNT(*) FROM stock_levels sl JOIN locations l ON l.id = sl.location_id "
                   "WHERE l.code = 'BACK' AND sl.on_hand > 0"_s)
                ->toInt()
            > 100);
    const qint64 variants = count(u"product_variants"_s);
    const qint64 atStore = scalar(u"SELECT COUNT(*) FROM stock_levels sl JOIN locations l ON l.id = "
                                  "sl.location_id WHERE l.code = 'STORE'"_s)
                               ->toLongLong();
    QCOMPARE(atStore, variants);
    const qint64 empty = scalar(u"SELECT COUNT(*) FROM stock_levels sl JOIN locations l ON l.id = sl.location_id "
                                "WHERE l.code = 'STORE' AND sl.on_hand = 0"_s)
                             ->toLongLong();
    const qint64 low = scalar(u"SELECT COUNT(*) FROM stock_levels sl JOIN locations l ON l.id = sl.location_id "
                              "WHERE l.code = 'STORE' AND sl.on_hand > 0 AND sl.on_hand <= sl.reorder_level"_s)
                           ->toLongLong();
    // Most variants in stock, some low, a few out.
    QVERIFY2(empty > 0 && empty < variants / 10, qPrintable(QString::number(empty)));
    QVERIFY2(low > variants / 20 && low < variants / 4, qPrintable(QString::number(low)));
    QVERIFY(scalar(u"SELECT COUNT(*) FROM stock_movements WHERE reason = 'sale'"_s)->toInt() > 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM stock_movements WHERE reason = 'transfer_in'"_s)->toInt(), 1);
    Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_db).run());
    QVERIFY2(report.ok() && report->passed(), "the integrity check fails on the demo stock");
}

QTEST_GUILESS_MAIN(TestDemoShop)
#include "tst_demoshop.moc"
