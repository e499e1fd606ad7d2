#pragma once

#include "catalog/Product.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace sk {

// The product editor's variants grid: SKU, barcode, one column per option
// (size, colour …), price, compare-at price, cost, weight and active. The
// editor owns the undo stack, so an edit in the grid does not change the
// model: setData() announces it with editRequested(), and the editor's undo
// command applies it with setCell() (and takes it back the same way).
class VariantTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum class Field { Sku, Barcode, Option, Price, CompareAt, Cost, Weight, Active };

    // What the grid shows: the variants and the order of their option columns.
    struct State {
        QList<VariantDraft> variants;
        QStringList optionNames;
    };

    explicit VariantTableModel(QObject *parent = nullptr);

    // optionNames may be empty: then the options' names in order of appearance.
    void setState(const State &state);
    const State &state() const { return m_state; }
    const QList<VariantDraft> &variants() const { return m_state.variants; }
    const QStringList &optionNames() const { return m_state.optionNames; }

    Field fieldOf(int column) const;
    int columnOf(Field field) const;
    // The value the grid shows for editing (text, or a Qt::CheckState).
    QVariant cellValue(int row, int column) const;
    // Applies a value as the undo commands do; false when it is no value
    // for that cell (a weight that is not a whole number of grams).
    bool setCell(int row, int column, const QVariant &value);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

signals:
    void editRequested(int row, int column, const QVariant &value);
    // A typed value the cell cannot take; the sentence says what to type.
    void editRefused(const QString &message);

private:
    State m_state;
};

} // namespace sk
