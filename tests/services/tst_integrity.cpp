// storekeeper-test: postgres
#include "TestDatabase.h"
#include "audit/AuditLog.h"
#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "db/Database.h"
#include "maintenance/DemoShop.h"
#include "maintenance/IntegrityCheck.h"
#include "catalog/ProductService.h"
#include "inventory/InventoryLedger.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

const PasswordHasher fastHasher({10, 8, 1});
const QString forgedHash = QString(64, u'f');

template<typename R>
QString why(const R &result)
{
    return result.ok() ? QString() : result.error().message + u" | "_s + result.error().details;
}

QString describe(const IntegrityCheck::Report &report)
{
    QStringList lines;
    for (const IntegrityCheck::Finding &finding : report.findings)
        lines.append(u"%1 %2: %3"_s.arg(finding.passed ? u"ok"_s : u"FAILED"_s, finding.check, finding.message));
    return lines.join(u"\n"_s);
}

} // namespace

class TestIntegrity : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void passesOnAFreshShop();
    void passesAfterTheDemoShop();
    void auditTamperingIsFound_data();
    void auditTamperingIsFound();
    void brokenReferencesAreFound();
    void catalogListingMustMatchVariants();
    void stockMustMatchItsLedger_data();
    void stockMustMatchItsLedger();

private:
    Status run(const QString &sql, const QVariantList &values = {});
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {});
    IntegrityCheck::Report check();
    // A copy: the report's list may detach, and a pointer into it dangle.
    static std::optional<IntegrityCheck::Finding> finding(const IntegrityCheck::Report &report, const QString &name);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    Session m_admin;
};

void TestIntegrity::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
}

void TestIntegrity::cleanup()
{
    m_db.reset();
    m_testDb.reset();
}

Status TestIntegrity::run(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->write([sql, values](Connection &c) { return c.run(sql, values); }));
}

Result<QVariant> TestIntegrity::scalar(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->read([sql, values](Connection &c) { return c.scalar(sql, values); }));
}

IntegrityCheck::Report TestIntegrity::check()
{
    Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_db).run());
    if (!report) {
        qWarning() << "the check itself failed:" << why(report);
        return IntegrityCheck::Report{{IntegrityCheck::Finding{u"test"_s, false, why(report)}}};
    }
    return report.value();
}

std::optional<IntegrityCheck::Finding> TestIntegrity::finding(const IntegrityCheck::Report &report,
                                                             const QString &name)
{
    for (const IntegrityCheck::Finding &f : report.findings)
        if (f.check == name)
            return f;
    return std::nullopt;
}

