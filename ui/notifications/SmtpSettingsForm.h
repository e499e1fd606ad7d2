#pragma once

#include "auth/Session.h"
#include "notifications/SmtpSettings.h"

#include <QCoro/QCoroTask>
#include <QWidget>
#include <memory>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace sk {

class InlineMessage;
class SmtpSettingsStore;

// The mail server the outbox is sent through (docs/notifications.md,
// "Settings"), on the Notifications page: loaded when shown, saved with Save.
class SmtpSettingsForm : public QWidget {
    Q_OBJECT

public:
    SmtpSettingsForm(std::shared_ptr<SmtpSettingsStore> store, const Session &session, QWidget *parent = nullptr);

    void load();
    SmtpSettings settings() const;
    void setSettings(const SmtpSettings &settings);
    QPushButton *saveButton() const { return m_save; }
    QString feedback() const;

signals:
    void loaded();
    void saved();

private:
    QCoro::Task<> loadNow();
    QCoro::Task<> saveNow();

    std::shared_ptr<SmtpSettingsStore> m_store;
    Session m_session;
    QCheckBox *m_enabled = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QComboBox *m_security = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_from = nullptr;
    QLineEdit *m_fromName = nullptr;
    QPushButton *m_save = nullptr;
    InlineMessage *m_message = nullptr;
    QString m_feedback;
};

} // namespace sk
