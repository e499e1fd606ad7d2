// The Notifications page on an outbox with sent, waiting and failed
// messages: newest first, the filters, the detail pane with the error, Retry
// on a failed message, and the mail server form.

#include "NotificationTableModel.h"
#include "TestSessions.h"
#include "UiTestShop.h"
#include "notifications/NotificationOutbox.h"
#include "notifications/NotificationsPage.h"
#include "notifications/SmtpSettingsForm.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestNotificationsPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void listsNewestFirstWithTheErrorOfFailedOnes();
    void filtersByStatusKindAndRecipient();
    void retrySendsAFailedMessageAgain();
    void savesTheMailServer();
    void closingWhileTheMailServerLoadsOrSavesIsSafe();

private:
    bool run(const QString &sql, const QVariantList &values = {});
    void queue(NotificationKind kind, const QString &to, const QString &subject);

    std::unique_ptr<test::TestDatabase> m_testDb;
    Services m_services;
    Session m_admin;
    std::unique_ptr<NotificationsPage> m_page;
};

bool TestNotificationsPage::run(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_services.database->write(
                              [sql, values](Connection &connection) { return connection.run(sql, values); }))
        .ok();
}

void TestNotificationsPage::queue(NotificationKind kind, const QString &to, const QString &subject)
{
    Result<bool> queued = Database::wait(m_services.database->write([kind, to, subject](Connection &connection) {
        NotificationDraft draft;
        draft.kind = kind;
        draft.recipientEmail = to;
        draft.subject = subject;
        draft.body = u"Hello,\n\n"_s + subject + u".\n\nKind regards,\nCorner Shop\n"_s;
        draft.eventKey = u"ui:"_s + subject;
        return NotificationOutbox::enqueueInTransaction(connection, draft);
    }));
    QVERIFY(queued.ok() && queued.value());
}

void TestNotificationsPage::initTestCase()
{
    test::isolateSettings();
}

