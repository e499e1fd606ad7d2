#pragma once

#include "reports/ReportTable.h"

#include <QAbstractTableModel>

namespace sk {

// The rows of a ReportTable and its totals row (in bold) as the Reports
// page's table.
class ReportTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    void setTable(const ReportTable &table);
    const ReportTable &table() const { return m_table; }
    bool isTotalsRow(int row) const { return !m_table.totals.isEmpty() && row == m_table.rows.size(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ReportTable m_table;
};

} // namespace sk
