#pragma once

#include "sales/SalesTypes.h"

#include <QAbstractTableModel>

namespace sk {

// The register's cart as a table: one row per line with its price as
// Pricing computed it (Cart::priced); the screen computes no money itself.
// The line scanned last is highlighted.
class CartTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, SkuColumn, QuantityColumn, UnitPriceColumn, DiscountColumn, TotalColumn, ColumnCount };
    enum Role { LineIdRole = Qt::UserRole + 1 };

    explicit CartTableModel(QObject *parent = nullptr);

    void setCart(const Cart &cart);
    const Cart &cart() const { return m_cart; }
    void setHighlightedVariant(qint64 variantId);
    qint64 highlightedVariant() const { return m_highlightedVariant; }
    // -1 when the variant is not in the cart.
    int rowOfVariant(qint64 variantId) const;
    int rowOfLine(qint64 lineId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const PricedLine *pricedLine(qint64 lineId) const;

    Cart m_cart;
    qint64 m_highlightedVariant = 0;
};

} // namespace sk