void TestIntegrity::passesOnAFreshShop()
{
    // An empty database (before setup) and a set-up shop both pass.
    IntegrityCheck::Report empty = check();
    QVERIFY2(empty.passed(), qPrintable(describe(empty)));

    AuthService auth(m_db, fastHasher);
    ShopSettings shop;
    shop.shopName = u"Fresh shop"_s;
    NewUser admin{u"boss@shop.test"_s, u"Correct-Horse-42"_s, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    QVERIFY(Database::wait(auth.setUpShop(shop, admin)).ok());
    IntegrityCheck::Report report = check();
    QVERIFY2(report.passed(), qPrintable(describe(report)));

    const QStringList sales{u"orders.totals"_s, u"orders.payments"_s, u"receipts.gapless"_s, u"shifts.totals"_s,
                            u"reports.summaries"_s};
    const QStringList expected = (m_testDb->isPostgres()
                                      ? QStringList{u"database.server"_s, u"audit.chain"_s, u"catalog.variants"_s,
                                                    u"inventory.ledger"_s, u"inventory.reservations"_s,
                                                    u"inventory.bounds"_s}
                                      : QStringList{u"database.integrity"_s, u"database.foreign_keys"_s,
                                                    u"audit.chain"_s, u"catalog.variants"_s, u"inventory.ledger"_s,
                                                    u"inventory.reservations"_s, u"inventory.bounds"_s})
                                 + sales;
    QStringList checks;
    for (const IntegrityCheck::Finding &f : std::as_const(report.findings)) {
        checks.append(f.check);
        QVERIFY2(!f.message.isEmpty(), qPrintable(f.check));
    }
    QCOMPARE(checks, expected);
    const qint64 rows = scalar(u"SELECT COUNT(*) FROM audit_log"_s)->toLongLong();
    QVERIFY(rows > 0);
    QVERIFY2(finding(report, u"audit.chain"_s)->message.contains(QString::number(rows)),
             qPrintable(finding(report, u"audit.chain"_s)->message));
}

void TestIntegrity::passesAfterTheDemoShop()
{
    DemoShop::Options options;
    options.products = 20;
    // Two weeks of sales, returns, online orders and reviews: enough for
    // every sales and report check to have rows to verify.
    options.historyDays = 14;
    Result<DemoShop::Summary> filled = Database::wait(DemoShop(m_db, fastHasher).fill(options));
    QVERIFY2(filled.ok(), qPrintable(why(filled)));
    IntegrityCheck::Report report = check();
    QVERIFY2(report.passed(), qPrintable(describe(report)));
    QVERIFY(scalar(u"SELECT COUNT(*) FROM audit_log"_s)->toLongLong() > 30);
}

void TestIntegrity::auditTamperingIsFound_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<qint64>("brokenRow"); // the row the finding must name
    QTest::addColumn<QString>("saying");   // and a phrase of its sentence

    // The chain holds rows 1 .. 12 when the tampering starts (see below).
    QTest::newRow("subject edited") << u"edit subject"_s << qint64(5) << u"row 5 was changed"_s;
    QTest::newRow("details edited") << u"edit details"_s << qint64(7) << u"row 7 was changed"_s;
    QTest::newRow("time edited") << u"edit time"_s << qint64(3) << u"row 3 was changed"_s;
    QTest::newRow("actor edited") << u"edit actor"_s << qint64(9) << u"row 9 was changed"_s;
    QTest::newRow("first row edited") << u"edit first"_s << qint64(1) << u"row 1 was changed"_s;
    QTest::newRow("last row edited") << u"edit last"_s << qint64(12) << u"row 12 was changed"_s;
    QTest::newRow("hash rewritten") << u"rewrite hash"_s << qint64(6) << u"row 6"_s;
    QTest::newRow("middle row deleted") << u"delete 4"_s << qint64(4) << u"row 4 is missing"_s;
    QTest::newRow("first row deleted") << u"delete 1"_s << qint64(1) << u"row 1 is missing"_s;
    QTest::newRow("two rows deleted") << u"delete 8 and 9"_s << qint64(8) << u"row 8 is missing"_s;
    QTest::newRow("forged row, wrong hash") << u"append wrong hash"_s << qint64(13) << u"row 13"_s;
    QTest::newRow("forged row, wrong link") << u"append wrong link"_s << qint64(13) << u"row 13 does not follow"_s;
    QTest::newRow("forged row after a gap") << u"append after gap"_s << qint64(13) << u"row 13 is missing"_s;
}

