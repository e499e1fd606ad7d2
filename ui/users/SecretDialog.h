#pragma once

#include <QDialog>

class QLineEdit;

namespace sk {

class InlineMessage;

// Asks for a new password or register PIN twice and checks it against
// PasswordPolicy before it is accepted; the caller hands it to the service.
class SecretDialog : public QDialog {
    Q_OBJECT

public:
    enum class Kind { Password, Pin };

    // accountEmail: a password may not contain the account's e-mail name.
    SecretDialog(Kind kind, const QString &accountName, const QString &accountEmail, QWidget *parent = nullptr);

    QString secret() const;
    QString message() const;

    void accept() override;

private:
    Kind m_kind;
    QString m_email;
    QLineEdit *m_secret;
    QLineEdit *m_confirm;
    InlineMessage *m_message;
};

} // namespace sk
