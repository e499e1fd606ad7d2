#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QFuture>
#include <QWidget>

class QLineEdit;

namespace sk {

class AuthService;

// Where an administrator approves what is above a clerk's limit (a large
// discount, a price override) with their e-mail and register PIN or
// password, without signing the clerk out. Hidden until it is needed.
class ApprovalBox : public QWidget {
    Q_OBJECT

public:
    explicit ApprovalBox(QWidget *parent = nullptr);

    bool isFilled() const;
    QLineEdit *emailField() const { return m_email; }
    QLineEdit *secretField() const { return m_secret; }
    // The approver's session: a PIN when the secret is digits only, else a password.
    QFuture<Result<Session>> approve(AuthService &auth) const;
    void ask();

private:
    QLineEdit *m_email;
    QLineEdit *m_secret;
};

} // namespace sk