void TestNotificationsPage::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    SK_REQUIRE_DATABASE(*m_testDb);
    m_services.database = m_testDb->open();
    QVERIFY(m_services.database);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(run(u"INSERT INTO users (email, password_hash, first_name, last_name, role, created_at, updated_at) "
                "VALUES ('owner@corner.shop', 'x', 'Olga', 'Owner', 'admin', ?, ?)"_s,
                {now, now}));
    m_admin = test::sessionFor(1, Role::Admin);
    queue(NotificationKind::OrderPlaced, u"jane@example.com"_s, u"Your order W-000001 at Corner Shop"_s);
    queue(NotificationKind::OrderShipped, u"jane@example.com"_s, u"Your order W-000001 has shipped"_s);
    queue(NotificationKind::LowStock, u"vendor@tea.test"_s, u"Low stock: Sencha Tea"_s);
    queue(NotificationKind::Refund, u"bob@example.com"_s, u"Refund for your order W-000002"_s);
    queue(NotificationKind::PasswordReset, u"clara@corner.shop"_s, u"Your password at Corner Shop was reset"_s);
    QVERIFY(run(u"UPDATE outbox SET status = 'sent', attempts = 1, sent_at = ? WHERE id IN (1, 2)"_s, {now}));
    QVERIFY(run(u"UPDATE outbox SET status = 'failed', attempts = 8, last_error = ? WHERE id = 4"_s,
                {u"The mail server refused the recipient bob@example.com. (550 5.1.1 no such mailbox)"_s}));
    QVERIFY(run(u"UPDATE outbox SET attempts = 2, next_attempt_at = ?, last_error = ? WHERE id = 3"_s,
                {now.addSecs(120), u"The mail server did not answer in time. Sending will be tried again."_s}));
    m_page = std::make_unique<NotificationsPage>(m_services, m_admin);
    m_page->resize(1100, 700);
    QSignalSpy loaded(m_page.get(), &NotificationsPage::loaded);
    m_page->show();
    QVERIFY(loaded.wait(10'000));
}

void TestNotificationsPage::cleanup()
{
    m_page.reset();
    m_services = {};
    m_testDb.reset();
}

void TestNotificationsPage::listsNewestFirstWithTheErrorOfFailedOnes()
{
    NotificationTableModel *model = m_page->model();
    QCOMPARE(model->rowCount(), 5);
    QCOMPARE(model->messageAt(0).subject, u"Your password at Corner Shop was reset"_s);
    QCOMPARE(model->messageAt(4).subject, u"Your order W-000001 at Corner Shop"_s);
    const int failedRow = model->rowOfMessage(4);
    QVERIFY(model->index(failedRow, NotificationTableModel::ErrorColumn).data().toString().contains(u"550 5.1.1"_s));
    QCOMPARE(model->index(failedRow, NotificationTableModel::StatusColumn).data().toString(), u"Failed"_s);
    QVERIFY(m_page->selectMessage(4));
    QVERIFY(m_page->detail()->toPlainText().contains(u"no such mailbox"_s));
    QVERIFY(m_page->detail()->toPlainText().contains(u"Kind regards"_s));
    QVERIFY(m_page->retryButton()->isEnabled());
    test::saveScreenshotIfWanted(m_page.get(), u"notifications-outbox"_s);
    QVERIFY(m_page->selectMessage(1));
    QVERIFY(!m_page->retryButton()->isEnabled());
}

void TestNotificationsPage::filtersByStatusKindAndRecipient()
{
    NotificationTableModel *model = m_page->model();
    QSignalSpy pages(model, &KeysetTableModel::pageLoaded);
    m_page->statusFilter()->setCurrentIndex(m_page->statusFilter()->findData(u"failed"_s));
    QVERIFY(pages.wait(5'000));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->messageAt(0).id, qint64(4));
    m_page->statusFilter()->setCurrentIndex(0);
    QVERIFY(pages.wait(5'000));
    QCOMPARE(model->rowCount(), 5);
    m_page->kindFilter()->setCurrentIndex(m_page->kindFilter()->findData(u"low_stock"_s));
    QVERIFY(pages.wait(5'000));
    QCOMPARE(model->rowCount(), 1);
    m_page->kindFilter()->setCurrentIndex(0);
    QVERIFY(pages.wait(5'000));
    m_page->recipientSearch()->setText(u"JANE"_s);
    QVERIFY(pages.wait(5'000));
    QCOMPARE(model->rowCount(), 2);
}

void TestNotificationsPage::retrySendsAFailedMessageAgain()
{
    QVERIFY(m_page->selectMessage(4));
    QSignalSpy finished(m_page.get(), &NotificationsPage::actionFinished);
    QTest::mouseClick(m_page->retryButton(), Qt::LeftButton);
    QVERIFY(finished.wait(5'000));
    QVERIFY2(m_page->feedback().contains(u"queued again"_s), qPrintable(m_page->feedback()));
    const NotificationTableModel *model = m_page->model();
    QCOMPARE(model->messageAt(model->rowOfMessage(4)).status, NotificationStatus::Pending);
    QVERIFY(!m_page->retryButton()->isEnabled());
    test::saveScreenshotIfWanted(m_page.get(), u"notifications-retried"_s);
}

void TestNotificationsPage::savesTheMailServer()
{
    m_page->tabs()->setCurrentIndex(1);
    SmtpSettingsForm *form = m_page->settingsForm();
    SmtpSettings s;
    s.enabled = true;
    s.host = u"smtp.corner.shop"_s;
    s.port = 587;
    s.fromAddress = u"no-reply"_s;
    form->setSettings(s);
    QSignalSpy saved(form, &SmtpSettingsForm::saved);
    // Refused before any database work: the answer may come within click().
    QTest::mouseClick(form->saveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5'000);
    QVERIFY2(form->feedback().contains(u"the shop's mail comes from"_s), qPrintable(form->feedback()));
    s.fromAddress = u"shop@corner.shop"_s;
    s.user = u"shop"_s;
    s.password = u"secret"_s;
    form->setSettings(s);
    QTest::mouseClick(form->saveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 2, 5'000);
    QCOMPARE(form->feedback(), u"The mail settings are saved."_s);
    test::saveScreenshotIfWanted(m_page.get(), u"notifications-mail-server"_s);
}

void TestNotificationsPage::closingWhileTheMailServerLoadsOrSavesIsSafe()
{
    // A page closed before its answers arrive: the answers must find nothing
    // to write into (this once crashed the next test in the same process).
    for (int round = 0; round < 20; ++round) {
        auto closing = std::make_unique<NotificationsPage>(m_services, m_admin);
        closing->show();
        if (round % 2 == 1)
            QTest::mouseClick(closing->settingsForm()->saveButton(), Qt::LeftButton);
        closing.reset();
    }
    // Everything asked has been answered once a write and a read queued
    // after it are done; the answers are delivered by the event loop.
    QVERIFY(run(u"SELECT 1"_s));
    QVERIFY(Database::wait(m_services.database->read([](Connection &connection) { return connection.run(u"SELECT 1"_s); }))
                .ok());
    QTest::qWait(100);
    QVERIFY(m_page->selectMessage(4));
    QVERIFY(m_page->detail()->toPlainText().contains(u"no such mailbox"_s));
}

QTEST_MAIN(TestNotificationsPage)
#include "tst_notificationspage.moc"
