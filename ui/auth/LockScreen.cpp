#include "auth/LockScreen.h"

#include "auth/AuthService.h"
#include "common/InlineMessage.h"

#include <QCoro/QCoroFuture>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int PanelWidth = 440;

} // namespace

LockScreen::LockScreen(std::shared_ptr<AuthService> auth, QWidget *parent)
    : QWidget(parent),
      m_auth(std::move(auth)),
      m_who(new QLabel(this)),
      m_secret(new QLineEdit(this)),
      m_unlock(new QPushButton(tr("&Unlock"), this)),
      m_switchUser(new QPushButton(tr("S&witch user…"), this)),
      m_message(new InlineMessage(this))
{
    setObjectName(u"lockScreen"_s);
    setAutoFillBackground(true);

    auto *title = new QLabel(tr("Storekeeper is locked"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    m_who->setWordWrap(true);
    m_who->setAlignment(Qt::AlignCenter);
    m_who->setTextFormat(Qt::PlainText);

    m_secret->setObjectName(u"unlockSecret"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("Password or PIN"));
    m_secret->setAccessibleName(tr("Password or PIN"));
    m_unlock->setObjectName(u"unlockButton"_s);
    m_unlock->setDefault(true);
    m_switchUser->setObjectName(u"lockSwitchUserButton"_s);
    m_message->setObjectName(u"unlockMessage"_s);

    connect(m_secret, &QLineEdit::returnPressed, this, &LockScreen::unlock);
    connect(m_unlock, &QPushButton::clicked, this, &LockScreen::unlock);
    connect(m_switchUser, &QPushButton::clicked, this, &LockScreen::switchUserRequested);

    // A fixed width lets the wrapped sentences take the height they need.
    auto *panel = new QWidget(this);
    panel->setFixedWidth(PanelWidth);
    auto *panelLayout = new QVBoxLayout(panel);
    panelLayout->addWidget(title);
    panelLayout->addWidget(m_who);
    panelLayout->addSpacing(8);
    panelLayout->addWidget(m_secret);
    panelLayout->addWidget(m_message);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_switchUser);
    buttons->addStretch(1);
    buttons->addWidget(m_unlock);
    panelLayout->addLayout(buttons);

    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(panel);
    row->addStretch(1);
    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);

    setTabOrder(m_secret, m_unlock);
    setTabOrder(m_unlock, m_switchUser);
}

void LockScreen::setSession(const Session &session)
{
    m_session = session;
    m_who->setText(tr("Signed in as %1 (%2). Enter this account's password or PIN to continue.")
                       .arg(session.displayName, session.email));
}

void LockScreen::prepare()
{
    m_secret->clear();
    m_message->clear();
    m_secret->setFocus();
}

QString LockScreen::message() const
{
    return m_message->text();
}

void LockScreen::setSecret(const QString &secret)
{
    m_secret->setText(secret);
}

void LockScreen::unlock()
{
    if (m_busy)
        return;
    if (m_secret->text().isEmpty()) {
        m_message->showError(tr("Enter your password or PIN."));
        m_secret->setFocus();
        return;
    }
    attempt(m_secret->text());
}

QCoro::Task<> LockScreen::attempt(QString secret)
{
    m_busy = true;
    m_unlock->setEnabled(false);
    m_message->showInformation(tr("Checking…"));
    QPointer<LockScreen> guard(this);
    const QFuture<Result<Session>> checking = m_auth->unlock(m_session, secret);
    const Result<Session> session = co_await checking;
    if (!guard)
        co_return;
    m_busy = false;
    m_unlock->setEnabled(true);
    m_secret->clear();
    if (!session) {
        // The service's sentence speaks of an e-mail address, which nobody typed here.
        m_message->showError(session.error().code == ErrorCode::Unauthenticated
                                 ? tr("That is not the password or PIN of this account. Try again.")
                                 : session.error().message);
        m_secret->setFocus();
        emit attemptFinished(false);
        co_return;
    }
    m_message->clear();
    emit attemptFinished(true);
    emit unlocked();
}

} // namespace sk
