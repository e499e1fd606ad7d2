#include "register/PriceOverrideDialog.h"

#include "auth/AuthService.h"
#include "common/InlineMessage.h"
#include "register/ApprovalBox.h"
#include "sales/CartService.h"

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

PriceOverrideDialog::PriceOverrideDialog(const Services &services, const Session &session, qint64 cartId,
                                         const CartLine &line, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_cartId(cartId),
      m_lineId(line.id),
      m_currency(line.unitPrice.currency()),
      m_price(new QLineEdit(this)),
      m_reason(new QLineEdit(this)),
      m_approval(new ApprovalBox(this)),
      m_message(new InlineMessage(this))
{
    setObjectName(u"priceOverrideDialog"_s);
    setWindowTitle(tr("Price of %1").arg(line.name));
    m_price->setObjectName(u"overridePrice"_s);
    m_reason->setObjectName(u"overrideReason"_s);
    m_reason->setPlaceholderText(tr("Why, e.g. price match"));
    if (line.overridePrice) {
        m_price->setText(line.overridePrice->toString());
        m_reason->setText(line.overrideReason);
    }
    auto *form = new QFormLayout;
    form->addRow(tr("Catalog price:"), new QLabel(line.unitPrice.toString(), this));
    form->addRow(tr("&New price:"), m_price);
    form->addRow(tr("&Reason:"), m_reason);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *applyButton = buttons->addButton(tr("Apply"), QDialogButtonBox::AcceptRole);
    QPushButton *removeButton = buttons->addButton(tr("Back to the catalog price"), QDialogButtonBox::ResetRole);
    removeButton->setEnabled(line.overridePrice.has_value());
    buttons->addButton(QDialogButtonBox::Cancel);
    applyButton->setDefault(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_approval);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(applyButton, &QPushButton::clicked, this, [this] { apply(false); });
    connect(removeButton, &QPushButton::clicked, this, [this] { apply(true); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_price->setFocus();
}

QString PriceOverrideDialog::message() const
{
    return m_message->text();
}

QCoro::Task<> PriceOverrideDialog::apply(bool remove)
{
    if (m_busy)
        co_return;
    std::optional<Money> price;
    const QString reason = m_reason->text().trimmed();
    if (!remove) {
        price = Money::parse(m_price->text().trimmed(), m_currency);
        if (!price || price->isNegative()) {
            m_message->showError(tr("Type the new price as an amount, e.g. 4.99."));
            co_return;
        }
        if (reason.isEmpty()) {
            m_message->showError(tr("Say why the price is changed."));
            co_return;
        }
    }
    QPointer<PriceOverrideDialog> guard(this);
    m_busy = true;
    QCoro::Task<std::optional<Cart>> changing = m_approval->runCartChange(
        m_message, *m_services.auth, !remove, [this, price, reason](const std::optional<Session> &approver) {
            return m_services.carts->overridePrice(m_session, m_cartId, m_lineId, price, reason, approver);
        });
    const std::optional<Cart> cart = co_await std::move(changing);
    if (!guard)
        co_return;
    m_busy = false;
    if (!cart)
        co_return;
    emit cartChanged(*cart);
    accept();
}

} // namespace sk
