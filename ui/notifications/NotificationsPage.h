#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "notifications/NotificationTypes.h"

#include <QCoro/QCoroTask>
#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;

namespace sk {

class InlineMessage;
class NotificationOutbox;
class NotificationTableModel;
class SmtpSettingsForm;
class SmtpSettingsStore;

// The outbox for administrators (docs/notifications.md, docs/ui.md
// "Notifications page"): every message newest first, a page at a time as the
// table scrolls, filtered by status, kind and recipient; failed ones show
// their error; the selected message is shown in full below, and a failed one
// can be sent again (Retry, Ctrl+R). The second tab holds the mail server
// settings. The page builds its own NotificationOutbox and SmtpSettingsStore
// from services.database.
class NotificationsPage : public QWidget {
    Q_OBJECT

public:
    NotificationsPage(const Services &services, const Session &session, QWidget *parent = nullptr);
    ~NotificationsPage() override;

    NotificationTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QComboBox *statusFilter() const { return m_status; }
    QComboBox *kindFilter() const { return m_kind; }
    QLineEdit *recipientSearch() const { return m_recipient; }
    QPlainTextEdit *detail() const { return m_detail; }
    QPushButton *retryButton() const { return m_retry; }
    QTabWidget *tabs() const { return m_tabs; }
    SmtpSettingsForm *settingsForm() const { return m_settings; }
    QString feedback() const { return m_feedback; }

    void start();
    bool hasLoaded() const { return m_loaded; }
    bool selectMessage(qint64 id);

public slots:
    void retrySelected();
    void reload();

signals:
    void loaded();
    void actionFinished();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QCoro::Task<> retry(qint64 id);
    void applyFilter();
    void updateSelection();

    std::shared_ptr<NotificationOutbox> m_outbox;
    std::shared_ptr<SmtpSettingsStore> m_smtp;
    Session m_session;
    NotificationTableModel *m_model = nullptr;
    QTabWidget *m_tabs = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_recipient = nullptr;
    QTimer *m_searchDelay = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_refresh = nullptr;
    QLabel *m_count = nullptr;
    InlineMessage *m_message = nullptr;
    SmtpSettingsForm *m_settings = nullptr;
    QString m_feedback;
    bool m_started = false;
    bool m_loaded = false;
};

} // namespace sk
