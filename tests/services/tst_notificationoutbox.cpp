// storekeeper-test: postgres
#include "TestDatabase.h"
#include "TestSessions.h"

#include "db/Database.h"
#include "notifications/NotificationEvents.h"
#include "notifications/NotificationOutbox.h"
#include "orders/OrderStatusWriter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestNotificationOutbox : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void queuedWithTheEvent();
    void nothingQueuedWhenTheEventRollsBack();
    void theEventKeyPreventsDoubles();
    void shippedCarriesCarrierAndTracking();
    void inStoreOrdersWriteToNobody();
    void pagesNewestFirstWithFilters();
    void retryQueuesAFailedMessageOnce();
    void onlyAdministratorsSeeTheOutbox();

private:
    QVariant scalar(const QString &sql, const QVariantList &values = {});
    qint64 insert(const QString &sql, const QVariantList &values);
    bool run(const QString &sql, const QVariantList &values);
    qint64 addOrder(const QString &channel, const QString &number);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<NotificationOutbox> m_outbox;
    qint64 m_admin = 0;
    qint64 m_customer = 0;
};

QVariant TestNotificationOutbox::scalar(const QString &sql, const QVariantList &values)
{
    Result<QVariant> value =
        Database::wait(m_db->read([sql, values](Connection &connection) { return connection.scalar(sql, values); }));
    return value ? value.value() : QVariant();
}

qint64 TestNotificationOutbox::insert(const QString &sql, const QVariantList &values)
{
    Result<qint64> id =
        Database::wait(m_db->write([sql, values](Connection &connection) { return connection.insert(sql, values); }));
    return id ? id.value() : 0;
}

bool TestNotificationOutbox::run(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->write([sql, values](Connection &connection) { return connection.run(sql, values); }))
        .ok();
}

qint64 TestNotificationOutbox::addOrder(const QString &channel, const QString &number)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return insert(u"INSERT INTO orders (order_number, channel, status, customer_id, location_id, currency, "
                  "subtotal_cents, tax_cents, total_cents, created_at, updated_at) VALUES (?, ?, 'processing', ?, "
                  "(SELECT MIN(id) FROM locations), 'USD', 1000, 80, 1080, ?, ?) RETURNING id"_s,
                  {number, channel, m_customer, now, now});
}

void TestNotificationOutbox::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    SK_REQUIRE_DATABASE(*m_testDb);
    m_db = m_testDb->open();
    QVERIFY(m_db);
    m_outbox = std::make_unique<NotificationOutbox>(m_db);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString users = u"INSERT INTO users (email, password_hash, first_name, last_name, role, created_at, "
                          "updated_at) VALUES (?, 'x', ?, 'Doe', ?, ?, ?) RETURNING id"_s;
    m_admin = insert(users, {u"owner@shop.test"_s, u"Olga"_s, u"admin"_s, now, now});
    m_customer = insert(users, {u"jane@example.com"_s, u"Jane"_s, u"customer"_s, now, now});
    QVERIFY(m_admin > 0 && m_customer > 0);
    QVERIFY(run(u"INSERT INTO settings (key, value, updated_at) VALUES ('shop.name', 'Corner Shop', ?)"_s, {now}));
}

void TestNotificationOutbox::cleanup()
{
    m_outbox.reset();
    m_db.reset();
    m_testDb.reset();
}

void TestNotificationOutbox::queuedWithTheEvent()
{
    Status reset = Database::wait(m_db->write([this](Connection &connection) {
        return NotificationEvents::passwordResetInTransaction(connection, m_customer, u"1"_s);
    }));
    QVERIFY2(reset.ok(), qPrintable(reset.ok() ? QString() : reset.error().message));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM outbox"_s).toInt(), 1);
    QCOMPARE(scalar(u"SELECT kind FROM outbox"_s).toString(), u"password_reset"_s);
    QCOMPARE(scalar(u"SELECT recipient_email FROM outbox"_s).toString(), u"jane@example.com"_s);
    QCOMPARE(scalar(u"SELECT status FROM outbox"_s).toString(), u"pending"_s);
    QVERIFY(!scalar(u"SELECT next_attempt_at FROM outbox"_s).isNull());
    const QString body = scalar(u"SELECT body FROM outbox"_s).toString();
    QVERIFY2(body.contains(u"Corner Shop"_s) && body.contains(u"Jane"_s), qPrintable(body));
    QVERIFY(scalar(u"SELECT subject FROM outbox"_s).toString().contains(u"Corner Shop"_s));
}

