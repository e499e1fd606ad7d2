#include "auth/SignInDialog.h"

#include "auth/AuthService.h"
#include "auth/PasswordPolicy.h"
#include "common/InlineMessage.h"

#include <QCompleter>
#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSettings>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

const QString RecentEmailsKey = u"signIn/recentEmails"_s;
const QString ModeKey = u"signIn/mode"_s;
constexpr int RecentEmailsKept = 10;

} // namespace

SignInDialog::SignInDialog(std::shared_ptr<AuthService> auth, QWidget *parent)
    : QDialog(parent),
      m_auth(std::move(auth)),
      m_notice(new QLabel(this)),
      m_email(new QLineEdit(this)),
      m_secretLabel(new QLabel(this)),
      m_secret(new QLineEdit(this)),
      m_switchMode(new QPushButton(this)),
      m_message(new InlineMessage(this)),
      m_buttons(new QDialogButtonBox(this)),
      m_signIn(nullptr)
{
    setObjectName(u"signInDialog"_s);
    setWindowTitle(tr("Sign in to Storekeeper"));

    auto *heading = new QLabel(tr("Sign in"), this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    heading->setFont(headingFont);

    m_notice->setWordWrap(true);
    m_notice->setVisible(false);

    const QSettings settings;
    const QStringList recent = settings.value(RecentEmailsKey).toStringList();
    m_email->setObjectName(u"email"_s);
    m_email->setPlaceholderText(tr("name@example.com"));
    m_email->setText(recent.value(0));
    auto *completer = new QCompleter(recent, m_email);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_email->setCompleter(completer);

    m_secret->setObjectName(u"secret"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secretLabel->setBuddy(m_secret);
    m_switchMode->setObjectName(u"switchModeButton"_s);
    m_switchMode->setAutoDefault(false);
    m_switchMode->setFlat(true);
    m_switchMode->setCursor(Qt::PointingHandCursor);
    connect(m_switchMode, &QPushButton::clicked, this,
            [this] { setMode(m_mode == Mode::Password ? Mode::Pin : Mode::Password); });

    auto *form = new QFormLayout;
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(m_secretLabel, m_secret);
    auto *switchRow = new QHBoxLayout;
    switchRow->addStretch(1);
    switchRow->addWidget(m_switchMode);

    m_signIn = m_buttons->addButton(tr("&Sign in"), QDialogButtonBox::AcceptRole);
    m_signIn->setObjectName(u"signInButton"_s);
    m_signIn->setDefault(true);
    QPushButton *quit = m_buttons->addButton(tr("&Quit"), QDialogButtonBox::RejectRole);
    quit->setObjectName(u"quitButton"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::signIn);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_message->setObjectName(u"signInMessage"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_notice);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addLayout(switchRow);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    setTabOrder(m_email, m_secret);
    setTabOrder(m_secret, m_signIn);
    setTabOrder(m_signIn, quit);
    setTabOrder(quit, m_switchMode);

    setMode(settings.value(ModeKey).toString() == u"pin"_s ? Mode::Pin : Mode::Password);
    setMinimumWidth(400);
}

void SignInDialog::setMode(Mode mode)
{
    m_mode = mode;
    m_secret->clear();
    m_message->clear();
    if (mode == Mode::Pin) {
        m_secretLabel->setText(tr("&PIN:"));
        m_secret->setPlaceholderText(tr("%1 to %2 digits").arg(PasswordPolicy::kMinPinLength).arg(PasswordPolicy::kMaxPinLength));
        m_secret->setMaxLength(PasswordPolicy::kMaxPinLength);
        delete m_secret->validator();
        m_secret->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[0-9]*"_s), m_secret));
        m_secret->setInputMethodHints(Qt::ImhDigitsOnly | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
        m_switchMode->setText(tr("Use password &instead"));
    } else {
        m_secretLabel->setText(tr("&Password:"));
        m_secret->setPlaceholderText(QString());
        m_secret->setMaxLength(PasswordPolicy::kMaxPasswordLength);
        delete m_secret->validator();
        m_secret->setValidator(nullptr);
        m_secret->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
        m_switchMode->setText(tr("Use a register PIN &instead"));
    }
    (m_email->text().isEmpty() ? m_email : m_secret)->setFocus();
}

void SignInDialog::setEmail(const QString &email)
{
    m_email->setText(email);
    if (!email.isEmpty())
        m_secret->setFocus();
}

void SignInDialog::setSecret(const QString &secret)
{
    m_secret->setText(secret);
}

void SignInDialog::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

QString SignInDialog::message() const
{
    return m_message->text();
}

void SignInDialog::signIn()
{
    if (m_busy)
        return;
    const QString email = m_email->text().trimmed();
    if (email.isEmpty()) {
        m_email->setFocus();
        m_message->showError(tr("Enter the e-mail address of your Storekeeper account."));
        return;
    }
    if (m_secret->text().isEmpty()) {
        m_secret->setFocus();
        m_message->showError(m_mode == Mode::Pin ? tr("Enter your PIN.") : tr("Enter your password."));
        return;
    }
    attempt(m_mode, email, m_secret->text());
}

QCoro::Task<> SignInDialog::attempt(Mode mode, QString email, QString secret)
{
    setBusy(true);
    QPointer<SignInDialog> guard(this);
    const QFuture<Result<Session>> pending =
        mode == Mode::Pin ? m_auth->signInWithPin(email, secret) : m_auth->signIn(email, secret);
    const Result<Session> session = co_await pending;
    if (!guard)
        co_return;
    setBusy(false);
    if (!session) {
        m_message->showError(session.error().message);
        m_secret->clear();
        m_secret->setFocus();
        emit attemptFinished(false);
        co_return;
    }
    m_session = session.value();
    rememberEmail(m_session.email);
    QSettings().setValue(ModeKey, mode == Mode::Pin ? u"pin"_s : u"password"_s);
    emit attemptFinished(true);
    accept();
}

void SignInDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_signIn->setEnabled(!busy);
    m_email->setReadOnly(busy);
    m_secret->setReadOnly(busy);
    if (busy)
        m_message->showInformation(tr("Signing in…"));
    else
        m_message->clear();
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

void SignInDialog::rememberEmail(const QString &email)
{
    QSettings settings;
    QStringList recent = settings.value(RecentEmailsKey).toStringList();
    recent.removeAll(email);
    recent.prepend(email);
    while (recent.size() > RecentEmailsKept)
        recent.removeLast();
    settings.setValue(RecentEmailsKey, recent);
}

} // namespace sk
