#include "register/CashMovementDialog.h"

#include "common/InlineMessage.h"
#include "sales/ShiftService.h"

#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

CashMovementDialog::CashMovementDialog(const Services &services, const Session &session, qint64 shiftId,
                                       const QString &currency, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_shiftId(shiftId),
      m_currency(currency),
      m_direction(new QComboBox(this)),
      m_amount(new QLineEdit(this)),
      m_reason(new QLineEdit(this)),
      m_message(new InlineMessage(this))
{
    setObjectName(u"cashMovementDialog"_s);
    setWindowTitle(tr("Cash in or out"));
    m_direction->setObjectName(u"cashDirection"_s);
    m_direction->addItem(tr("Into the drawer"), true);
    m_direction->addItem(tr("Out of the drawer"), false);
    m_amount->setObjectName(u"cashAmount"_s);
    m_reason->setObjectName(u"cashReason"_s);
    m_reason->setPlaceholderText(tr("Why, e.g. change from the bank"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Direction:"), m_direction);
    form->addRow(tr("&Amount:"), m_amount);
    form->addRow(tr("&Reason:"), m_reason);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *postButton = buttons->addButton(tr("&Record"), QDialogButtonBox::AcceptRole);
    postButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(postButton, &QPushButton::clicked, this, &CashMovementDialog::post);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_amount->setFocus();
}

QString CashMovementDialog::message() const
{
    return m_message->text();
}

QCoro::Task<> CashMovementDialog::post()
{
    if (m_busy)
        co_return;
    const std::optional<Money> amount = Money::parse(m_amount->text().trimmed(), m_currency);
    if (!amount || amount->minorUnits() <= 0) {
        m_message->showError(tr("Type the amount above zero, e.g. 50.00."));
        co_return;
    }
    const QString reason = m_reason->text().trimmed();
    if (reason.isEmpty()) {
        m_message->showError(tr("Say why the cash is moved."));
        co_return;
    }
    const bool in = m_direction->currentData().toBool();
    QPointer<CashMovementDialog> guard(this);
    m_busy = true;
    const QFuture<Status> pending = m_services.shifts->moveCash(m_session, m_shiftId, in, *amount, reason);
    const Status moved = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    if (!moved) {
        m_message->showError(moved.error().message);
        co_return;
    }
    emit this->moved(in ? tr("%1 put into the drawer: %2").arg(amount->toString(), reason)
                        : tr("%1 taken out of the drawer: %2").arg(amount->toString(), reason));
    accept();
}

} // namespace sk
