#include "register/ApprovalBox.h"

#include "auth/AuthService.h"
#include "common/InlineMessage.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QCoro/QCoroFuture>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

bool looksLikePin(const QString &secret)
{
    if (secret.isEmpty())
        return false;
    for (const QChar c : secret)
        if (!c.isDigit())
            return false;
    return true;
}

} // namespace

ApprovalBox::ApprovalBox(QWidget *parent) : QWidget(parent), m_email(new QLineEdit(this)), m_secret(new QLineEdit(this))
{
    setObjectName(u"approvalBox"_s);
    m_email->setObjectName(u"approverEmail"_s);
    m_secret->setObjectName(u"approverSecret"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    m_email->setPlaceholderText(tr("Administrator's e-mail"));
    m_secret->setPlaceholderText(tr("Their register PIN or password"));
    // The placeholders say what to type; they are read whole.
    for (QLineEdit *field : {m_email, m_secret})
        field->setMinimumWidth(field->fontMetrics().horizontalAdvance(field->placeholderText()) + 24);
    auto *layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *note = new QLabel(tr("This is above your limit: an administrator approves it here."), this);
    note->setWordWrap(true);
    layout->addRow(note);
    layout->addRow(tr("Approved by:"), m_email);
    layout->addRow(tr("PIN or password:"), m_secret);
    setVisible(false);
}

bool ApprovalBox::isFilled() const
{
    return isVisible() && !m_email->text().trimmed().isEmpty() && !m_secret->text().isEmpty();
}

void ApprovalBox::ask()
{
    setVisible(true);
    // The dialog was laid out without the box: it grows so that the note's
    // wrapped lines are not cut.
    window()->adjustSize();
    m_email->setFocus(Qt::OtherFocusReason);
}

QFuture<Result<Session>> ApprovalBox::approve(AuthService &auth) const
{
    const QString email = m_email->text().trimmed();
    if (looksLikePin(m_secret->text()))
        return auth.signInWithPin(email, m_secret->text());
    return auth.signIn(email, m_secret->text());
}

QCoro::Task<std::optional<Cart>> ApprovalBox::runCartChange(InlineMessage *message, AuthService &auth,
                                                            bool useApprover, CartChange change)
{
    QPointer<ApprovalBox> guard(this);
    std::optional<Session> approver;
    if (useApprover && isFilled()) {
        const QFuture<Result<Session>> pendingApprover = approve(auth);
        const Result<Session> signedIn = co_await pendingApprover;
        if (!guard)
            co_return std::nullopt;
        if (!signedIn) {
            message->showError(signedIn.error().message);
            co_return std::nullopt;
        }
        approver = signedIn.value();
    }
    const QFuture<Result<Cart>> pending = change(approver);
    const Result<Cart> cart = co_await pending;
    if (!guard)
        co_return std::nullopt;
    if (!cart) {
        message->showError(cart.error().message);
        if (cart.error().code == ErrorCode::PermissionDenied && !isVisible())
            ask();
        co_return std::nullopt;
    }
    co_return cart.value();
}

} // namespace sk
