#include "reports/ReportTableModel.h"

#include <QFont>

namespace sk {

void ReportTableModel::setTable(const ReportTable &table)
{
    beginResetModel();
    m_table = table;
    endResetModel();
}

int ReportTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_table.rows.size()) + (m_table.totals.isEmpty() ? 0 : 1);
}

int ReportTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_table.headers.size());
}

QVariant ReportTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const QStringList &cells = isTotalsRow(index.row()) ? m_table.totals : m_table.rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return cells.value(index.column());
    case Qt::TextAlignmentRole:
        return m_table.rightAligned.value(index.column())
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (isTotalsRow(index.row())) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole)
        return m_table.headers.value(section);
    if (role == Qt::TextAlignmentRole)
        return m_table.rightAligned.value(section) ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    return {};
}

} // namespace sk
