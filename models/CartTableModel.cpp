#include "CartTableModel.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

namespace sk {

CartTableModel::CartTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void CartTableModel::setCart(const Cart &cart)
{
    beginResetModel();
    m_cart = cart;
    endResetModel();
}

void CartTableModel::setHighlightedVariant(qint64 variantId)
{
    m_highlightedVariant = variantId;
    if (!m_cart.lines.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::BackgroundRole, Qt::FontRole});
}

int CartTableModel::rowOfVariant(qint64 variantId) const
{
    for (int row = 0; row < m_cart.lines.size(); ++row)
        if (m_cart.lines.at(row).variantId == variantId)
            return row;
    return -1;
}

int CartTableModel::rowOfLine(qint64 lineId) const
{
    for (int row = 0; row < m_cart.lines.size(); ++row)
        if (m_cart.lines.at(row).id == lineId)
            return row;
    return -1;
}

int CartTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_cart.lines.size());
}

int CartTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const PricedLine *CartTableModel::pricedLine(qint64 lineId) const
{
    for (const PricedLine &line : m_cart.priced.lines)
        if (line.lineId == lineId)
            return &line;
    return nullptr;
}

QVariant CartTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_cart.lines.size())
        return {};
    const CartLine &line = m_cart.lines.at(index.row());
    const PricedLine *priced = pricedLine(line.id);
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return line.options.isEmpty() ? line.name : tr("%1 (%2)").arg(line.name, line.options);
        case SkuColumn: return line.sku;
        case QuantityColumn: return locale.toString(line.quantity);
        case UnitPriceColumn:
            return line.overridePrice ? tr("%1 (was %2)").arg(line.overridePrice->toString(locale),
                                                               line.unitPrice.toString(locale))
                                      : line.unitPrice.toString(locale);
        case DiscountColumn:
            return priced && !priced->discount.isZero() ? (-priced->discount).toString(locale) : QString();
        case TotalColumn:
            // Before tax, as on the shelf label; tax is in the totals.
            return priced ? (priced->subtotal - priced->discount).toString(locale) : QString();
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == DiscountColumn && line.discount)
            return line.discount->reason;
        if (index.column() == UnitPriceColumn && line.overridePrice)
            return line.overrideReason;
        if (!line.isAvailable)
            return tr("Only %1 available.").arg(locale.toString(line.available));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= QuantityColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        if (line.variantId == m_highlightedVariant)
            return QBrush(QGuiApplication::palette().color(QPalette::Highlight).lighter(170));
        return {};
    case Qt::ForegroundRole:
        if (!line.isAvailable)
            return QBrush(Qt::red);
        return {};
    case Qt::FontRole:
        if (line.variantId == m_highlightedVariant) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case LineIdRole: return line.id;
    }
    return {};
}

QVariant CartTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Item");
    case SkuColumn: return tr("SKU");
    case QuantityColumn: return tr("Qty");
    case UnitPriceColumn: return tr("Unit price");
    case DiscountColumn: return tr("Discount");
    case TotalColumn: return tr("Line total");
    }
    return {};
}

} // namespace sk
