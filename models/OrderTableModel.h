#pragma once

#include "KeysetRowModel.h"
#include "orders/OrderSearch.h"

#include <functional>
#include <memory>

namespace sk {

// Every order of both channels, newest first, loaded lazily from OrderSearch
// (KeysetTableModel); the count arrives on its own.
class OrderTableModel : public KeysetRowModel<OrderRow, OrderQuery> {
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

    void setQuery(const OrderQuery &query);

    const OrderRow &orderAt(int row) const { return rowAt(row); }
    // -1 when that order is not among the loaded rows.
    int rowOfOrder(qint64 orderId) const { return rowWithId(orderId); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PageFuture fetchPage(const OrderQuery &query) override;
    QFuture<Result<qint64>> fetchCount(const OrderQuery &query) override;
    bool countsRows() const override { return bool(m_source.count); }
    void rewind(OrderQuery &query) const override { query = query.fromStart(); }
    qint64 rowId(const OrderRow &row) const override;

    Source m_source;
};

} // namespace sk
