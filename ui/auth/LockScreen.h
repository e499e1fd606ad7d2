#pragma once

#include "auth/Session.h"

#include <QCoro/QCoroTask>
#include <QWidget>
#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;

namespace sk {

class AuthService;
class InlineMessage;

// Covers the main window's content while it is locked: only the signed-in
// user's password or PIN (AuthService::unlock) brings it back, or another
// user signs in.
class LockScreen : public QWidget {
    Q_OBJECT

public:
    explicit LockScreen(std::shared_ptr<AuthService> auth, QWidget *parent = nullptr);

    void setSession(const Session &session);
    // Clears the field and message and puts the focus in the field.
    void prepare();
    QString message() const;
    void setSecret(const QString &secret);

public slots:
    void unlock();

signals:
    void unlocked();
    void switchUserRequested();
    void attemptFinished(bool succeeded);

private:
    QCoro::Task<> attempt(QString secret);

    std::shared_ptr<AuthService> m_auth;
    Session m_session;
    QLabel *m_who;
    QLineEdit *m_secret;
    QPushButton *m_unlock;
    QPushButton *m_switchUser;
    InlineMessage *m_message;
    bool m_busy = false;
};

} // namespace sk