void TestNotificationOutbox::nothingQueuedWhenTheEventRollsBack()
{
    const qint64 order = addOrder(u"online"_s, u"W-000001"_s);
    // The status moves and the message is queued, then the job fails: both go.
    Status failed = Database::wait(m_db->write([order](Connection &connection) -> Status {
        if (Status ok = OrderStatusWriter::moveInTransaction(connection, Session::system(), order,
                                                             OrderStatus::Processing, OrderStatus::Cancelled, {});
            !ok)
            return ok;
        if (Result<QVariant> queued = connection.scalar(u"SELECT COUNT(*) FROM outbox"_s);
            !queued || queued->toInt() != 1)
            return Error::make(ErrorCode::Internal, u"the message was not queued in the transaction"_s);
        return Error::make(ErrorCode::Conflict, u"the sale failed after all"_s);
    }));
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().message, u"the sale failed after all"_s);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM outbox"_s).toInt(), 0);
    QCOMPARE(scalar(u"SELECT status FROM orders WHERE id = ?"_s, {order}).toString(), u"processing"_s);
}

void TestNotificationOutbox::theEventKeyPreventsDoubles()
{
    for (int i = 0; i < 2; ++i) {
        Status reset = Database::wait(m_db->write([this](Connection &connection) {
            return NotificationEvents::passwordResetInTransaction(connection, m_customer, u"42"_s);
        }));
        QVERIFY(reset.ok());
    }
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM outbox"_s).toInt(), 1);
    Result<bool> again = Database::wait(m_db->write([](Connection &connection) {
        NotificationDraft draft;
        draft.kind = NotificationKind::PasswordReset;
        draft.recipientEmail = u"jane@example.com"_s;
        draft.eventKey = u"password_reset:2:42"_s;
        return NotificationOutbox::enqueueInTransaction(connection, draft);
    }));
    QVERIFY(again.ok());
    QCOMPARE(again.value(), false);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM outbox"_s).toInt(), 1);
    // Another reset is another event.
    Status other = Database::wait(m_db->write([this](Connection &connection) {
        return NotificationEvents::passwordResetInTransaction(connection, m_customer, u"43"_s);
    }));
    QVERIFY(other.ok());
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM outbox"_s).toInt(), 2);
}

void TestNotificationOutbox::shippedCarriesCarrierAndTracking()
{
    const qint64 order = addOrder(u"online"_s, u"W-000007"_s);
    Status shipped = Database::wait(m_db->write([order](Connection &connection) {
        return OrderStatusWriter::moveInTransaction(connection, Session::system(), order, OrderStatus::Processing,
                                                    OrderStatus::Shipped, {},
                                                    {{u"carrier"_s, u"DHL"_s}, {u"tracking_number"_s, u"JD0142"_s}});
    }));
    QVERIFY2(shipped.ok(), qPrintable(shipped.ok() ? QString() : shipped.error().message));
    QCOMPARE(scalar(u"SELECT kind FROM outbox"_s).toString(), u"order_shipped"_s);
    const QString body = scalar(u"SELECT body FROM outbox"_s).toString();
    QVERIFY2(body.contains(u"DHL"_s) && body.contains(u"JD0142"_s) && body.contains(u"W-000007"_s), qPrintable(body));
    QCOMPARE(scalar(u"SELECT dedupe_key FROM outbox"_s).toString(), u"order_status:%1:shipped"_s.arg(order));
    QVERIFY(scalar(u"SELECT payload FROM outbox"_s).toString().contains(u"JD0142"_s));
}

void TestNotificationOutbox::inStoreOrdersWriteToNobody()
{
    const qint64 order = addOrder(u"in_store"_s, u"S-1"_s);
    Status cancelled = Database::wait(m_db->write([order](Connection &connection) {
        return OrderStatusWriter::moveInTransaction(connection, Session::system(), order, OrderStatus::Processing,
                                                    OrderStatus::Cancelled, {});
    }));
    QVERIFY(cancelled.ok());
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM outbox"_s).toInt(), 0);
}

