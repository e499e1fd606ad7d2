#pragma once

#include "KeysetRowModel.h"
#include "customers/CustomerTypes.h"

#include <memory>

namespace sk {

class CustomerService;

// The shop's customers by name, loaded a page at a time as the view
// scrolls (CustomerService::search, KeysetTableModel), each row with its
// orders, lifetime value and last order. Not counted.
class CustomerTableModel : public KeysetRowModel<CustomerSummary, CustomerQuery> {
    Q_OBJECT

public:
    enum Column { NameColumn, EmailColumn, PhoneColumn, OrdersColumn, ValueColumn, LastOrderColumn, ColumnCount };
    enum ItemRole { CustomerIdRole = Qt::UserRole + 1 };

    static constexpr int DefaultPageSize = 100;

    explicit CustomerTableModel(std::shared_ptr<CustomerService> customers, QObject *parent = nullptr);

    void setSearch(const QString &text);
    QString search() const { return m_query.search; }

    const CustomerSummary &customerAt(int row) const { return rowAt(row); }
    int rowOfCustomer(qint64 customerId) const { return rowWithId(customerId); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PageFuture fetchPage(const CustomerQuery &query) override;
    void rewind(CustomerQuery &query) const override;
    qint64 rowId(const CustomerSummary &row) const override;

    std::shared_ptr<CustomerService> m_customers;
};

} // namespace sk
