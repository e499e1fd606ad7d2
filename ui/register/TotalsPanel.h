#pragma once

#include "sales/SalesTypes.h"

#include <QWidget>

class QLabel;

namespace sk {

// The cart's totals in type a customer can read across the counter:
// subtotal, discount, tax, the TOTAL in a big font, paid and due.
class TotalsPanel : public QWidget {
    Q_OBJECT

public:
    explicit TotalsPanel(QWidget *parent = nullptr);

    void setCart(const Cart &cart, const QString &currency);
    QString totalText() const;
    QString dueText() const;

private:
    QLabel *addRow(const QString &title, const QString &objectName, qreal scale);

    QLabel *m_subtotal;
    QLabel *m_discount;
    QLabel *m_tax;
    QLabel *m_total;
    QLabel *m_paid;
    QLabel *m_due;
    QLabel *m_items;
};

} // namespace sk