void TestNotificationOutbox::pagesNewestFirstWithFilters()
{
    for (int i = 0; i < 5; ++i) {
        Result<bool> queued = Database::wait(m_db->write([i](Connection &connection) {
            NotificationDraft draft;
            draft.kind = i % 2 ? NotificationKind::Refund : NotificationKind::OrderPlaced;
            draft.recipientEmail = i < 3 ? u"a%1@example.com"_s.arg(i) : u"b%1@other.test"_s.arg(i);
            draft.subject = u"Message %1"_s.arg(i);
            draft.eventKey = u"test:%1"_s.arg(i);
            return NotificationOutbox::enqueueInTransaction(connection, draft);
        }));
        QVERIFY(queued.ok() && queued.value());
    }
    const Session admin = test::sessionFor(m_admin, Role::Admin);
    Result<OutboxPage> first = Database::wait(m_outbox->page(admin, {}, 0, 2));
    QVERIFY(first.ok());
    QCOMPARE(first->messages.size(), 2);
    QVERIFY(first->hasMore);
    QCOMPARE(first->messages.at(0).subject, u"Message 4"_s);
    Result<OutboxPage> second = Database::wait(m_outbox->page(admin, {}, first->messages.last().id, 10));
    QVERIFY(second.ok());
    QCOMPARE(second->messages.size(), 3);
    QVERIFY(!second->hasMore);
    QCOMPARE(second->messages.at(0).subject, u"Message 2"_s);

    OutboxFilter filter;
    filter.kind = NotificationKind::Refund;
    Result<OutboxPage> refunds = Database::wait(m_outbox->page(admin, filter, 0, 10));
    QVERIFY(refunds.ok());
    QCOMPARE(refunds->messages.size(), 2);
    filter = {};
    filter.recipient = u"OTHER.test"_s;
    Result<OutboxPage> other = Database::wait(m_outbox->page(admin, filter, 0, 10));
    QVERIFY(other.ok());
    QCOMPARE(other->messages.size(), 2);
    filter = {};
    filter.recipient = u"%"_s;
    Result<OutboxPage> percent = Database::wait(m_outbox->page(admin, filter, 0, 10));
    QVERIFY(percent.ok());
    QCOMPARE(percent->messages.size(), 0);
    filter = {};
    filter.status = NotificationStatus::Failed;
    Result<OutboxPage> failed = Database::wait(m_outbox->page(admin, filter, 0, 10));
    QVERIFY(failed.ok());
    QCOMPARE(failed->messages.size(), 0);
}

void TestNotificationOutbox::retryQueuesAFailedMessageOnce()
{
    Status reset = Database::wait(m_db->write([this](Connection &connection) {
        return NotificationEvents::passwordResetInTransaction(connection, m_customer, u"1"_s);
    }));
    QVERIFY(reset.ok());
    const qint64 id = scalar(u"SELECT id FROM outbox"_s).toLongLong();
    const Session admin = test::sessionFor(m_admin, Role::Admin);
    Status notFailed = Database::wait(m_outbox->retry(admin, id));
    QVERIFY(!notFailed.ok());
    QCOMPARE(notFailed.error().code, ErrorCode::Conflict);
    QVERIFY(run(u"UPDATE outbox SET status = 'failed', attempts = 8, last_error = 'boom' WHERE id = ?"_s, {id}));
    Status retried = Database::wait(m_outbox->retry(admin, id));
    QVERIFY2(retried.ok(), qPrintable(retried.ok() ? QString() : retried.error().message));
    Result<OutboxMessage> message = Database::wait(m_outbox->message(admin, id));
    QVERIFY(message.ok());
    QCOMPARE(message->status, NotificationStatus::Pending);
    QCOMPARE(message->attempts, 0);
    QCOMPARE(message->lastError, u"boom"_s);
    QVERIFY(!Database::wait(m_outbox->retry(admin, id)).ok());
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'notification.retried'"_s).toInt(), 1);
}

void TestNotificationOutbox::onlyAdministratorsSeeTheOutbox()
{
    const Session clerk = test::sessionFor(m_admin, Role::Clerk);
    Result<OutboxPage> page = Database::wait(m_outbox->page(clerk, {}, 0, 10));
    QVERIFY(!page.ok());
    QCOMPARE(page.error().code, ErrorCode::PermissionDenied);
    QVERIFY(!Database::wait(m_outbox->retry(clerk, 1)).ok());
}

QTEST_GUILESS_MAIN(TestNotificationOutbox)
#include "tst_notificationoutbox.moc"
