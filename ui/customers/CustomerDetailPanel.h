#pragma once

#include "customers/CustomerTypes.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace sk {

// One customer at a glance: name and contact, lifetime value, addresses and
// the order history, newest first, a page at a time ("More orders").
class CustomerDetailPanel : public QWidget {
    Q_OBJECT

public:
    explicit CustomerDetailPanel(QWidget *parent = nullptr);

    void showProfile(const CustomerProfile &profile);
    void appendOrders(const QList<OrderHistoryEntry> &orders, bool more);
    void showNothing(const QString &why);

    qint64 customerId() const { return m_customerId; }
    QTableWidget *orderTable() const { return m_orders; }
    QString lifetimeText() const;
    QString addressesText() const;

signals:
    void moreOrdersWanted();

private:
    qint64 m_customerId = 0;
    QLabel *m_name;
    QLabel *m_contact;
    QLabel *m_lifetime;
    QLabel *m_addresses;
    QTableWidget *m_orders;
    QPushButton *m_moreOrders;
};

} // namespace sk
