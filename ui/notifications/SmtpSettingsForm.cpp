#include "SmtpSettingsForm.h"

#include "common/InlineMessage.h"
#include "notifications/SmtpSettingsStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <QCoro/QCoroFuture>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int MaxPort = 65535;

} // namespace

SmtpSettingsForm::SmtpSettingsForm(std::shared_ptr<SmtpSettingsStore> store, const Session &session, QWidget *parent)
    : QWidget(parent), m_store(std::move(store)), m_session(session)
{
    m_enabled = new QCheckBox(tr("Send the shop's e-mail"), this);
    m_host = new QLineEdit(this);
    m_host->setPlaceholderText(tr("smtp.example.com"));
    m_port = new QSpinBox(this);
    m_port->setRange(1, MaxPort);
    m_port->setValue(587);
    m_security = new QComboBox(this);
    m_security->addItem(tr("STARTTLS (usually port 587)"), int(SmtpSettings::Security::StartTls));
    m_security->addItem(tr("TLS from the start (usually port 465)"), int(SmtpSettings::Security::Tls));
    m_security->addItem(tr("None (only on a trusted network)"), int(SmtpSettings::Security::None));
    m_user = new QLineEdit(this);
    m_user->setPlaceholderText(tr("Empty when the server needs no sign-in"));
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_from = new QLineEdit(this);
    m_from->setPlaceholderText(tr("shop@example.com"));
    m_fromName = new QLineEdit(this);
    m_fromName->setPlaceholderText(tr("The shop's name"));
    m_save = new QPushButton(tr("Save"), this);
    m_message = new InlineMessage(this);

    auto *form = new QFormLayout;
    form->addRow(QString(), m_enabled);
    form->addRow(tr("Mail server:"), m_host);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("Security:"), m_security);
    form->addRow(tr("User name:"), m_user);
    form->addRow(tr("Password:"), m_password);
    form->addRow(tr("Sender address:"), m_from);
    form->addRow(tr("Sender name:"), m_fromName);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    layout->addStretch();

    connect(m_save, &QPushButton::clicked, this, [this] { saveNow(); });
}

void SmtpSettingsForm::load()
{
    loadNow();
}

QString SmtpSettingsForm::feedback() const
{
    return m_feedback;
}

SmtpSettings SmtpSettingsForm::settings() const
{
    SmtpSettings s;
    s.enabled = m_enabled->isChecked();
    s.host = m_host->text().trimmed();
    s.port = m_port->value();
    s.security = SmtpSettings::Security(m_security->currentData().toInt());
    s.user = m_user->text();
    s.password = m_password->text();
    s.fromAddress = m_from->text().trimmed();
    s.fromName = m_fromName->text().trimmed();
    return s;
}

void SmtpSettingsForm::setSettings(const SmtpSettings &s)
{
    m_enabled->setChecked(s.enabled);
    m_host->setText(s.host);
    m_port->setValue(s.port);
    m_security->setCurrentIndex(qMax(0, m_security->findData(int(s.security))));
    m_user->setText(s.user);
    m_password->setText(s.password);
    m_from->setText(s.fromAddress);
    m_fromName->setText(s.fromName);
}

QCoro::Task<> SmtpSettingsForm::loadNow()
{
    // The form may be closed while the answer is on its way.
    QPointer<SmtpSettingsForm> self(this);
    QFuture<Result<SmtpSettings>> loading = m_store->load(m_session);
    const Result<SmtpSettings> loaded = co_await loading;
    if (!self)
        co_return;
    if (!loaded) {
        m_feedback = loaded.error().message;
        m_message->showError(m_feedback);
        co_return;
    }
    setSettings(loaded.value());
    emit this->loaded();
}

QCoro::Task<> SmtpSettingsForm::saveNow()
{
    m_save->setEnabled(false);
    QPointer<SmtpSettingsForm> self(this);
    QFuture<Status> saving = m_store->save(m_session, settings());
    const Status done = co_await saving;
    if (!self)
        co_return;
    m_save->setEnabled(true);
    if (!done) {
        m_feedback = done.error().message;
        m_message->showError(m_feedback);
    } else {
        m_feedback = tr("The mail settings are saved.");
        m_message->showInformation(m_feedback);
    }
    emit saved();
}

} // namespace sk
