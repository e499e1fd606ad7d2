#include "register/TotalsPanel.h"

#include <QFontMetrics>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace sk {

TotalsPanel::TotalsPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"totalsPanel"_s);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setColumnStretch(1, 1);
    m_items = addRow(tr("Items"), u"itemsValue"_s, 1.2);
    m_subtotal = addRow(tr("Subtotal"), u"subtotalValue"_s, 1.2);
    m_discount = addRow(tr("Discount"), u"discountValue"_s, 1.2);
    m_tax = addRow(tr("Tax"), u"taxValue"_s, 1.2);
    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    layout->addWidget(line, layout->rowCount(), 0, 1, 2);
    m_total = addRow(tr("TOTAL"), u"totalValue"_s, 2.6);
    m_paid = addRow(tr("Paid"), u"paidValue"_s, 1.2);
    m_due = addRow(tr("Due"), u"dueValue"_s, 1.8);
    layout->setRowStretch(layout->rowCount(), 1);
}

QLabel *TotalsPanel::addRow(const QString &title, const QString &objectName, qreal scale)
{
    auto *layout = static_cast<QGridLayout *>(this->layout());
    const int row = layout->rowCount();
    auto *titleLabel = new QLabel(title, this);
    auto *value = new QLabel(this);
    value->setObjectName(objectName);
    value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = value->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    font.setBold(scale > 1.5);
    value->setFont(font);
    titleLabel->setFont(font);
    // Wide enough for a large sale in the ISO form ("EUR 12,345.67") at its own size.
    value->setMinimumWidth(QFontMetrics(font).horizontalAdvance(u"EUR 99,999.99"_s));
    layout->addWidget(titleLabel, row, 0);
    layout->addWidget(value, row, 1);
    return value;
}

void TotalsPanel::setCart(const Cart &cart, const QString &currency)
{
    const QLocale locale;
    const auto show = [&locale, &currency](const Money &money) {
        return (money.isValid() ? money : Money::zero(currency)).toString(locale);
    };
    m_items->setText(locale.toString(cart.priced.itemCount));
    m_subtotal->setText(show(cart.priced.subtotal));
    m_discount->setText(cart.priced.discount.isValid() && !cart.priced.discount.isZero()
                            ? (-cart.priced.discount).toString(locale)
                            : show(Money::zero(currency)));
    m_tax->setText(show(cart.priced.tax));
    m_total->setText(show(cart.priced.total));
    m_paid->setText(show(cart.paid));
    m_due->setText(show(cart.due.isValid() ? cart.due : cart.priced.total));
}

QString TotalsPanel::totalText() const
{
    return m_total->text();
}

QString TotalsPanel::dueText() const
{
    return m_due->text();
}

} // namespace sk
