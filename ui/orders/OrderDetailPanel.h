#pragma once

#include "orders/OrderDetails.h"

#include <QWidget>
#include <optional>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace sk {

// One order beside the Orders table: number, status and who/where, then
// tabs for its lines, payments, refunds (with the lines each gave back),
// the status timeline and the addresses. Below the heading, a button for
// each status the machine allows next (for those who manage orders): the
// simple ones change at once, Ship asks for carrier and tracking, Cancel
// for a reason; Refund lines… gives goods and money back. The panel only
// shows and asks: the page runs the services.
class OrderDetailPanel : public QWidget {
    Q_OBJECT

public:
    enum Tab { LinesTab, PaymentsTab, RefundsTab, TimelineTab, AddressesTab };

    explicit OrderDetailPanel(bool mayManage, QWidget *parent = nullptr);

    void showLoading(qint64 orderId);
    void showOrder(const OrderDetail &order);
    void showProblem(const QString &message);
    void clear();

    const std::optional<OrderDetail> &order() const { return m_order; }
    qint64 orderId() const { return m_order ? m_order->header.id : m_loadingId; }
    QString headingText() const;
    QTableWidget *linesTable() const { return m_lines; }
    QTableWidget *paymentsTable() const { return m_payments; }
    QTableWidget *refundsTable() const { return m_refunds; }
    QTableWidget *timelineTable() const { return m_timeline; }
    QTabWidget *tabs() const { return m_tabs; }
    // The buttons for the next statuses, in the machine's order.
    QList<QPushButton *> statusButtons() const;
    QPushButton *refundButton() const { return m_refund; }

signals:
    void statusChangeRequested(OrderStatus to);
    void shipRequested();
    void cancelRequested();
    void refundRequested();

private:
    void fillLines(const OrderDetail &order);
    void fillPayments(const OrderDetail &order);
    void fillRefunds(const OrderDetail &order);
    void fillTimeline(const OrderDetail &order);
    void fillAddresses(const OrderDetail &order);
    void fillButtons(const OrderDetail &order);

    bool m_mayManage;
    QLabel *m_heading;
    QLabel *m_meta;
    QLabel *m_totals;
    QWidget *m_buttonRow;
    QPushButton *m_confirm;
    QPushButton *m_process;
    QPushButton *m_ship;
    QPushButton *m_deliver;
    QPushButton *m_cancel;
    QPushButton *m_refund;
    QTabWidget *m_tabs;
    QTableWidget *m_lines;
    QTableWidget *m_payments;
    QTableWidget *m_refunds;
    QTableWidget *m_timeline;
    QLabel *m_addresses;
    std::optional<OrderDetail> m_order;
    qint64 m_loadingId = 0;
};

} // namespace sk
