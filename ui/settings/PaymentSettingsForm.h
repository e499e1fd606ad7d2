#pragma once

#include "core/Result.h"
#include "payments/GatewayClient.h"

#include <QCoro/QCoroTask>
#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace sk {

class InlineMessage;

// The card gateway's address, API key, terminal id and timeout as one form,
// with a button that asks the gateway whether it answers and accepts the
// key. The saved key is never shown: an empty key field keeps it.
class PaymentSettingsForm : public QWidget {
    Q_OBJECT

public:
    explicit PaymentSettingsForm(QWidget *parent = nullptr);

    // What the database holds; read() starts from it.
    void setSettings(const GatewaySettings &settings);
    // The settings as edited. On input that cannot be used it returns the
    // sentence to show and, when asked, which field it is about.
    Status read(GatewaySettings &settings, QWidget **invalidField = nullptr) const;

    void showError(const QString &text);
    void clearMessage();
    QString message() const;
    bool isTesting() const { return m_testing; }

    QFormLayout *formLayout() const { return m_form; }
    QWidget *firstField() const;
    QWidget *lastField() const;

public slots:
    void testConnection();

signals:
    void edited();
    void connectionTested(bool succeeded);

private:
    QCoro::Task<> probe(GatewaySettings settings);
    void showSavedKey();

    GatewaySettings m_saved;
    QFormLayout *m_form;
    QLineEdit *m_url;
    QLineEdit *m_apiKey;
    QLabel *m_apiKeyState;
    QLineEdit *m_terminal;
    QSpinBox *m_timeout;
    QPushButton *m_test;
    InlineMessage *m_message;
    bool m_testing = false;
};

} // namespace sk
