#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "orders/OrderStatus.h"

#include <QCoro/QCoroTask>
#include <QTimer>
#include <QWidget>
#include <memory>

class QAction;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;

namespace sk {

class InlineMessage;
class OrderDetailPanel;
class OrderDetails;
class OrderFilterBar;
class OrderSearch;
class OrderTableModel;

// Every order of both channels, newest first (OrderTableModel: pages of
// 200 rows as the table scrolls), filtered by status, channel, days,
// customer, vendor, clerk and amount, searched by order number or
// customer. Enter (or a double-click) shows the order in the detail panel
// beside the table; its buttons move the order on through the status
// machine, ship, cancel or refund lines. A multi-row selection changes
// status in bulk (OrderService::changeStatuses). Vendors see only orders
// holding their products, and only their own lines. Orders placed, moved on
// or given back elsewhere show up within a second (the change feed), the
// selection and scroll position kept.
class OrdersPage : public QWidget {
    Q_OBJECT

public:
    OrdersPage(const Services &services, const Session &session, QWidget *parent = nullptr);
    ~OrdersPage() override;

    OrderTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *searchBox() const { return m_search; }
    OrderFilterBar *filterBar() const { return m_filters; }
    OrderDetailPanel *detailPanel() const { return m_detail; }
    QPushButton *bulkButton() const { return m_bulkButton; }
    QString countText() const;
    QString feedback() const;
    bool mayManage() const { return m_mayManage; }
    QList<qint64> selectedOrderIds() const;

    // Starts loading now instead of when first shown.
    void start();
    bool hasLoaded() const { return m_loaded; }
    // One customer's orders (from the Customers page).
    void showCustomer(qint64 customerId, const QString &name);

public slots:
    void focusSearch();
    // Shows the current row's order in the detail panel and moves there.
    void openCurrent();
    void changeSelectedStatuses();
    void reload();

signals:
    void loaded();
    // The detail panel shows a freshly loaded order (tests, screenshots).
    void detailShown(qint64 orderId);
    // A status change, shipment, cancellation or refund has finished.
    void actionFinished(const QString &summary);

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QCoro::Task<> loadSetup();
    QCoro::Task<> loadDetail(qint64 orderId);
    QCoro::Task<> changeStatus(OrderStatus to);
    QCoro::Task<> ship(QString carrier, QString tracking, QString note);
    QCoro::Task<> cancel(QString reason);
    QCoro::Task<> bulkChange(QList<qint64> orderIds, OrderStatus to, QString note);
    void askShip();
    void askCancel();
    void askRefund();
    void applyQuery();
    void updateCount();
    void updateActions();
    void showCurrentSoon();
    void finishAction(const QString &summary, bool failed);
    void announceWhenLoaded();
    void followChanges();
    void detailRowRefreshed();

    Services m_services;
    Session m_session;
    bool m_mayManage;
    bool m_seesEveryone;
    std::shared_ptr<OrderSearch> m_searchService;
    std::shared_ptr<OrderDetails> m_details;
    OrderTableModel *m_model;
    QLineEdit *m_search;
    QLabel *m_count;
    OrderFilterBar *m_filters;
    QPushButton *m_bulkButton;
    QPushButton *m_reloadButton;
    InlineMessage *m_feedback;
    QSplitter *m_splitter;
    QTableView *m_view;
    OrderDetailPanel *m_detail;
    QAction *m_searchAction;
    QTimer m_queryDelay;
    QTimer m_detailDelay;
    QTimer m_changeDelay;
    quint64 m_detailGeneration = 0;
    qint64 m_reselectId = 0;
    bool m_busy = false;
    bool m_started = false;
    bool m_loaded = false;
    // Changes arrived while the page was hidden: read again when shown.
    bool m_stale = false;
    // The detail's order as its row read before a refresh, to see whether it moved on.
    QString m_detailRowBefore;
};

} // namespace sk
