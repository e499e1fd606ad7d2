#include "inventory/ValuationBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace sk {

ValuationBar::ValuationBar(QWidget *parent)
    : QWidget(parent), m_units(new QLabel(this)), m_value(new QLabel(this)), m_low(new QLabel(this)),
      m_out(new QLabel(this))
{
    setObjectName(u"valuationBar"_s);
    m_units->setObjectName(u"valuationUnits"_s);
    m_value->setObjectName(u"valuationValue"_s);
    m_low->setObjectName(u"valuationLow"_s);
    m_out->setObjectName(u"valuationOut"_s);
    m_value->setToolTip(tr("On hand times the moving average cost, for the lines shown."));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->setSpacing(24);
    for (QLabel *label : {m_units, m_value, m_low, m_out}) {
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(label);
    }
    layout->addStretch(1);
}

void ValuationBar::setValuation(const StockValuation &valuation)
{
    const QLocale locale;
    m_units->setText(tr("%1 units on hand").arg(locale.toString(valuation.units)));
    m_value->setText(valuation.value.isValid() ? tr("Value at cost: %1").arg(valuation.value.toString(locale))
                                               : QString());
    m_low->setText(tr("%1 low").arg(locale.toString(valuation.lowCount)));
    m_out->setText(tr("%1 out of stock").arg(locale.toString(valuation.outOfStockCount)));
}

void ValuationBar::setLoading()
{
    m_units->setText(tr("Adding up…"));
    for (QLabel *label : {m_value, m_low, m_out})
        label->clear();
}

void ValuationBar::clear()
{
    for (QLabel *label : {m_units, m_value, m_low, m_out})
        label->clear();
}

QString ValuationBar::text() const
{
    QStringList parts;
    for (const QLabel *label : {m_units, m_value, m_low, m_out})
        if (!label->text().isEmpty())
            parts.append(label->text());
    return parts.join(u" · "_s);
}

} // namespace sk
