#pragma once

#include "inventory/StockLevelSearch.h"

#include <QWidget>

class QLabel;

namespace sk {

// The totals under the stock table for the current filters: units on hand,
// their value at cost, and how many lines are low or out of stock.
class ValuationBar : public QWidget {
    Q_OBJECT

public:
    explicit ValuationBar(QWidget *parent = nullptr);

    void setValuation(const StockValuation &valuation);
    void setLoading();
    void clear();
    QString text() const;

private:
    QLabel *m_units;
    QLabel *m_value;
    QLabel *m_low;
    QLabel *m_out;
};

} // namespace sk
