#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "customers/CustomerTypes.h"

#include <QCoro/QCoroTask>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <optional>

class QLineEdit;
class QPushButton;
class QTableView;

namespace sk {

class CustomerDetailPanel;
class CustomerTableModel;
class InlineMessage;

// The shop's customers (docs/customers.md): a search box (Ctrl+F), the
// table loading page by page as it scrolls, and below it the chosen
// customer's lifetime value, addresses and orders. Edit…, Merge into… and
// Export data… work on the chosen customer.
class CustomersPage : public QWidget {
    Q_OBJECT

public:
    // Asks where to save an export; an empty answer cancels. The default is
    // a file dialog; tests answer themselves.
    using SaveFileChooser = std::function<QString(QWidget *parent, const QString &suggestedName)>;

    CustomersPage(const Services &services, const Session &session, QWidget *parent = nullptr);

    CustomerTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *searchBox() const { return m_search; }
    CustomerDetailPanel *detail() const { return m_detail; }
    std::optional<CustomerSummary> selectedCustomer() const;
    bool selectCustomer(qint64 customerId);
    QString feedback() const;
    bool hasLoaded() const { return m_loaded; }
    void setSaveFileChooser(SaveFileChooser chooser) { m_chooseSaveFile = std::move(chooser); }

    // Starts loading now instead of when first shown.
    void start();

public slots:
    void editSelected();
    void mergeSelected();
    void exportSelected();

signals:
    // The first page of customers is shown.
    void loaded();
    // The chosen customer's profile and first orders are shown.
    void detailShown(qint64 customerId);
    // An export finished (ok) or failed; the message line says which.
    void exportFinished(bool ok);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QCoro::Task<> showCustomer(qint64 customerId);
    QCoro::Task<> loadMoreOrders();
    QCoro::Task<> runExport(CustomerSummary customer, QString path);
    void reloadAndSelect(qint64 customerId);
    void updateActions();
    void fitFigureColumns();

    Services m_services;
    Session m_session;
    CustomerTableModel *m_model;
    QLineEdit *m_search;
    QTableView *m_view;
    CustomerDetailPanel *m_detail;
    InlineMessage *m_feedback;
    QPushButton *m_editButton;
    QPushButton *m_mergeButton;
    QPushButton *m_exportButton;
    QTimer m_searchDelay;
    SaveFileChooser m_chooseSaveFile;
    OrderHistoryPage m_orderPage;
    quint64 m_detailGeneration = 0;
    std::optional<CustomerProfile> m_profile;
    qint64 m_selectAfterLoad = 0;
    bool m_started = false;
    bool m_loaded = false;
};

} // namespace sk
