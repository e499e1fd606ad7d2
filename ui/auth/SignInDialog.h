#pragma once

#include "auth/Session.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <memory>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sk {

class AuthService;
class InlineMessage;

// Sign-in with e-mail and password, or with e-mail and PIN for a quick
// clerk switch at the register. Remembers the last e-mail addresses (never
// a secret) in QSettings. Enter signs in; Esc (Quit) rejects.
class SignInDialog : public QDialog {
    Q_OBJECT

public:
    enum class Mode { Password, Pin };

    explicit SignInDialog(std::shared_ptr<AuthService> auth, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    void setEmail(const QString &email);
    void setSecret(const QString &secret);
    // Shown above the form, e.g. why the previous user was signed out.
    void setNotice(const QString &text);

    const Session &session() const { return m_session; }
    // The inline message: why the last attempt failed, or empty.
    QString message() const;
    bool isBusy() const { return m_busy; }

public slots:
    void signIn();

signals:
    // Each finished attempt, successful or not (tests and screenshots wait on it).
    void attemptFinished(bool succeeded);

private:
    QCoro::Task<> attempt(Mode mode, QString email, QString secret);
    void setBusy(bool busy);
    void rememberEmail(const QString &email);

    std::shared_ptr<AuthService> m_auth;
    Session m_session;
    Mode m_mode = Mode::Password;
    QLabel *m_notice;
    QLineEdit *m_email;
    QLabel *m_secretLabel;
    QLineEdit *m_secret;
    QPushButton *m_switchMode;
    InlineMessage *m_message;
    QDialogButtonBox *m_buttons;
    QPushButton *m_signIn;
    bool m_busy = false;
};

} // namespace sk
