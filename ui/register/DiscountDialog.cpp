#include "register/DiscountDialog.h"

#include "auth/AuthService.h"
#include "common/InlineMessage.h"
#include "register/ApprovalBox.h"
#include "sales/CartService.h"
#include "shop/TaxRateText.h"

#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

DiscountDialog::DiscountDialog(const Services &services, const Session &session, const Cart &cart,
                               std::optional<qint64> lineId, const QString &currency, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_cartId(cart.id),
      m_lineId(lineId),
      m_currency(currency),
      m_kind(new QComboBox(this)),
      m_value(new QLineEdit(this)),
      m_reason(new QLineEdit(this)),
      m_approval(new ApprovalBox(this)),
      m_message(new InlineMessage(this)),
      m_applyButton(new QPushButton(tr("Apply"), this)),
      m_removeButton(new QPushButton(tr("Remove discount"), this))
{
    setObjectName(u"discountDialog"_s);
    std::optional<Discount> current = cart.discount;
    QString what = tr("the whole sale");
    for (const CartLine &line : cart.lines) {
        if (lineId && line.id == *lineId) {
            current = line.discount;
            what = line.name;
        }
    }
    setWindowTitle(lineId ? tr("Discount on %1").arg(what) : tr("Discount on the sale"));
    m_kind->setObjectName(u"discountKind"_s);
    m_kind->addItem(tr("Percent"), int(DiscountKind::Percent));
    m_kind->addItem(tr("Amount"), int(DiscountKind::Amount));
    m_value->setObjectName(u"discountValue"_s);
    m_reason->setObjectName(u"discountReason"_s);
    m_reason->setPlaceholderText(tr("Why, e.g. damaged packaging"));
    if (current) {
        m_kind->setCurrentIndex(current->kind == DiscountKind::Percent ? 0 : 1);
        m_value->setText(current->kind == DiscountKind::Percent
                             ? formatTaxRate(int(current->value))
                             : Money(current->value, m_currency).toString());
        m_reason->setText(current->reason);
    }
    m_removeButton->setEnabled(current.has_value());

    auto *form = new QFormLayout;
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&Value:"), m_value);
    form->addRow(tr("&Reason:"), m_reason);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_applyButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_removeButton, QDialogButtonBox::ResetRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    m_applyButton->setDefault(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_approval);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(m_applyButton, &QPushButton::clicked, this, [this] { apply(false); });
    connect(m_removeButton, &QPushButton::clicked, this, [this] { apply(true); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_value->setFocus();
}

QString DiscountDialog::message() const
{
    return m_message->text();
}

std::optional<Discount> DiscountDialog::readDiscount()
{
    Discount discount;
    discount.kind = DiscountKind(m_kind->currentData().toInt());
    discount.reason = m_reason->text().trimmed();
    if (discount.kind == DiscountKind::Percent) {
        const std::optional<int> rate = parseTaxRate(m_value->text());
        if (!rate || *rate <= 0) {
            m_message->showError(tr("Type the discount as a percentage above 0 and up to 100, e.g. 10 or 12.5."));
            return std::nullopt;
        }
        discount.value = *rate;
    } else {
        const std::optional<Money> amount = Money::parse(m_value->text().trimmed(), m_currency);
        if (!amount || amount->minorUnits() <= 0) {
            m_message->showError(tr("Type the discount as an amount above zero, e.g. 2.50."));
            return std::nullopt;
        }
        discount.value = amount->minorUnits();
    }
    if (discount.reason.isEmpty()) {
        m_message->showError(tr("Say why this discount is given."));
        m_reason->setFocus();
        return std::nullopt;
    }
    return discount;
}

QCoro::Task<> DiscountDialog::apply(bool remove)
{
    if (m_busy)
        co_return;
    std::optional<Discount> discount;
    if (!remove) {
        discount = readDiscount();
        if (!discount)
            co_return;
    }
    QPointer<DiscountDialog> guard(this);
    m_busy = true;
    QCoro::Task<std::optional<Cart>> changing = m_approval->runCartChange(
        m_message, *m_services.auth, !remove, [this, discount](const std::optional<Session> &approver) {
            return m_lineId ? m_services.carts->setLineDiscount(m_session, m_cartId, *m_lineId, discount, approver)
                            : m_services.carts->setCartDiscount(m_session, m_cartId, discount, approver);
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
