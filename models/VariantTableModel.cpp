#include "VariantTableModel.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kFieldsBeforeOptions = 2; // SKU, barcode
constexpr int kFieldsAfterOptions = 5;  // price, compare-at, cost, weight, active

std::optional<int> gramsFrom(const QString &text, bool *ok)
{
    const QString trimmed = text.trimmed();
    *ok = true;
    if (trimmed.isEmpty())
        return std::nullopt;
    const int grams = trimmed.toInt(ok);
    if (!*ok || grams < 0) {
        *ok = false;
        return std::nullopt;
    }
    return grams;
}

} // namespace

VariantTableModel::VariantTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void VariantTableModel::setState(const State &state)
{
    beginResetModel();
    m_state = state;
    QSet<QString> known(m_state.optionNames.begin(), m_state.optionNames.end());
    for (const VariantDraft &variant : std::as_const(m_state.variants))
        for (auto it = variant.options.begin(); it != variant.options.end(); ++it)
            if (!known.contains(it.key())) {
                known.insert(it.key());
                m_state.optionNames.append(it.key());
            }
    endResetModel();
}

VariantTableModel::Field VariantTableModel::fieldOf(int column) const
{
    if (column == 0)
        return Field::Sku;
    if (column == 1)
        return Field::Barcode;
    const int afterOptions = column - kFieldsBeforeOptions - int(m_state.optionNames.size());
    if (afterOptions < 0)
        return Field::Option;
    static constexpr Field kTail[] = {Field::Price, Field::CompareAt, Field::Cost, Field::Weight, Field::Active};
    return kTail[qBound(0, afterOptions, kFieldsAfterOptions - 1)];
}

int VariantTableModel::columnOf(Field field) const
{
    const int options = int(m_state.optionNames.size());
    switch (field) {
    case Field::Sku: return 0;
    case Field::Barcode: return 1;
    case Field::Option: return options > 0 ? kFieldsBeforeOptions : -1;
    case Field::Price: return kFieldsBeforeOptions + options;
    case Field::CompareAt: return kFieldsBeforeOptions + options + 1;
    case Field::Cost: return kFieldsBeforeOptions + options + 2;
    case Field::Weight: return kFieldsBeforeOptions + options + 3;
    case Field::Active: return kFieldsBeforeOptions + options + 4;
    }
    return -1;
}

int VariantTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_state.variants.size());
}

int VariantTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kFieldsBeforeOptions + int(m_state.optionNames.size()) + kFieldsAfterOptions;
}

QVariant VariantTableModel::cellValue(int row, int column) const
{
    if (row < 0 || row >= m_state.variants.size())
        return {};
    const VariantDraft &variant = m_state.variants[row];
    switch (fieldOf(column)) {
    case Field::Sku: return variant.sku;
    case Field::Barcode: return variant.barcode;
    case Field::Option:
        return variant.options.value(m_state.optionNames.value(column - kFieldsBeforeOptions)).toString();
    case Field::Price: return variant.price;
    case Field::CompareAt: return variant.compareAt;
    case Field::Cost: return variant.cost;
    case Field::Weight: return variant.weightGrams ? QString::number(*variant.weightGrams) : QString();
    case Field::Active: return int(variant.isActive ? Qt::Checked : Qt::Unchecked);
    }
    return {};
}

bool VariantTableModel::setCell(int row, int column, const QVariant &value)
{
    if (row < 0 || row >= m_state.variants.size() || column < 0 || column >= columnCount())
        return false;
    VariantDraft &variant = m_state.variants[row];
    switch (fieldOf(column)) {
    case Field::Sku: variant.sku = value.toString(); break;
    case Field::Barcode: variant.barcode = value.toString(); break;
    case Field::Option: {
        const QString name = m_state.optionNames.value(column - kFieldsBeforeOptions);
        variant.options.insert(name, value.toString());
        break;
    }
    case Field::Price: variant.price = value.toString(); break;
    case Field::CompareAt: variant.compareAt = value.toString(); break;
    case Field::Cost: variant.cost = value.toString(); break;
    case Field::Weight: {
        bool ok = false;
        const std::optional<int> grams = gramsFrom(value.toString(), &ok);
        if (!ok)
            return false;
        variant.weightGrams = grams;
        break;
    }
    case Field::Active: variant.isActive = value.toInt() == Qt::Checked; break;
    }
    const QModelIndex changed = index(row, column);
    emit dataChanged(changed, changed);
    return true;
}

QVariant VariantTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Field field = fieldOf(index.column());
    if (field == Field::Active)
        return role == Qt::CheckStateRole ? cellValue(index.row(), index.column()) : QVariant();
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return cellValue(index.row(), index.column());
    if (role == Qt::TextAlignmentRole && field >= Field::Price)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant VariantTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (fieldOf(section)) {
    case Field::Sku: return tr("SKU");
    case Field::Barcode: return tr("Barcode");
    case Field::Option: return m_state.optionNames.value(section - kFieldsBeforeOptions);
    case Field::Price: return tr("Price");
    case Field::CompareAt: return tr("Compare at");
    case Field::Cost: return tr("Cost");
    case Field::Weight: return tr("Weight (g)");
    case Field::Active: return tr("Active");
    }
    return {};
}

Qt::ItemFlags VariantTableModel::flags(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return Qt::NoItemFlags;
    if (fieldOf(index.column()) == Field::Active)
        return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

bool VariantTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    const bool checkable = fieldOf(index.column()) == Field::Active;
    if ((checkable && role != Qt::CheckStateRole) || (!checkable && role != Qt::EditRole))
        return false;
    const QVariant stored = checkable ? QVariant(value.toInt()) : QVariant(value.toString());
    if (stored == cellValue(index.row(), index.column()))
        return false;
    if (fieldOf(index.column()) == Field::Weight) {
        bool ok = false;
        gramsFrom(stored.toString(), &ok);
        if (!ok) {
            emit editRefused(tr("Enter the weight in whole grams, such as 250, or leave it empty."));
            return false;
        }
    }
    emit editRequested(index.row(), index.column(), stored);
    return true;
}

} // namespace sk
