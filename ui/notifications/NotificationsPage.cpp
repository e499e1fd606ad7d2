#include "notifications/NotificationsPage.h"

#include "NotificationTableModel.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "notifications/NotificationOutbox.h"
#include "notifications/SmtpSettingsForm.h"
#include "notifications/SmtpSettingsStore.h"

#include <QAction>
#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int SearchDelayMs = 250;

QString whenText(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::LongFormat) : QString();
}

QString detailText(const OutboxMessage &m)
{
    QStringList lines;
    lines << NotificationsPage::tr("To: %1").arg(m.recipientEmail)
          << NotificationsPage::tr("Subject: %1").arg(m.subject)
          << NotificationsPage::tr("Queued: %1").arg(whenText(m.createdAt))
          << NotificationsPage::tr("Status: %1, %n attempt(s)", nullptr, m.attempts).arg(notificationStatusTitle(m.status));
    if (m.status == NotificationStatus::Sent)
        lines << NotificationsPage::tr("Sent: %1").arg(whenText(m.sentAt));
    else if (m.status == NotificationStatus::Pending && m.nextAttemptAt.isValid())
        lines << NotificationsPage::tr("Next attempt: %1").arg(whenText(m.nextAttemptAt));
    if (m.status != NotificationStatus::Sent && !m.lastError.isEmpty())
        lines << NotificationsPage::tr("Last error: %1").arg(m.lastError);
    return lines.join(u'\n') + u"\n\n"_s + m.body;
}

} // namespace

NotificationsPage::NotificationsPage(const Services &services, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_outbox(std::make_shared<NotificationOutbox>(services.database)),
      m_smtp(std::make_shared<SmtpSettingsStore>(services.database)),
      m_session(session)
{
    m_model = new NotificationTableModel(m_outbox, this);

    m_status = new QComboBox(this);
    m_status->addItem(tr("All statuses"));
    for (NotificationStatus status : allNotificationStatuses())
        m_status->addItem(notificationStatusTitle(status), notificationStatusName(status));
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("All kinds"));
    for (NotificationKind kind : allNotificationKinds())
        m_kind->addItem(notificationKindTitle(kind), notificationKindName(kind));
    m_recipient = new QLineEdit(this);
    m_recipient->setPlaceholderText(tr("Search by recipient"));
    m_recipient->setClearButtonEnabled(true);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(SearchDelayMs);
    m_refresh = new QPushButton(tr("Refresh"), this);
    m_retry = new QPushButton(tr("Retry"), this);
    m_retry->setToolTip(tr("Send the selected failed message again (Ctrl+R)"));
    m_retry->setEnabled(false);
    auto *retryAction = new QAction(this);
    retryAction->setShortcut(QKeySequence(tr("Ctrl+R")));
    retryAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(retryAction);
    connect(retryAction, &QAction::triggered, this, &NotificationsPage::retrySelected);

    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(NotificationTableModel::CreatedColumn, 130);
    m_view->setColumnWidth(NotificationTableModel::KindColumn, 110);
    m_view->setColumnWidth(NotificationTableModel::RecipientColumn, 190);
    m_view->setColumnWidth(NotificationTableModel::SubjectColumn, 240);
    m_view->setColumnWidth(NotificationTableModel::StatusColumn, 130);
    m_view->setColumnWidth(NotificationTableModel::AttemptsColumn, 70);
    m_detail = new QPlainTextEdit(this);
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Choose a message to read it."));
    m_count = new QLabel(this);
    m_message = new InlineMessage(this);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_status);
    filters->addWidget(m_kind);
    filters->addWidget(m_recipient, 1);
    filters->addWidget(m_refresh);
    filters->addWidget(m_retry);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *outboxTab = new QWidget(this);
    auto *outboxLayout = new QVBoxLayout(outboxTab);
    outboxLayout->addLayout(filters);
    outboxLayout->addWidget(m_message);
    outboxLayout->addWidget(splitter, 1);
    outboxLayout->addWidget(m_count);

    m_settings = new SmtpSettingsForm(m_smtp, session, this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(outboxTab, tr("Outbox"));
    m_tabs->addTab(m_settings, tr("Mail server"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(tr("Notifications"),
                                     tr("E-mail to customers and staff: order updates, refunds, low stock and "
                                        "password resets, as they are sent."),
                                     this));
    layout->addWidget(m_tabs, 1);

    connect(m_status, &QComboBox::currentIndexChanged, this, &NotificationsPage::applyFilter);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &NotificationsPage::applyFilter);
    connect(m_recipient, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &NotificationsPage::applyFilter);
    connect(m_refresh, &QPushButton::clicked, this, &NotificationsPage::reload);
    connect(m_retry, &QPushButton::clicked, this, &NotificationsPage::retrySelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &NotificationsPage::updateSelection);
    connect(m_model, &KeysetTableModel::pageLoaded, this, [this] {
        m_count->setText(m_model->isAtEnd() ? tr("%n message(s)", nullptr, m_model->rowCount())
                                            : tr("%n message(s) shown, scroll for more", nullptr, m_model->rowCount()));
        if (!m_loaded) {
            m_loaded = true;
            emit loaded();
        }
        updateSelection();
    });
    connect(m_model, &KeysetTableModel::loadFailed, this,
            [this](const QString &message) { m_message->showError(message); });
}

NotificationsPage::~NotificationsPage() = default;

void NotificationsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    start();
}

void NotificationsPage::start()
{
    if (m_started)
        return;
    m_started = true;
    m_model->setSession(m_session);
    m_settings->load();
}

void NotificationsPage::reload()
{
    m_model->reload();
}

void NotificationsPage::applyFilter()
{
    OutboxFilter filter;
    if (m_status->currentIndex() > 0)
        filter.status = notificationStatusFromName(m_status->currentData().toString());
    if (m_kind->currentIndex() > 0)
        filter.kind = notificationKindFromName(m_kind->currentData().toString());
    filter.recipient = m_recipient->text().trimmed();
    m_model->setFilter(filter);
}

bool NotificationsPage::selectMessage(qint64 id)
{
    const int row = m_model->rowOfMessage(id);
    if (row < 0)
        return false;
    m_view->selectRow(row);
    return true;
}

void NotificationsPage::updateSelection()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_detail->clear();
        m_retry->setEnabled(false);
        return;
    }
    const OutboxMessage &message = m_model->messageAt(rows.first().row());
    m_detail->setPlainText(detailText(message));
    m_retry->setEnabled(message.status == NotificationStatus::Failed);
}

void NotificationsPage::retrySelected()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() || m_model->messageAt(rows.first().row()).status != NotificationStatus::Failed)
        return;
    retry(m_model->messageAt(rows.first().row()).id);
}

QCoro::Task<> NotificationsPage::retry(qint64 id)
{
    QPointer<NotificationsPage> self(this);
    m_retry->setEnabled(false);
    QFuture<Status> retrying = m_outbox->retry(m_session, id);
    const Status done = co_await retrying;
    if (!self)
        co_return;
    if (!done) {
        m_feedback = done.error().message;
        m_message->showError(m_feedback);
    } else {
        m_feedback = tr("The message is queued again and will be sent shortly.");
        m_message->showInformation(m_feedback);
        QFuture<Result<OutboxMessage>> reading = m_outbox->message(m_session, id);
        const Result<OutboxMessage> fresh = co_await reading;
        if (!self)
            co_return;
        if (fresh)
            m_model->replaceMessage(fresh.value());
    }
    updateSelection();
    emit actionFinished();
}

} // namespace sk