void TestIntegrity::auditTamperingIsFound()
{
    QFETCH(QString, how);
    QFETCH(qint64, brokenRow);
    QFETCH(QString, saying);

    AuthService auth(m_db, fastHasher);
    ShopSettings shop;
    shop.shopName = u"Tamper shop"_s;
    NewUser admin{u"boss@shop.test"_s, u"Correct-Horse-42"_s, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    Result<Session> session = Database::wait(auth.setUpShop(shop, admin));
    QVERIFY2(session.ok(), qPrintable(why(session)));
    // setUpShop journals the administrator, every setting and the set-up;
    // new clerks top the chain up to 12 rows.
    UserService users(m_db, fastHasher);
    for (int i = 0; scalar(u"SELECT COUNT(*) FROM audit_log"_s)->toLongLong() < 12; ++i) {
        Result<User> user = Database::wait(users.create(
            session.value(),
            NewUser{u"clerk%1@shop.test"_s.arg(i), u"Another-Good-1"_s, u"C"_s, u"L"_s, {}, Role::Clerk, {}, {}}));
        QVERIFY2(user.ok(), qPrintable(why(user)));
    }
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log"_s)->toLongLong(), 12);
    QVERIFY(check().passed());

    const QString lastHash = scalar(u"SELECT hash FROM audit_log WHERE id = 12"_s)->toString();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto append = [&](qint64 id, const QString &previous, const QString &hash) {
        return run(u"INSERT INTO audit_log (id, at, actor_id, actor_email, action, subject, details, prev_hash, "
                   "hash) VALUES (?, ?, 0, '', 'user.created', 'user:999', '{}', ?, ?)"_s,
                   {id, now, previous, hash});
    };
    Status tampered;
    if (how == u"edit subject"_s)
        tampered = run(u"UPDATE audit_log SET subject = 'user:999' WHERE id = 5"_s);
    else if (how == u"edit details"_s)
        tampered = run(u"UPDATE audit_log SET details = '{\"to\":\"0\"}' WHERE id = 7"_s);
    else if (how == u"edit time"_s)
        tampered = run(u"UPDATE audit_log SET at = ? WHERE id = 3"_s, {now.addDays(-3)});
    else if (how == u"edit actor"_s)
        tampered = run(u"UPDATE audit_log SET actor_id = 42, actor_email = 'someone@else.test' WHERE id = 9"_s);
    else if (how == u"edit first"_s)
        tampered = run(u"UPDATE audit_log SET action = 'nothing' WHERE id = 1"_s);
    else if (how == u"edit last"_s)
        tampered = run(u"UPDATE audit_log SET action = 'nothing' WHERE id = 12"_s);
    else if (how == u"rewrite hash"_s)
        tampered = run(u"UPDATE audit_log SET hash = ? WHERE id = 6"_s, {forgedHash});
    else if (how == u"delete 4"_s)
        tampered = run(u"DELETE FROM audit_log WHERE id = 4"_s);
    else if (how == u"delete 1"_s)
        tampered = run(u"DELETE FROM audit_log WHERE id = 1"_s);
    else if (how == u"delete 8 and 9"_s)
        tampered = run(u"DELETE FROM audit_log WHERE id IN (8, 9)"_s);
    else if (how == u"append wrong hash"_s)
        tampered = append(13, lastHash, forgedHash);
    else if (how == u"append wrong link"_s)
        tampered = append(13, QString::fromUtf16(AuditLog::GenesisHash),
                          AuditLog::rowHash(QString::fromUtf16(AuditLog::GenesisHash), 13, now, 0, QString(),
                                            u"user.created"_s, u"user:999"_s, u"{}"_s));
    else if (how == u"append after gap"_s)
        tampered = append(14, lastHash, forgedHash);
    else
        QFAIL("unknown tampering in the data table");
    QVERIFY2(tampered.ok(), qPrintable(why(tampered)));

    IntegrityCheck::Report report = check();
    QVERIFY2(!report.passed(), qPrintable(describe(report)));
    const std::optional<IntegrityCheck::Finding> chain = finding(report, u"audit.chain"_s);
    QVERIFY(chain);
    QVERIFY(!chain->passed);
    QVERIFY2(chain->message.contains(saying), qPrintable(chain->message));
    QVERIFY2(chain->message.contains(u"row %1"_s.arg(brokenRow)), qPrintable(chain->message));
    QVERIFY2(chain->message.endsWith(u'.'), qPrintable(chain->message));
    // Only the journal is damaged: the other checks still pass.
    for (const IntegrityCheck::Finding &f : std::as_const(report.findings))
        if (f.check != u"audit.chain"_s)
            QVERIFY2(f.passed, qPrintable(describe(report)));

    Result<AuditLog::ChainCheck> verified =
        Database::wait(m_db->read([](Connection &c) { return AuditLog::verify(c); }));
    QVERIFY(verified.ok());
    QVERIFY(!verified->intact());
    QVERIFY2(verified->firstBrokenId >= brokenRow && verified->firstBrokenId <= brokenRow + 2,
             qPrintable(QString::number(verified->firstBrokenId)));
    QCOMPARE(verified->problem, chain->message);
}

void TestIntegrity::brokenReferencesAreFound()
{
    AuthService auth(m_db, fastHasher);
    ShopSettings shop;
    shop.shopName = u"Reference shop"_s;
    NewUser admin{u"boss@shop.test"_s, u"Correct-Horse-42"_s, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    QVERIFY(Database::wait(auth.setUpShop(shop, admin)).ok());
    const auto insertOrphan = [](Connection &c) {
        return c.run(u"INSERT INTO addresses (user_id, street_address, city, state, postal_code, country) "
                     "VALUES (999, '1 Nowhere', 'Gone', 'XX', '00000', 'US')"_s);
    };
    if (m_testDb->isPostgres()) {
        // PostgreSQL never lets a broken reference in, so there is nothing to find.
        Status refused = Database::wait(m_db->write(insertOrphan));
        QVERIFY(!refused.ok());
        QVERIFY(check().passed());
        return;
    }
    // SQLite: a row written with foreign keys switched off, as an older tool
    // or a hand edit could.
    Status inserted = Database::wait(m_db->maintain([insertOrphan](Connection &c) -> Status {
        if (Status off = c.run(u"PRAGMA foreign_keys = OFF"_s); !off)
            return off;
        Status ok = insertOrphan(c);
        if (Status on = c.run(u"PRAGMA foreign_keys = ON"_s); !on)
            return on;
        return ok;
    }));
    QVERIFY2(inserted.ok(), qPrintable(why(inserted)));
    IntegrityCheck::Report report = check();
    QVERIFY2(!report.passed(), qPrintable(describe(report)));
    const std::optional<IntegrityCheck::Finding> references = finding(report, u"database.foreign_keys"_s);
    QVERIFY(references);
    QVERIFY(!references->passed);
    QVERIFY2(references->message.contains(u"addresses"_s), qPrintable(references->message));
    QVERIFY2(references->message.contains(u"users"_s), qPrintable(references->message));
    QVERIFY(finding(report, u"audit.chain"_s)->passed);
}

void TestIntegrity::catalogListingMustMatchVariants()
{
    AuthService auth(m_db, fastHasher);
    ShopSettings shop;
    shop.shopName = u"Catalog shop"_s;
    NewUser admin{u"boss@shop.test"_s, u"Correct-Horse-42"_s, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    Result<Session> session = Database::wait(auth.setUpShop(shop, admin));
    QVERIFY2(session.ok(), qPrintable(why(session)));
    ProductDraft draft;
    draft.name = u"Linen tea towel"_s;
    VariantDraft blue;
    blue.sku = u"TOWEL-BLUE"_s;
    blue.price = u"7.50"_s;
    blue.options = {{u"colour"_s, u"blue"_s}};
    VariantDraft red = blue;
    red.sku = u"TOWEL-RED"_s;
    red.price = u"6.25"_s;
    red.options = {{u"colour"_s, u"red"_s}};
    draft.variants = {blue, red};
    Result<Product> product = Database::wait(ProductService(m_db).create(session.value(), draft));
    QVERIFY2(product.ok(), qPrintable(why(product)));
    IntegrityCheck::Report report = check();
    QVERIFY2(report.passed(), qPrintable(describe(report)));
    QVERIFY(finding(report, u"catalog.variants"_s)->message.contains(u"1 products"_s));

    QVERIFY(run(u"UPDATE products SET min_price_cents = 750 WHERE id = ?"_s, {product->id}).ok());
    report = check();
    QVERIFY(!report.passed());
    const QString message = finding(report, u"catalog.variants"_s)->message;
    QVERIFY2(message.contains(u"Product %1"_s.arg(product->id)) && message.contains(u"625"_s), qPrintable(message));

    QVERIFY(run(u"DELETE FROM product_variants WHERE product_id = ?"_s, {product->id}).ok());
    report = check();
    QVERIFY(!report.passed());
    QVERIFY2(finding(report, u"catalog.variants"_s)->message.contains(u"no variant"_s),
             qPrintable(finding(report, u"catalog.variants"_s)->message));
}

void TestIntegrity::stockMustMatchItsLedger_data()
{
    QTest::addColumn<QString>("corruption");
    QTest::addColumn<QString>("failing");
    QTest::addColumn<QString>("saying");

    QTest::newRow("on hand raised by hand") << u"UPDATE stock_levels SET on_hand = on_hand + 5 WHERE variant_id = ? "
                                               "AND location_id = ?"_s
                                            << u"inventory.ledger"_s << u"TOWEL-BLUE at Back room is 12"_s;
    QTest::newRow("movement deleted") << u"DELETE FROM stock_movements WHERE variant_id = ? AND location_id = ? "
                                         "AND reason = 'sale'"_s
                                      << u"inventory.ledger"_s << u"movements add up to 10"_s;
    QTest::newRow("reserved without a reservation") << u"UPDATE stock_levels SET reserved = reserved + 1 WHERE "
                                                       "variant_id = ? AND location_id = ?"_s
                                                    << u"inventory.reservations"_s
                                                    << u"TOWEL-BLUE at Back room has 3 reserved"_s;
    QTest::newRow("reservation released by hand") << u"UPDATE reservations SET status = 'released' WHERE "
                                                     "variant_id = ? AND location_id = ?"_s
                                                  << u"inventory.reservations"_s << u"hold 0"_s;
}

void TestIntegrity::stockMustMatchItsLedger()
{
    QFETCH(QString, corruption);
    QFETCH(QString, failing);
    QFETCH(QString, saying);

    AuthService auth(m_db, fastHasher);
    ShopSettings shop;
    shop.shopName = u"Stock shop"_s;
    NewUser admin{u"boss@shop.test"_s, u"Correct-Horse-42"_s, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    Result<Session> session = Database::wait(auth.setUpShop(shop, admin));
    QVERIFY2(session.ok(), qPrintable(why(session)));
    ProductDraft draft;
    draft.name = u"Linen tea towel"_s;
    VariantDraft blue;
    blue.sku = u"TOWEL-BLUE"_s;
    blue.price = u"7.50"_s;
    draft.variants = {blue};
    Result<Product> product = Database::wait(ProductService(m_db).create(session.value(), draft));
    QVERIFY2(product.ok(), qPrintable(why(product)));
    const qint64 variant = product->variants.first().id;
    InventoryLedger ledger(m_db);
    Result<Location> back = Database::wait(ledger.addLocation(session.value(), u"BACK"_s, u"Back room"_s));
    QVERIFY2(back.ok(), qPrintable(why(back)));
    QVERIFY(Database::wait(ledger.receive(session.value(), back->id, u"Weaver"_s, u"W-1"_s, {{variant, 10, {}}})).ok());
    const Session owner = session.value();
    const qint64 location = back->id;
    QVERIFY(Database::wait(m_db->write([&](Connection &c) {
                return InventoryLedger::sellInTransaction(c, owner, location, {{variant, 3, {}}}, {u"order"_s, 1});
            })).ok());
    QVERIFY(Database::wait(ledger.reserve(owner, location, {{variant, 2, {}}}, {u"order"_s, 2})).ok());
    IntegrityCheck::Report report = check();
    QVERIFY2(report.passed(), qPrintable(describe(report)));
    QVERIFY2(finding(report, u"inventory.ledger"_s)->message.contains(u"levels"_s),
             qPrintable(finding(report, u"inventory.ledger"_s)->message));

    QVERIFY(run(corruption, {variant, location}).ok());
    report = check();
    QVERIFY(!report.passed());
    const std::optional<IntegrityCheck::Finding> failed = finding(report, failing);
    QVERIFY(failed);
    QVERIFY2(!failed->passed, qPrintable(describe(report)));
    QVERIFY2(failed->message.contains(saying), qPrintable(failed->message));
}

QTEST_GUILESS_MAIN(TestIntegrity)
#include "tst_integrity.moc"
