#include "register/OpenShiftDialog.h"

#include "common/InlineMessage.h"

#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

OpenShiftDialog::OpenShiftDialog(const Services &services, const Session &session, qint64 registerId,
                                 const QString &currency, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_registerId(registerId),
      m_currency(currency),
      m_float(new QLineEdit(this)),
      m_message(new InlineMessage(this))
{
    setObjectName(u"openShiftDialog"_s);
    setWindowTitle(tr("Open shift"));
    m_float->setObjectName(u"openingFloat"_s);
    m_float->setPlaceholderText(Money(0, m_currency).toString());
    auto *intro = new QLabel(tr("No shift is open on this register. Count the cash in the drawer and type it "
                                "as the float."),
                             this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Cash &float:"), m_float);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *openButton = buttons->addButton(tr("&Open shift"), QDialogButtonBox::AcceptRole);
    openButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(openButton, &QPushButton::clicked, this, &OpenShiftDialog::openShift);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_float->setFocus();
}

QString OpenShiftDialog::message() const
{
    return m_message->text();
}

QCoro::Task<> OpenShiftDialog::openShift()
{
    if (m_busy)
        co_return;
    const std::optional<Money> amount = Money::parse(m_float->text().trimmed(), m_currency);
    if (!amount || amount->isNegative()) {
        m_message->showError(tr("Type the float as an amount, e.g. 150.00 (0 for an empty drawer)."));
        m_float->setFocus();
        co_return;
    }
    QPointer<OpenShiftDialog> guard(this);
    m_busy = true;
    const QFuture<Result<Shift>> pending = m_services.shifts->open(m_session, m_registerId, *amount);
    const Result<Shift> shift = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    if (!shift) {
        m_message->showError(shift.error().message);
        co_return;
    }
    emit opened(shift.value());
    accept();
}

} // namespace sk
