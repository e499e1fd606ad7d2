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
    std::optional<Session> approver;
    if (!remove && m_approval->isFilled()) {
        const QFuture<Result<Session>> pendingApprover = m_approval->approve(*m_services.auth);
        const Result<Session> signedIn = co_await pendingApprover;
        if (!guard)
            co_return;
        if (!signedIn) {
            m_busy = false;
            m_message->showError(signedIn.error().message);
            co_return;
        }
        approver = signedIn.value();
    }
    const QFuture<Result<Cart>> pending =
        m_services.carts->overridePrice(m_session, m_cartId, m_lineId, price, reason, approver);
    const Result<Cart> cart = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    if (!cart) {
        m_message->showError(cart.error().message);
        if (cart.error().code == ErrorCode::PermissionDenied && !m_approval->isVisible())
            m_approval->ask();
        co_return;
    }
    emit cartChanged(cart.value());
    accept();
}

} // namespace sk
