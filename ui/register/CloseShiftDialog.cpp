#include "register/CloseShiftDialog.h"

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

CloseShiftDialog::CloseShiftDialog(const Services &services, const Session &session, const ShiftReport &current,
                                   const QString &currency, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_current(current),
      m_currency(currency),
      m_expected(new QLabel(this)),
      m_counted(new QLineEdit(this)),
      m_difference(new QLabel(this)),
      m_note(new QLineEdit(this)),
      m_message(new InlineMessage(this))
{
    setObjectName(u"closeShiftDialog"_s);
    setWindowTitle(tr("Close shift"));
    m_expected->setObjectName(u"expectedCash"_s);
    m_counted->setObjectName(u"countedCash"_s);
    m_difference->setObjectName(u"cashDifference"_s);
    m_note->setObjectName(u"closeNote"_s);
    m_note->setPlaceholderText(tr("Optional, e.g. why the drawer is short"));
    QFont big = m_expected->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_expected->setFont(big);
    m_difference->setFont(big);
    m_expected->setText(m_current.expectedCash.toString());
    auto *form = new QFormLayout;
    form->addRow(tr("Sales this shift:"), new QLabel(m_current.sales.toString(), this));
    form->addRow(tr("Cash expected:"), m_expected);
    form->addRow(tr("Cash &counted:"), m_counted);
    form->addRow(tr("Difference:"), m_difference);
    form->addRow(tr("&Note:"), m_note);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *closeButton = buttons->addButton(tr("&Close shift"), QDialogButtonBox::AcceptRole);
    closeButton->setObjectName(u"closeShiftButton"_s);
    closeButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(m_counted, &QLineEdit::textChanged, this, &CloseShiftDialog::showDifference);
    connect(closeButton, &QPushButton::clicked, this, &CloseShiftDialog::closeShift);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    showDifference();
    m_counted->setFocus();
}

QString CloseShiftDialog::expectedText() const
{
    return m_expected->text();
}

QString CloseShiftDialog::differenceText() const
{
    return m_difference->text();
}

QString CloseShiftDialog::message() const
{
    return m_message->text();
}

void CloseShiftDialog::showDifference()
{
    const std::optional<Money> counted = Money::parse(m_counted->text().trimmed(), m_currency);
    if (!counted || !m_current.expectedCash.isValid()) {
        m_difference->setText(QString());
        return;
    }
    const Money difference = *counted - m_current.expectedCash;
    m_difference->setText(difference.isZero() ? tr("none") : difference.toString());
}

QCoro::Task<> CloseShiftDialog::closeShift()
{
    if (m_busy)
        co_return;
    const std::optional<Money> counted = Money::parse(m_counted->text().trimmed(), m_currency);
    if (!counted || counted->isNegative()) {
        m_message->showError(tr("Count the cash in the drawer and type the amount, e.g. 412.50."));
        m_counted->setFocus();
        co_return;
    }
    QPointer<CloseShiftDialog> guard(this);
    m_busy = true;
    const QFuture<Result<ShiftReport>> pending =
        m_services.shifts->close(m_session, m_current.shiftId, *counted, m_note->text().trimmed());
    const Result<ShiftReport> z = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    if (!z) {
        m_message->showError(z.error().message);
        co_return;
    }
    emit closed(z.value());
    accept();
}

} // namespace sk
