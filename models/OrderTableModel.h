#pragma once

#include "auth/Session.h"
#include "orders/OrderSearch.h"

#include <QAbstractTableModel>
#include <QFuture>
#include <QList>
#include <functional>
#include <memory>

namespace sk {

// Every order of both channels, newest first, loaded lazily: the first page
// when the query changes, then the next page of DefaultPageSize rows each
// time the view scrolls near the end (canFetchMore/fetchMore), each page
// asked from OrderSearch on a database reader and continuing after the last
// row loaded (keyset, never OFFSET). The count arrives on its own.
//
// Every query change bumps a generation counter; pages and counts that
// arrive for an older generation are dropped, so a slow answer to an old
// filter never lands in a newer table.
class OrderTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        NumberColumn,
        CreatedColumn,
        ChannelColumn,
        StatusColumn,
        CustomerColumn,
        ClerkColumn,
        UnitsColumn,
        TotalColumn,
        RefundedColumn,
        ColumnCount
    };
    enum ItemRole { OrderIdRole = Qt::UserRole + 1, StatusNameRole, OrderNumberRole };

    static constexpr int DefaultPageSize = 200;

    // Where pages and counts come from: OrderSearch in the application,
    // answers held back by hand in the tests.
    struct Source {
        std::function<QFuture<Result<QList<OrderRow>>>(const Session &, const OrderQuery &)> page;
        std::function<QFuture<Result<qint64>>(const Session &, const OrderQuery &)> count;
        static Source fromSearch(std::shared_ptr<OrderSearch> search);
    };

    explicit OrderTableModel(Source source, QObject *parent = nullptr);
    ~OrderTableModel() override;

    // Setting the session starts loading.
    void setSession(const Session &session);
    const Session &session() const { return m_session; }
    void setQuery(const OrderQuery &query);
    const OrderQuery &query() const { return m_query; }
    void setPageSize(int rows);
    // From the first row again, with as many rows as are loaded now, so a
    // view keeps its place after a status change.
    void reload();

    qint64 totalCount() const { return m_totalCount; }
    bool isLoading() const { return m_pageInFlight; }
    bool hasLoadedFirstPage() const { return m_firstPageLoaded; }
    bool isAtEnd() const { return m_atEnd; }
    int droppedStaleResults() const { return m_droppedStaleResults; }

    const OrderRow &orderAt(int row) const { return m_rows.at(row); }
    // -1 when that order is not among the loaded rows.
    int rowOfOrder(qint64 orderId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void totalCountChanged(qint64 count);
    void loadingChanged(bool loading);
    // After each page of the current query has been appended (also when empty).
    void pageLoaded(int rowsAdded);
    void loadFailed(const QString &message, const QString &details);

private:
    void restart(int firstPageRows);
    void requestPage(int rows);
    void requestCount();
    void acceptPage(quint64 generation, const Result<QList<OrderRow>> &result, int requestedRows);
    void acceptCount(quint64 generation, const Result<qint64> &result);
    void setPageInFlight(bool inFlight);

    Source m_source;
    Session m_session;
    OrderQuery m_query;
    int m_pageSize = DefaultPageSize;
    QList<OrderRow> m_rows;
    qint64 m_totalCount = -1;
    quint64 m_generation = 0;
    bool m_pageInFlight = false;
    bool m_atEnd = false;
    bool m_firstPageLoaded = false;
    int m_droppedStaleResults = 0;
};

} // namespace sk
