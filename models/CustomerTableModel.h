#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "customers/CustomerTypes.h"

#include <QAbstractTableModel>
#include <QList>
#include <memory>

namespace sk {

class CustomerService;

// The shop's customers by name, loaded a page at a time as the view
// scrolls (CustomerService::search, keyset paging on a reader thread), each
// row with its orders, lifetime value and last order. A new search bumps a
// generation counter; pages of an older search are dropped when they land.
class CustomerTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, EmailColumn, PhoneColumn, OrdersColumn, ValueColumn, LastOrderColumn, ColumnCount };
    enum ItemRole { CustomerIdRole = Qt::UserRole + 1 };

    static constexpr int DefaultPageSize = 100;

    explicit CustomerTableModel(std::shared_ptr<CustomerService> customers, QObject *parent = nullptr);

    // Who is asking; setting it starts loading.
    void setSession(const Session &session);
    void setPageSize(int rows);
    void setSearch(const QString &text);
    QString search() const { return m_query.search; }
    // From the first row again, as many rows as are loaded now.
    void reload();

    bool isLoading() const { return m_pageInFlight; }
    bool isAtEnd() const { return m_atEnd; }
    bool hasLoadedFirstPage() const { return m_firstPageLoaded; }
    int droppedStaleResults() const { return m_droppedStaleResults; }
    const CustomerSummary &customerAt(int row) const { return m_rows.at(row); }
    int rowOfCustomer(qint64 customerId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    // After each page of the current search has been appended (also when empty).
    void pageLoaded(int rowsAdded);
    void loadFailed(const QString &message, const QString &details);

private:
    void restart(int firstPageRows);
    void requestPage(int rows);
    void acceptPage(quint64 generation, const Result<QList<CustomerSummary>> &result, int requestedRows);

    std::shared_ptr<CustomerService> m_customers;
    Session m_session;
    CustomerQuery m_query;
    int m_pageSize = DefaultPageSize;
    QList<CustomerSummary> m_rows;
    quint64 m_generation = 0;
    bool m_pageInFlight = false;
    bool m_atEnd = false;
    bool m_firstPageLoaded = false;
    int m_droppedStaleResults = 0;
};

} // namespace sk
